#include "server/dutch_number.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tkp {
namespace {

using ::testing::HasSubstr;

TEST(ParseDutchCountTest, ReadsThousandsSeparators) {
  EXPECT_EQ(*ParseDutchCount("1.209"), 1209);
  EXPECT_EQ(*ParseDutchCount("11.031"), 11031);
  EXPECT_EQ(*ParseDutchCount("1.000.000"), 1000000);
  EXPECT_EQ(*ParseDutchCount("0"), 0);
  EXPECT_EQ(*ParseDutchCount("2.147.483.647"), kMaxCount);
}

TEST(ParseDutchCountTest, RefusesWhatIsNotACount) {
  EXPECT_THAT(ParseDutchCount("-5").status().message(), HasSubstr("negative"));
  EXPECT_THAT(ParseDutchCount("1,5").status().message(),
              HasSubstr("whole count"));
  EXPECT_THAT(ParseDutchCount("12.34").status().message(),
              HasSubstr("whole count"));
  EXPECT_THAT(ParseDutchCount("1x").status().message(),
              HasSubstr("not a number"));
  EXPECT_THAT(ParseDutchCount("2.147.483.648").status().message(),
              HasSubstr("too large"));
  EXPECT_THAT(ParseDutchCount("99999999999999999999").status().message(),
              HasSubstr("too large"));
  EXPECT_FALSE(ParseDutchCount("").ok());
}

TEST(FormatDutchCountTest, GroupsThousands) {
  EXPECT_EQ(FormatDutchCount(7898), "7.898");
  EXPECT_EQ(FormatDutchCount(999), "999");
  EXPECT_EQ(FormatDutchCount(1234567), "1.234.567");
}

}  // namespace
}  // namespace tkp
