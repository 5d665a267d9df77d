#include "client/output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "client/escaping_stream.h"

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

TEST(OutputTest, WhatIsPrintedFromOutsideIsEscapedLineByLine) {
  std::ostringstream terminal;
  {
    EscapingStream out(terminal);
    Table t{{"name", "total"}, {{"\x1b[2JAlmelo", "5"}, {"\u202eBorne", "7"}}};
    PrintTable(t, Format::kCsv, out);
    out << "error: "
        << "bad\rline";  // no newline: written at the end
    EXPECT_EQ(terminal.str(),
              "name,total\r\n\\x1b[2JAlmelo,5\r\n\\u202eBorne,7\r\n");
  }
  EXPECT_EQ(terminal.str(),
            "name,total\r\n\\x1b[2JAlmelo,5\r\n\\u202eBorne,7\r\n"
            "error: bad\\x0dline");
}

TEST(OutputTest, PercentHasOneDecimal) {
  EXPECT_EQ(Percent(8169.0 / 11031.0), "74.1%");
  EXPECT_EQ(Percent(0), "0.0%");
}

}  // namespace
}  // namespace tkp::client
