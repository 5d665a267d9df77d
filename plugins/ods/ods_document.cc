#include "plugins/ods/ods_document.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <pugixml.hpp>
#include <string>

#include "plugins/office/xml_nodes.h"
#include "plugins/office/zip_archive.h"

namespace tkp::ods {
namespace {

using office::Attribute;
using office::LocalName;

// Rows past this are not a table of counts (spreadsheets have 2^20 or
// 2^24); it also keeps row numbers far from overflow.
constexpr long kMaxRow = long{1} << 24;
// Row groups nest; a table of counts needs few levels.
constexpr int kMaxGroupDepth = 16;

// How often a row or cell repeats (number-rows-repeated and the like).
long Repeats(const pugi::xml_node& node, std::string_view attribute) {
  const long n = Attribute(node, attribute).as_llong(1);
  return n < 1 ? 1 : n;
}

// The text under a cell's paragraph, with <text:s> spaces, tabs and line
// breaks as spaces. pugixml walks the tree without recursion, so a hostile
// nesting of spans costs no stack.
class ParagraphText : public pugi::xml_tree_walker {
 public:
  explicit ParagraphText(std::string* out) : out_(out) {}

  bool for_each(pugi::xml_node& node) override {
    if (node.type() == pugi::node_pcdata) {
      *out_ += node.value();
    } else if (LocalName(node) == "s") {
      out_->append(static_cast<size_t>(std::min<long>(Repeats(node, "c"), 64)),
                   ' ');
    } else if (LocalName(node) == "tab" || LocalName(node) == "line-break") {
      *out_ += ' ';
    }
    return true;
  }

 private:
  std::string* out_;
};

sdk::SheetCell CellOf(const pugi::xml_node& cell) {
  sdk::SheetCell out;
  const std::string_view type = Attribute(cell, "value-type").value();
  for (pugi::xml_node child : cell.children()) {
    if (LocalName(child) != "p") continue;
    if (!out.text.empty()) out.text += ' ';
    ParagraphText text(&out.text);
    child.traverse(text);
  }
  // LibreOffice marks a formula's error result in its own namespace.
  for (pugi::xml_attribute a : cell.attributes()) {
    const std::string_view name = a.name();
    if (name.ends_with(":value-type") &&
        std::string_view(a.value()) == "error") {
      out.error = true;
    }
  }
  // A formula with neither a typed value nor text stored for its result.
  out.not_calculated = !out.error && type.empty() && out.text.empty() &&
                       Attribute(cell, "formula");
  if (!out.error &&
      (type == "float" || type == "percentage" || type == "currency")) {
    const std::string_view stored = Attribute(cell, "value").value();
    double value = 0;
    const auto [end, ec] =
        std::from_chars(stored.data(), stored.data() + stored.size(), value);
    if (ec == std::errc() && end == stored.data() + stored.size()) {
      out.text = sdk::NumberText(value);
    }
  }
  return out;
}

class TableReader {
 public:
  explicit TableReader(sdk::Sheet* sheet) : sheet_(sheet) {}

  // Reads the rows under `parent` (a table or a group of rows).
  bool ReadRows(const pugi::xml_node& parent, int depth, std::string* error) {
    if (depth > kMaxGroupDepth) {
      *error = "row groups nested deeper than " +
               std::to_string(kMaxGroupDepth) + " levels";
      return false;
    }
    for (pugi::xml_node child : parent.children()) {
      const std::string_view name = LocalName(child);
      if (name == "table-row") {
        if (!ReadRow(child, error)) return false;
      } else if (name == "table-header-rows" || name == "table-rows" ||
                 name == "table-row-group") {
        if (!ReadRows(child, depth + 1, error)) return false;
      }
    }
    return true;
  }

 private:
  bool ReadRow(const pugi::xml_node& row, std::string* error) {
    const long repeats = Repeats(row, "number-rows-repeated");
    std::map<int, sdk::SheetCell> cells;
    long column = 0;
    for (pugi::xml_node cell : row.children()) {
      const std::string_view name = LocalName(cell);
      if (name != "table-cell" && name != "covered-table-cell") continue;
      const long columns = Repeats(cell, "number-columns-repeated");
      sdk::SheetCell value = CellOf(cell);
      if (!value.text.empty() || value.error || value.not_calculated) {
        for (long c = column; c < column + columns && c < sdk::kMaxColumn;
             ++c) {
          cells[static_cast<int>(c)] = value;
        }
      }
      column += columns;
      if (column > kMaxRow) break;  // only empty cells can repeat this far
    }
    if (!cells.empty()) {
      // A repeated row with content is expanded, within the cell bound.
      for (long r = 0; r < repeats; ++r) {
        cells_ += cells.size();
        if (cells_ > sdk::kMaxCellsPerSheet || next_row_ + r > kMaxRow) {
          *error = "more than " + std::to_string(sdk::kMaxCellsPerSheet) +
                   " cells; a table of counts has a few hundred";
          return false;
        }
        sheet_->rows[static_cast<int>(next_row_ + r)] = cells;
      }
    }
    next_row_ += repeats;
    if (next_row_ > kMaxRow) next_row_ = kMaxRow;
    return true;
  }

  sdk::Sheet* sheet_;
  long next_row_ = 1;
  size_t cells_ = 0;
};

}  // namespace

std::variant<std::vector<sdk::Sheet>, std::string> ReadSpreadsheet(
    std::string_view bytes) {
  std::variant<office::ZipArchive, std::string> opened =
      office::ZipArchive::Open(bytes, "spreadsheet");
  if (auto* why = std::get_if<std::string>(&opened)) return *why;
  const office::ZipArchive& archive = std::get<office::ZipArchive>(opened);
  std::string content, error;
  if (!archive.Read("content.xml", &content, &error)) {
    return error.empty() ? "a zip archive, but not an OpenDocument "
                           "spreadsheet (it has no content.xml)"
                         : error;
  }
  pugi::xml_document doc;
  if (std::string why; !office::ParseXml(content, &doc, &why)) {
    return "content.xml " + why;
  }
  const pugi::xml_node spreadsheet = office::Child(
      office::Child(doc.document_element(), "body"), "spreadsheet");
  if (!spreadsheet) {
    return std::string(
        "an OpenDocument file, but not a spreadsheet (no tables in its "
        "content.xml); is it a text document?");
  }
  std::vector<sdk::Sheet> sheets;
  for (pugi::xml_node table : spreadsheet.children()) {
    if (LocalName(table) != "table") continue;
    sdk::Sheet sheet;
    sheet.name = Attribute(table, "name").value();
    TableReader reader(&sheet);
    if (!reader.ReadRows(table, 0, &error)) {
      return "sheet \"" + sheet.name + "\": " + error;
    }
    sheets.push_back(std::move(sheet));
    if (sheets.size() > sdk::kMaxSheets) {
      return "more than " + std::to_string(sdk::kMaxSheets) +
             " sheets; a publication has one per region";
    }
  }
  if (sheets.empty()) return std::string("the spreadsheet has no sheets");
  return sheets;
}

}  // namespace tkp::ods
