#include "tests/support/workbook_builder.h"

#include <gtest/gtest.h>
#include <xlsxwriter.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "core/dutch_count.h"

namespace tkp::testing {
namespace {

SheetCell Text(std::string text) {
  SheetCell cell;
  cell.text = std::move(text);
  return cell;
}
SheetCell Number(double n) {
  SheetCell cell;
  cell.kind = SheetCell::Kind::kNumber;
  cell.number = n;
  return cell;
}

// "1.209" -> 1209; false for anything that is not a printed count.
bool ParseCount(const std::string& text, double* value) {
  const std::string digits = absl::StrReplaceAll(text, {{".", ""}});
  int64_t n = 0;
  if (digits.empty() || !absl::SimpleAtoi(digits, &n)) return false;
  *value = static_cast<double>(n);
  return true;
}

}  // namespace

SheetSpec ProseSheet(const std::string& name, const std::string& text) {
  SheetSpec spec;
  spec.name = name;
  spec.rows = {{Text(text)}};
  return spec;
}

void WriteWorkbook(const std::string& path,
                   const std::vector<SheetSpec>& sheets) {
  lxw_workbook* workbook = workbook_new(path.c_str());
  ASSERT_NE(workbook, nullptr) << path;
  for (const SheetSpec& spec : sheets) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, spec.name.c_str());
    ASSERT_NE(sheet, nullptr) << spec.name;
    for (size_t r = 0; r < spec.rows.size(); ++r) {
      for (size_t c = 0; c < spec.rows[r].size(); ++c) {
        const SheetCell& cell = spec.rows[r][c];
        const auto row = static_cast<lxw_row_t>(r);
        const auto col = static_cast<lxw_col_t>(c);
        switch (cell.kind) {
          case SheetCell::Kind::kText:
            if (!cell.text.empty()) {
              worksheet_write_string(sheet, row, col, cell.text.c_str(),
                                     nullptr);
            }
            break;
          case SheetCell::Kind::kNumber:
            worksheet_write_number(sheet, row, col, cell.number, nullptr);
            break;
          case SheetCell::Kind::kFormulaText:
            worksheet_write_formula_str(sheet, row, col, cell.formula.c_str(),
                                        nullptr, cell.text.c_str());
            break;
        }
      }
    }
    for (const auto& [first, last] : spec.merged_header) {
      const auto row = static_cast<lxw_row_t>(spec.header_row);
      const std::string& text = spec.rows[static_cast<size_t>(spec.header_row)]
                                         [static_cast<size_t>(first)]
                                             .text;
      worksheet_merge_range(sheet, row, static_cast<lxw_col_t>(first), row,
                            static_cast<lxw_col_t>(last), text.c_str(),
                            nullptr);
    }
  }
  ASSERT_EQ(workbook_close(workbook), LXW_NO_ERROR) << path;
}

SheetSpec SheetFromTabSeparated(const std::string& name,
                                const std::string& tsv) {
  SheetSpec spec;
  spec.name = name;
  int data_rows = 0;
  for (absl::string_view line : absl::StrSplit(tsv, '\n')) {
    std::vector<SheetCell> row;
    const std::vector<std::string> cells = absl::StrSplit(line, '\t');
    bool data = false;
    for (size_t c = 0; c < cells.size(); ++c) {
      double n = 0;
      if (c >= 2 && ParseCount(cells[c], &n)) data = true;
    }
    for (size_t c = 0; c < cells.size(); ++c) {
      double n = 0;
      if (data && c >= 2 && ParseCount(cells[c], &n) && data_rows % 2 == 0) {
        row.push_back(Number(n));
      } else {
        row.push_back(Text(cells[c]));
      }
    }
    if (data) ++data_rows;
    if (spec.merged_header.empty() && cells.size() >= 6 && !data &&
        !cells[2].empty()) {
      // The header's group titles span their two columns.
      spec.header_row = static_cast<int>(spec.rows.size());
      spec.merged_header = {{2, 3}, {4, 5}};
    }
    spec.rows.push_back(std::move(row));
  }
  return spec;
}

SheetSpec SheetFromFigures(const std::string& name,
                           const v1::RegionFigures& figures) {
  SheetSpec spec;
  spec.name = name;
  spec.rows.push_back({Text("Arbeidsmarktregio"), Text("Gemeente"),
                       Text("Gemeente"), Text(""), Text("UWV"), Text(""),
                       Text("Totaal")});
  spec.header_row = 0;
  spec.merged_header = {{2, 3}, {4, 5}};
  spec.rows.push_back({Text(""), Text(""), Text("met profiel"),
                       Text("zonder profiel"), Text("met profiel"),
                       Text("zonder profiel"), Text("")});
  const auto counts = [](const v1::ClientCounts& c) {
    return std::vector<SheetCell>{
        Number(c.municipality_with_profile()),
        Number(c.municipality_without_profile()), Number(c.uwv_with_profile()),
        Number(c.uwv_without_profile()), Text(FormatDutchCount(c.total()))};
  };
  bool first = true;
  for (const v1::Municipality& m : figures.municipalities()) {
    std::vector<SheetCell> row = {
        Text(first ? absl::StrCat(figures.region().code(), " ",
                                  figures.region().name())
                   : ""),
        Text(m.name())};
    for (SheetCell& cell : counts(m.counts())) row.push_back(cell);
    spec.rows.push_back(std::move(row));
    first = false;
  }
  std::vector<SheetCell> total = {Text(""), Text("TOTAAL AMR")};
  for (SheetCell& cell : counts(figures.totals())) total.push_back(cell);
  spec.rows.push_back(std::move(total));
  spec.rows.push_back({});
  spec.rows.push_back({Text(absl::StrCat(
      "In de arbeidsmarktregio ", figures.region().name(),
      " bevat het doelgroepregister banenafspraak in totaal ",
      FormatDutchCount(figures.register_size()), " personen. Hiervan is ",
      figures.stated_coverage_percent(), "% bekend binnen Sonar."))});
  return spec;
}

}  // namespace tkp::testing
