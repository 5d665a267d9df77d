// Excel workbooks (.xlsx) holding the layout-B table: a header (often
// merged cells), the region on the first data row, numbers stored as
// numbers or as text with thousands separators, the register sentence
// below. One region per sheet; a workbook may hold several, and each sheet
// with a table is one publication. The period comes with the import.

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/region_table.h"
#include "plugins/xlsx/workbook.h"

namespace tkp::xlsx {
namespace {

using plugin::ParseOutcome;

plugin::Origin OriginOf(const Sheet& sheet) {
  plugin::Origin origin;
  origin.part = "sheet \"" + sheet.name + "\"";
  origin.line_unit = "row";
  return origin;
}

// The sheet as rows of cells (column A first), each with its cells' text
// joined, for the sentences around the table. Not copyable: the rows view
// the texts.
struct SheetRows {
  explicit SheetRows(const Sheet& sheet) {
    texts.reserve(sheet.rows.size());
    for (const auto& [number, cells] : sheet.rows) {
      sdk::CellLine row;
      row.cells.resize(static_cast<size_t>(cells.rbegin()->first + 1));
      std::string text;
      for (const auto& [column, cell] : cells) {
        row.cells[static_cast<size_t>(column)] = cell.text;
        if (!text.empty()) text += ' ';
        text += cell.text;
      }
      texts.push_back(std::move(text));
      row.line = {texts.back(), number};
      rows.push_back(std::move(row));
    }
  }
  SheetRows(const SheetRows&) = delete;
  SheetRows& operator=(const SheetRows&) = delete;

  std::vector<std::string> texts;  // reserved up front: never reallocates
  std::vector<sdk::CellLine> rows;
};

bool HasTable(const std::vector<sdk::CellLine>& rows) {
  for (const sdk::CellLine& row : rows) {
    if (sdk::IsTableDataRow(row.cells)) return true;
  }
  return false;
}

// The first formula error in the sheet's table rows, as a failure.
std::optional<ParseOutcome> FormulaError(const Sheet& sheet) {
  for (const auto& [number, cells] : sheet.rows) {
    for (const auto& [column, cell] : cells) {
      if (!cell.error) continue;
      return ParseOutcome::Failure(
          number,
          "cell " + CellName(number, column) + " holds the formula error " +
              cell.text +
              "; fix the formula in the workbook (or paste the values) and "
              "import again",
          OriginOf(sheet));
    }
  }
  return std::nullopt;
}

class XlsxImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    plugin::ImporterInfo info{
        "xlsx",
        "1.0.0",
        "Excel workbook (.xlsx) with the layout-B table, one region per "
        "sheet; the period comes with the import",
        {"Excel workbook, one region per sheet"}};
    info.input = plugin::ImporterInfo::Input::kBytes;
    return info;
  }

  int Identify(std::string_view bytes) const noexcept override {
    if (!LooksLikeZip(bytes)) return 0;
    // Part names are stored uncompressed in the archive's directory.
    if (bytes.find("xl/workbook.xml") != std::string_view::npos) return 90;
    // Another zip: claimed weakly, so the refusal says what it is.
    return 5;
  }

  ParseOutcome Parse(std::string_view bytes,
                     const plugin::ParseHints& hints) const noexcept override {
    return sdk::GuardParse("xlsx", [&] { return ParseWorkbook(bytes, hints); });
  }

 private:
  static ParseOutcome ParseWorkbook(std::string_view bytes,
                                    const plugin::ParseHints& hints) {
    std::variant<Workbook, std::string> read = ReadWorkbook(bytes);
    if (auto* error = std::get_if<std::string>(&read)) {
      return ParseOutcome::Failure(0, *error);
    }
    const Workbook& workbook = std::get<Workbook>(read);
    std::vector<std::string> names;
    for (const Sheet& sheet : workbook.sheets) {
      names.push_back("\"" + sheet.name + "\"");
    }
    const auto joined = [&] {
      std::string all;
      for (const std::string& name : names) {
        all += (all.empty() ? "" : ", ") + name;
      }
      return all;
    };

    std::vector<plugin::RawDocument> documents;
    std::vector<std::string> skipped;
    bool sheet_found = hints.part.empty();
    for (const Sheet& sheet : workbook.sheets) {
      if (!hints.part.empty() && sheet.name != hints.part) continue;
      sheet_found = true;
      const SheetRows sheet_rows(sheet);
      const std::vector<sdk::CellLine>& rows = sheet_rows.rows;
      if (!HasTable(rows)) {
        if (!hints.part.empty()) {
          return ParseOutcome::Failure(0, "holds no table of counts",
                                       OriginOf(sheet));
        }
        skipped.push_back("\"" + sheet.name + "\"");
        continue;
      }
      if (std::optional<ParseOutcome> error = FormulaError(sheet)) {
        return *error;
      }
      ParseOutcome outcome = sdk::ReadRegionTables(rows, OriginOf(sheet));
      if (!outcome.ok) return outcome;
      for (plugin::RawDocument& doc : outcome.documents) {
        documents.push_back(std::move(doc));
      }
    }
    if (!sheet_found) {
      return ParseOutcome::Failure(0, "the workbook has no sheet \"" +
                                          hints.part + "\"; it has " +
                                          joined());
    }
    if (documents.empty()) {
      return ParseOutcome::Failure(
          0, "no sheet holds a table of counts (looked at " + joined() +
                 "); is this the right workbook?");
    }
    for (const std::string& name : skipped) {
      documents.front().notes.push_back("sheet " + name +
                                        " holds no table; skipped");
    }
    return sdk::Succeed(std::move(documents));
  }
};

}  // namespace
}  // namespace tkp::xlsx

TKP_EXPORT_IMPORTER(tkp::xlsx::XlsxImporter)
