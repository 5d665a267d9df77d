#include "plugins/xlsx/workbook.h"

#include <zip.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <pugixml.hpp>

namespace tkp::xlsx {
namespace {

// A part bigger than this is not a table of counts (and may be a zip bomb).
constexpr zip_uint64_t kMaxPartBytes = zip_uint64_t{64} << 20;
// Nor is a sheet with more cells than this, or cells this far right (a
// table has seven columns; the limits keep a hostile sheet from costing
// gigabytes once read).
constexpr size_t kMaxCellsPerSheet = 200000;
constexpr int kMaxColumn = 256;

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Archive = std::unique_ptr<zip_t, ZipCloser>;

// The element's name without a namespace prefix ("x:row" -> "row").
std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node Child(const pugi::xml_node& parent, std::string_view name) {
  for (pugi::xml_node child : parent.children()) {
    if (LocalName(child) == name) return child;
  }
  return {};
}

// An attribute by its local name ("r:id" matches "id").
pugi::xml_attribute Attribute(const pugi::xml_node& node,
                              std::string_view name) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view full = a.name();
    const size_t colon = full.find(':');
    if ((colon == std::string_view::npos ? full : full.substr(colon + 1)) ==
        name) {
      return a;
    }
  }
  return {};
}

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

// Reads one part of the archive; false when it is missing.
bool ReadPart(zip_t* archive, const std::string& name, std::string* content,
              std::string* error) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive, name.c_str(), 0, &stat) != 0) return false;
  if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > kMaxPartBytes) {
    *error = "the workbook part " + name + " is too large to be a table";
    return false;
  }
  zip_file_t* file = zip_fopen(archive, name.c_str(), 0);
  if (file == nullptr) {
    *error = "the workbook part " + name + " cannot be opened (damaged?)";
    return false;
  }
  content->resize(stat.size);
  const zip_int64_t n = zip_fread(file, content->data(), stat.size);
  zip_fclose(file);
  if (n < 0 || static_cast<zip_uint64_t>(n) != stat.size) {
    *error = "the workbook part " + name + " cannot be read (damaged?)";
    return false;
  }
  return true;
}

bool ParseXml(const std::string& content, pugi::xml_document* doc) {
  return doc->load_buffer(content.data(), content.size(),
                          pugi::parse_default | pugi::parse_ws_pcdata_single);
}

// A numeric cell's value as a count is printed: integral values without a
// decimal point; others as stored, for the server to refuse.
std::string NumberText(const std::string& stored) {
  double value = 0;
  const auto [end, ec] =
      std::from_chars(stored.data(), stored.data() + stored.size(), value);
  if (ec != std::errc() || end != stored.data() + stored.size()) return stored;
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", value);
    return buffer;
  }
  return stored;
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

bool ReadSheet(zip_t* archive, const std::string& part,
               const std::vector<std::string>& shared, Sheet* sheet,
               std::string* error) {
  std::string content;
  if (!ReadPart(archive, part, &content, error)) {
    if (error->empty()) *error = "the sheet's part " + part + " is missing";
    return false;
  }
  pugi::xml_document doc;
  if (!ParseXml(content, &doc)) {
    *error = "the sheet's part " + part + " is not well-formed XML";
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
      if (column < 0 || column >= kMaxColumn) continue;
      next_column = column + 1;
      if (++cells > kMaxCellsPerSheet) {
        *error = "more than " + std::to_string(kMaxCellsPerSheet) +
                 " cells; a table of counts has a few hundred";
        return false;
      }
      const std::string type = Attribute(c, "t").value();
      const std::string value = Child(c, "v").text().get();
      Cell cell;
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
      if (!cell.text.empty() || cell.error) {
        sheet->rows[number][column] = std::move(cell);
      }
    }
  }
  return true;
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\3\4");
}

std::string CellName(int row, int column) {
  std::string letters;
  for (int c = column + 1; c > 0; c = (c - 1) / 26) {
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return letters + std::to_string(row);
}

std::variant<Workbook, std::string> ReadWorkbook(std::string_view bytes) {
  zip_error_t zip_error;
  zip_error_init(&zip_error);
  zip_source_t* source =
      zip_source_buffer_create(bytes.data(), bytes.size(), 0, &zip_error);
  if (source == nullptr) return std::string("cannot read the zip archive");
  Archive archive(zip_open_from_source(source, ZIP_RDONLY, &zip_error));
  if (archive == nullptr) {
    zip_source_free(source);
    std::string why = zip_error_strerror(&zip_error);
    zip_error_fini(&zip_error);
    return "not a readable zip archive (" + why +
           "); is it a damaged or truncated workbook?";
  }

  std::string content, error;
  if (!ReadPart(archive.get(), "xl/workbook.xml", &content, &error)) {
    return error.empty() ? "a zip archive, but not an Excel workbook (it has "
                           "no xl/workbook.xml); save it as .xlsx"
                         : error;
  }
  pugi::xml_document workbook_xml;
  if (!ParseXml(content, &workbook_xml)) {
    return std::string("xl/workbook.xml is not well-formed XML");
  }
  // Relationship id -> part name.
  std::map<std::string, std::string> targets;
  if (ReadPart(archive.get(), "xl/_rels/workbook.xml.rels", &content, &error)) {
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
  if (ReadPart(archive.get(), "xl/sharedStrings.xml", &content, &error)) {
    pugi::xml_document strings;
    if (!ParseXml(content, &strings)) {
      return std::string("xl/sharedStrings.xml is not well-formed XML");
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
    Sheet sheet;
    sheet.name = Attribute(s, "name").value();
    const auto target = targets.find(Attribute(s, "id").value());
    if (target == targets.end()) {
      return "sheet \"" + sheet.name + "\" has no part in the workbook";
    }
    if (!ReadSheet(archive.get(), target->second, shared, &sheet, &error)) {
      return "sheet \"" + sheet.name + "\": " + error;
    }
    workbook.sheets.push_back(std::move(sheet));
  }
  if (workbook.sheets.empty()) {
    return std::string("the workbook has no sheets");
  }
  return workbook;
}

}  // namespace tkp::xlsx
