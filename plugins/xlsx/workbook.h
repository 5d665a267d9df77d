// Reads an Excel workbook (.xlsx: a zip of XML parts) into its sheets'
// cell values, as text. Only what a table of counts needs: shared and
// inline strings, numbers, formula results, and error cells.

#ifndef TKP_PLUGINS_XLSX_WORKBOOK_H_
#define TKP_PLUGINS_XLSX_WORKBOOK_H_

#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tkp::xlsx {

struct Cell {
  std::string text;    // as shown: "1209", "Almelo", "#DIV/0!"
  bool error = false;  // a formula error value
};

struct Sheet {
  std::string name;
  // Row number (1-based, as Excel shows it) -> column (0 = A) -> cell.
  std::map<int, std::map<int, Cell>> rows;
};

struct Workbook {
  std::vector<Sheet> sheets;  // in the workbook's order
};

// The workbook in `bytes`, or why it cannot be read, in words for an
// operator.
std::variant<Workbook, std::string> ReadWorkbook(std::string_view bytes);

// True when the bytes are a zip archive (a workbook or not).
bool LooksLikeZip(std::string_view bytes);

// "D7" for row 7, column 3.
std::string CellName(int row, int column);

}  // namespace tkp::xlsx

#endif  // TKP_PLUGINS_XLSX_WORKBOOK_H_
