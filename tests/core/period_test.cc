#include "core/period.h"

#include <gtest/gtest.h>

namespace tkp {
namespace {

TEST(ParsePeriodTest, AcceptsTheSpellingsOperatorsType) {
  for (const char* text :
       {"2021Q3", "2021q3", "2021-Q3", "Q3 2021", " 2021Q3 "}) {
    absl::StatusOr<PeriodKey> p = ParsePeriod(text);
    ASSERT_TRUE(p.ok()) << text << ": " << p.status();
    EXPECT_EQ(p->year, 2021) << text;
    EXPECT_EQ(p->quarter, 3) << text;
  }
}

TEST(ParsePeriodTest, RefusesNonsense) {
  for (const char* text :
       {"2021Q5", "2021Q0", "21Q3", "2021", "Q3", "1999Q1", "abcdef", ""}) {
    EXPECT_FALSE(ParsePeriod(text).ok()) << text;
  }
}

TEST(PeriodKeyTest, OrdersByYearThenQuarter) {
  EXPECT_LT((PeriodKey{2020, 4}), (PeriodKey{2021, 1}));
  EXPECT_LT((PeriodKey{2021, 1}), (PeriodKey{2021, 2}));
  EXPECT_EQ(FormatPeriod({2020, 2}), "2020Q2");
}

}  // namespace
}  // namespace tkp
