#include "core/dutch_count.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/table_row_shape.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

TEST(ParseDutchCountTest, ReadsThousandsSeparators) {
  EXPECT_EQ(*ParseDutchCount("1.209"), 1209);
  EXPECT_EQ(*ParseDutchCount("11.031"), 11031);
  EXPECT_EQ(*ParseDutchCount("1.000.000"), 1000000);
  EXPECT_EQ(*ParseDutchCount("0"), 0);
  EXPECT_EQ(*ParseDutchCount("11,031"), 11031);
  EXPECT_EQ(*ParseDutchCount("+326"), 326);
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
  for (const char* bad : {"", "1.2.3", "1.2345", "1,5a", ".", "+"}) {
    EXPECT_FALSE(ParseDutchCount(bad).ok()) << bad;
  }
  EXPECT_EQ(ParseDutchCount("2.147.483.648").status().message(),
            "\"2.147.483.648\" is too large (at most 2.147.483.647)");
}

TEST(FormatDutchCountTest, GroupsThousands) {
  EXPECT_EQ(FormatDutchCount(7898), "7.898");
  EXPECT_EQ(FormatDutchCount(999), "999");
  EXPECT_EQ(FormatDutchCount(1234567), "1.234.567");
  EXPECT_EQ(FormatDutchCount(-1209), "-1.209");
}

// What a count looks like: a token that ends a sentence or a clause is
// prose, so a source note ending "... 30 09 2024." is no table row.
TEST(LooksLikeCountTest, ATokenEndingASentenceIsProse) {
  for (const char* count : {"6", "1.209", "11,031", "-3", "+326", "1.2"}) {
    EXPECT_TRUE(LooksLikeCount(count)) << count;
  }
  for (const char* prose :
       {"6.", "2024,", "", "-", "Q3", "12%", "1.2.", ".5"}) {
    EXPECT_FALSE(LooksLikeCount(prose)) << prose;
  }
  EXPECT_FALSE(LooksLikeTableRow("Bron: UWV, Sonar-extract van 30 09 2024."));
  EXPECT_TRUE(LooksLikeTableRow("Almelo 10 353"));
  // The total row's label with its counts (one is enough: a row cut short
  // is still table data), not prose that begins with the words.
  EXPECT_TRUE(LooksLikeTableRow("TOTAAL AMR 1.209"));
  EXPECT_TRUE(LooksLikeTableRow("totaal amr 10 20 30 40 100"));
  EXPECT_FALSE(LooksLikeTableRow("TOTAAL AMR telt de gemeenten op."));
}

}  // namespace
}  // namespace tkp
