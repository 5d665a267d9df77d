// CSV files holding the layout-B table, as office software exports it: a
// semicolon (Dutch settings) or comma between fields, quoted fields per RFC
// 4180, numbers with or without thousands separators; one region's table
// or several stacked (a national export). The period comes with the
// import, or from a title line or the file name (sdk/stated_period.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/csv/csv_fields.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/region_table.h"
#include "plugins/sdk/stated_period.h"
#include "plugins/sdk/text.h"

namespace tkp::csv {
namespace {

using plugin::ParseOutcome;

// The records as cell lines for the table reader, with the text of each
// (its fields joined by spaces) for the sentences around the table. Not
// copyable: the lines view the texts.
struct CsvRows {
  explicit CsvRows(const CsvTable& table) {
    texts.reserve(table.records.size());
    for (const CsvRecord& record : table.records) {
      sdk::CellLine row;
      std::string text;
      for (const std::string& field : record.fields) {
        row.cells.emplace_back(sdk::Trim(field));
        if (!row.cells.back().empty()) {
          if (!text.empty()) text += ' ';
          text += row.cells.back();
        }
      }
      texts.push_back(std::move(text));
      row.line = {texts.back(), record.line};
      rows.push_back(std::move(row));
    }
  }
  CsvRows(const CsvRows&) = delete;
  CsvRows& operator=(const CsvRows&) = delete;

  std::vector<std::string> texts;  // reserved up front: never reallocates
  std::vector<sdk::CellLine> rows;
};

std::string SeparatorName(char separator) {
  switch (separator) {
    case ';':
      return "semicolon";
    case ',':
      return "comma";
    default:
      return "tab";
  }
}

class CsvImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    return {"csv",
            "1.1.0",
            "CSV as office software exports it (semicolon or comma, quoted "
            "fields) with the layout-B table; period from the import, a "
            "title line or the file name",
            {"B as CSV: region;municipality;four counts;total, one region "
             "or several stacked"}};
  }

  int Identify(std::string_view text) const noexcept override {
    const char separator = DetectSeparator(text);
    const CsvTable table = ReadCsv(text, separator);
    int data_rows = 0;
    for (const CsvRecord& record : table.records) {
      std::vector<std::string> cells;
      for (const std::string& field : record.fields) {
        cells.emplace_back(sdk::Trim(field));
      }
      if (sdk::IsTableDataRow(cells)) ++data_rows;
    }
    if (data_rows < 2) return 0;
    // Tab-separated text is layout B's own; this importer reads it too.
    return separator == '\t' ? 40 : 75;
  }

  ParseOutcome Parse(std::string_view text,
                     const plugin::ParseHints& hints) const noexcept override {
    return sdk::GuardParse("csv", [&] {
      const CsvTable table = ReadCsv(text, DetectSeparator(text));
      if (table.unterminated_quote_line != 0) {
        return ParseOutcome::Failure(
            table.unterminated_quote_line,
            "a quoted field opens here and is never closed (a \" too many, "
            "or the file is cut off)");
      }
      const CsvRows rows(table);
      ParseOutcome outcome = sdk::ReadRegionTables(rows.rows);
      if (!outcome.ok) return outcome;
      if (std::optional<ParseOutcome> contradiction =
              sdk::TakeStatedPeriod(&outcome.documents, "", hints.file_name)) {
        return *contradiction;
      }
      for (plugin::RawDocument& document : outcome.documents) {
        if (table.separator != ';') {
          document.notes.push_back("read as CSV with a " +
                                   SeparatorName(table.separator) +
                                   " between fields");
        }
      }
      return outcome;
    });
  }
};

}  // namespace
}  // namespace tkp::csv

TKP_EXPORT_IMPORTER(tkp::csv::CsvImporter)
