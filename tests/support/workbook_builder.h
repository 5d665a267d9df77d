// Writes .xlsx workbooks for tests with libxlsxwriter: sheets of rows the
// way spreadsheets hold a publication's table, with numbers as numeric
// cells or as text, merged header cells and formula cells.

#ifndef TKP_TESTS_SUPPORT_WORKBOOK_BUILDER_H_
#define TKP_TESTS_SUPPORT_WORKBOOK_BUILDER_H_

#include <string>
#include <vector>

#include "tkp/v1/tkp.pb.h"

namespace tkp::testing {

// One cell: text, a number, or a formula with its cached text result.
struct SheetCell {
  enum class Kind { kText, kNumber, kFormulaText };
  Kind kind = Kind::kText;
  std::string text;  // text, or the formula's result
  double number = 0;
  std::string formula;
};

struct SheetSpec {
  std::string name;
  std::vector<std::vector<SheetCell>> rows;  // from row 1, column A
  // Merged ranges over the first header row: {first column, last column}.
  std::vector<std::pair<int, int>> merged_header;
  int header_row = 0;  // 0-based row the merges are on
};

// A sheet with one line of text and no table.
SheetSpec ProseSheet(const std::string& name, const std::string& text);

// Writes the workbook to `path`; fails the test when it cannot.
void WriteWorkbook(const std::string& path,
                   const std::vector<SheetSpec>& sheets);

// A layout-B table from tab-separated text (the shipped sample's form),
// with counts as numeric cells on even data rows and as text ("1.209") on
// odd ones, and the two-row header merged as spreadsheets do.
SheetSpec SheetFromTabSeparated(const std::string& name,
                                const std::string& tsv);

// A layout-B table holding a publication's figures: what a region's
// workbook sheet would say.
SheetSpec SheetFromFigures(const std::string& name,
                           const v1::RegionFigures& figures);

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_WORKBOOK_BUILDER_H_
