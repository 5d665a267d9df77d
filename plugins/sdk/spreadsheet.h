// Spreadsheets as the importers of workbook formats see them (.xlsx, .ods,
// .xls, CSV): sheets of cells, read as the layout-B table. Each format's
// importer only turns its container into these cells; the reading of the
// tables, the sheets without one and formula errors are handled here once.

#ifndef TKP_PLUGINS_SDK_SPREADSHEET_H_
#define TKP_PLUGINS_SDK_SPREADSHEET_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "plugins/api/importer.h"

namespace tkp::sdk {

// Bounds every spreadsheet reader applies while it reads, so a hostile
// file cannot cost gigabytes: a table of counts has a few hundred cells in
// seven columns.
inline constexpr size_t kMaxCellsPerSheet = 200000;
inline constexpr int kMaxColumn = 256;
inline constexpr size_t kMaxSheets = 256;

struct SheetCell {
  std::string text;    // as shown: "1209", "Almelo", "#DIV/0!"
  bool error = false;  // a formula error value
  // A formula whose result the file does not store (written by a program
  // that does not calculate, such as openpyxl): its value is unknown.
  bool not_calculated = false;
};

struct Sheet {
  std::string name;
  // Row number (1-based, as spreadsheets show it) -> column (0 = A) ->
  // cell. Empty cells are left out.
  std::map<int, std::map<int, SheetCell>> rows;
};

// "D7" for row 7, column 3.
std::string CellName(int row, int column);

// A numeric cell's value as a count is printed: integral values without a
// decimal point ("1209"), others with up to 15 significant digits, for the
// server to refuse.
std::string NumberText(double value);

// The publications the sheets hold: one per region table, each sheet read
// as layout B (sdk/region_table.h), with the period its title rows, its
// name or the file's name state (sdk/stated_period.h). `hints.part` picks
// one sheet by name.
// A sheet without a data row is skipped with a note; a formula error
// anywhere in a sheet that holds a table refuses the file, naming the cell,
// and so does a formula without a stored result anywhere (its value is
// unknown, so the sheet may be a table after all).
// `what` names the file's kind in messages ("workbook").
plugin::ParseOutcome ReadSheets(const std::vector<Sheet>& sheets,
                                const plugin::ParseHints& hints,
                                const std::string& what = "workbook");

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_SPREADSHEET_H_
