// Where in a file something is, worded as an operator looks for it.
#include "server/importing/place.h"

#include <gtest/gtest.h>

namespace tkp {
namespace {

TEST(PlaceTest, ALineOfAFileWithoutPages) {
  const plugin::Origin text;
  EXPECT_EQ(DescribePlace("t.txt", text, 9), "file t.txt line 9");
  EXPECT_EQ(DescribePlace("t.txt", text, 0), "file t.txt");
}

TEST(PlaceTest, ARowOfASheet) {
  plugin::Origin sheet;
  sheet.part = "sheet \"Twente\"";
  sheet.line_unit = "row";
  EXPECT_EQ(DescribePlace("w.xlsx", sheet, 7),
            "file w.xlsx sheet \"Twente\" row 7");
  EXPECT_EQ(DescribePlace("w.xlsx", sheet, 0), "file w.xlsx sheet \"Twente\"");
  EXPECT_EQ(DescribeLine(sheet, 7), "row 7");
}

TEST(PlaceTest, LinesRunOnAcrossPagesAndAreCountedPerPage) {
  plugin::Origin pdf;
  pdf.page_first_lines = {1, 40, 80};  // page 2 starts at line 40
  EXPECT_EQ(DescribeLine(pdf, 1), "page 1 line 1");
  EXPECT_EQ(DescribeLine(pdf, 39), "page 1 line 39");
  EXPECT_EQ(DescribeLine(pdf, 40), "page 2 line 1");
  EXPECT_EQ(DescribeLine(pdf, 45), "page 2 line 6");
  EXPECT_EQ(DescribePlace("p.pdf", pdf, 81), "file p.pdf page 3 line 2");
  // Before the first page's first line (a title the plugin numbered on its
  // own): the line alone.
  pdf.page_first_lines = {5, 10};
  EXPECT_EQ(DescribeLine(pdf, 3), "line 3");
}

}  // namespace
}  // namespace tkp
