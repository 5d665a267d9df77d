#include "plugins/xlsx/workbook.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <pugixml.hpp>

#include "plugins/office/xml_nodes.h"
#include "plugins/office/zip_archive.h"

namespace tkp::xlsx {
namespace {

using office::Attribute;
using office::Child;
using office::LocalName;
using office::ParseXml;
using sdk::CellName;

// All text under a node (a shared string may be split into runs).
std::string TextOf(const pugi::xml_node& node) {
  std::string text;
  for (pugi::xml_node child : node.children()) {
    if (LocalName(child) == "t") {
      text += child.text().get();
    } else if (LocalName(child) == "r") {
      text += TextOf(child);
    }
  }
  return text;
}

// A numeric cell's stored value as a count is printed.
std::string NumberText(const std::string& stored) {
  double value = 0;
  const auto [end, ec] =
      std::from_chars(stored.data(), stored.data() + stored.size(), value);
  if (ec != std::errc() || end != stored.data() + stored.size()) return stored;
  return sdk::NumberText(value);
}

// Excel's error values, as a formula's cached result shows them.
bool IsErrorValue(std::string_view value) {
  for (std::string_view error :
       {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
        "#GETTING_DATA", "#SPILL!", "#CALC!"}) {
    if (value == error) return true;
  }
  return false;
}

// "D7" -> column 3; -1 when the reference has no column letters.
int ColumnOf(std::string_view reference) {
  int column = 0;
  size_t i = 0;
  for (; i < reference.size() && reference[i] >= 'A' && reference[i] <= 'Z';
       ++i) {
    column = column * 26 + (reference[i] - 'A' + 1);
    if (column > 16384) return -1;
  }
  return i == 0 ? -1 : column - 1;
}

bool ReadSheet(const office::ZipArchive& archive, const std::string& part,
               const std::vector<std::string>& shared, sdk::Sheet* sheet,
               std::string* error) {
  std::string content;
  if (!archive.Read(part, &content, error)) {
    if (error->empty()) *error = "the sheet's part " + part + " is missing";
    return false;
  }
  pugi::xml_document doc;
  if (std::string why; !ParseXml(content, &doc, &why)) {
    *error = "the sheet's part " + part + " " + why;
    return false;
  }
  const pugi::xml_node data = Child(doc.document_element(), "sheetData");
  int next_row = 1;
  size_t cells = 0;
  for (pugi::xml_node row : data.children()) {
    if (LocalName(row) != "row") continue;
    const int number = Attribute(row, "r").as_int(next_row);
    next_row = number + 1;
    int next_column = 0;
    for (pugi::xml_node c : row.children()) {
      if (LocalName(c) != "c") continue;
      const pugi::xml_attribute ref = Attribute(c, "r");
      const int column = ref ? ColumnOf(ref.value()) : next_column;
      if (column < 0 || column >= sdk::kMaxColumn) continue;
      next_column = column + 1;
      if (++cells > sdk::kMaxCellsPerSheet) {
        *error = "more than " + std::to_string(sdk::kMaxCellsPerSheet) +
                 " cells; a table of counts has a few hundred";
        return false;
      }
      const std::string type = Attribute(c, "t").value();
      const std::string value = Child(c, "v").text().get();
      sdk::SheetCell cell;
      if (type == "s") {
        const size_t index = std::strtoul(value.c_str(), nullptr, 10);
        if (index >= shared.size()) {
          *error = "cell " + CellName(number, column) +
                   " refers to a missing shared string";
          return false;
        }
        cell.text = shared[index];
      } else if (type == "inlineStr") {
        cell.text = TextOf(Child(c, "is"));
      } else if (type == "str") {
        // A formula's text result; some writers store errors this way.
        cell.text = value;
        cell.error = IsErrorValue(value);
      } else if (type == "b") {
        cell.text = value == "1" ? "TRUE" : "FALSE";
      } else if (type == "e") {
        cell.text = value;
        cell.error = true;
      } else {
        cell.text = NumberText(value);
      }
      // A formula with no result stored beside it.
      cell.not_calculated =
          Child(c, "f") && value.empty() && type != "inlineStr" && !cell.error;
      if (!cell.text.empty() || cell.error || cell.not_calculated) {
        sheet->rows[number][column] = std::move(cell);
      }
    }
  }
  return true;
}

}  // namespace

std::variant<Workbook, std::string> ReadWorkbook(std::string_view bytes) {
  std::variant<office::ZipArchive, std::string> opened =
      office::ZipArchive::Open(bytes, "workbook");
  if (auto* why = std::get_if<std::string>(&opened)) return *why;
  const office::ZipArchive& archive = std::get<office::ZipArchive>(opened);

  std::string content, error;
  if (!archive.Read("xl/workbook.xml", &content, &error)) {
    return error.empty() ? "a zip archive, but not an Excel workbook (it has "
                           "no xl/workbook.xml); save it as .xlsx"
                         : error;
  }
  pugi::xml_document workbook_xml;
  if (std::string why; !ParseXml(content, &workbook_xml, &why)) {
    return "xl/workbook.xml " + why;
  }
  // Relationship id -> part name.
  std::map<std::string, std::string> targets;
  if (archive.Read("xl/_rels/workbook.xml.rels", &content, &error)) {
    pugi::xml_document rels;
    if (ParseXml(content, &rels)) {
      for (pugi::xml_node r : rels.document_element().children()) {
        // Targets are relative to xl/, or absolute within the archive.
        const std::string_view target = Attribute(r, "Target").value();
        targets[Attribute(r, "Id").value()] =
            target.starts_with('/') ? std::string(target.substr(1))
                                    : std::string("xl/").append(target);
      }
    }
  }
  std::vector<std::string> shared;
  if (archive.Read("xl/sharedStrings.xml", &content, &error)) {
    pugi::xml_document strings;
    if (std::string why; !ParseXml(content, &strings, &why)) {
      return "xl/sharedStrings.xml " + why;
    }
    for (pugi::xml_node si : strings.document_element().children()) {
      if (LocalName(si) == "si") shared.push_back(TextOf(si));
    }
  }
  if (!error.empty()) return error;

  Workbook workbook;
  const pugi::xml_node sheets =
      Child(workbook_xml.document_element(), "sheets");
  for (pugi::xml_node s : sheets.children()) {
    if (LocalName(s) != "sheet") continue;
    sdk::Sheet sheet;
    sheet.name = Attribute(s, "name").value();
    const auto target = targets.find(Attribute(s, "id").value());
    if (target == targets.end()) {
      return "sheet \"" + sheet.name + "\" has no part in the workbook";
    }
    if (!ReadSheet(archive, target->second, shared, &sheet, &error)) {
      return "sheet \"" + sheet.name + "\": " + error;
    }
    workbook.sheets.push_back(std::move(sheet));
    if (workbook.sheets.size() > sdk::kMaxSheets) {
      return "more than " + std::to_string(sdk::kMaxSheets) +
             " sheets; a publication has one per region";
    }
  }
  if (workbook.sheets.empty()) {
    return std::string("the workbook has no sheets");
  }
  return workbook;
}

}  // namespace tkp::xlsx
