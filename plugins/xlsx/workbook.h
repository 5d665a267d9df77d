// Reads an Excel workbook (.xlsx: a zip of XML parts) into its sheets'
// cell values, as text. Only what a table of counts needs: shared and
// inline strings, numbers, formula results, and error cells.

#ifndef TKP_PLUGINS_XLSX_WORKBOOK_H_
#define TKP_PLUGINS_XLSX_WORKBOOK_H_

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugins/sdk/spreadsheet.h"

namespace tkp::xlsx {

struct Workbook {
  std::vector<sdk::Sheet> sheets;  // in the workbook's order
};

// The workbook in `bytes`, or why it cannot be read, in words for an
// operator.
std::variant<Workbook, std::string> ReadWorkbook(std::string_view bytes);

}  // namespace tkp::xlsx

#endif  // TKP_PLUGINS_XLSX_WORKBOOK_H_
