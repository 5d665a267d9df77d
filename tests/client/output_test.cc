#include "client/output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace tkp::client {
namespace {

TEST(OutputTest, TableAlignsByCharactersNotBytes) {
  Table t{{"name", "total"},
          {{"S\xC3\xBA"
            "dwest-Frysl\xC3\xA2n",
            "5"},
           {"Ede", "1035"}}};
  std::ostringstream out;
  PrintTable(t, Format::kTable, out);
  EXPECT_EQ(out.str(),
            "name             total\n"
            "S\xC3\xBA"
            "dwest-Frysl\xC3\xA2n      5\n"
            "Ede               1035\n");
}

TEST(OutputTest, CsvQuotesWhatNeedsQuoting) {
  Table t{{"name", "notes"}, {{"Groot, Amsterdam", "say \"hi\""}}};
  std::ostringstream out;
  PrintTable(t, Format::kCsv, out);
  EXPECT_EQ(out.str(),
            "name,notes\r\n\"Groot, Amsterdam\",\"say \"\"hi\"\"\"\r\n");
}

TEST(OutputTest, PercentHasOneDecimal) {
  EXPECT_EQ(Percent(8169.0 / 11031.0), "74.1%");
  EXPECT_EQ(Percent(0), "0.0%");
}

}  // namespace
}  // namespace tkp::client
