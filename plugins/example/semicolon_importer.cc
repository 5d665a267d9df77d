// An example importer, built outside the tkp tree against the installed
// SDK: the layout-B table saved as semicolon-separated values (what Dutch
// office software writes for "CSV"), with the period in the file name
// ("twente-2023Q4.csv") when the import does not give one.

#include <string>
#include <string_view>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/region_table.h"
#include "plugins/sdk/text.h"

namespace example {
namespace {

using tkp::plugin::ParseOutcome;

// Each line and its cells. A line without a semicolon is one cell (prose).
std::vector<tkp::sdk::CellLine> SplitCells(std::string_view text) {
  std::vector<tkp::sdk::CellLine> rows;
  for (const tkp::sdk::Line& line : tkp::sdk::SplitLines(text)) {
    tkp::sdk::CellLine row{line, {}};
    size_t start = 0;
    while (true) {
      const size_t end = line.text.find(';', start);
      row.cells.emplace_back(tkp::sdk::Trim(line.text.substr(
          start, end == std::string_view::npos ? end : end - start)));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

class SemicolonImporter final : public tkp::plugin::Importer {
 public:
  tkp::plugin::ImporterInfo Info() const noexcept override {
    return {"semicolon",
            "1.0.0",
            "Semicolon-separated table (office CSV), period in the file name",
            {"B as CSV: region;municipality;four counts;total"}};
  }

  int Identify(std::string_view text) const noexcept override {
    int rows = 0;
    for (const tkp::sdk::CellLine& row : SplitCells(text)) {
      if (tkp::sdk::IsTableDataRow(row.cells)) ++rows;
    }
    return rows >= 2 ? 80 : 0;
  }

  ParseOutcome Parse(
      std::string_view text,
      const tkp::plugin::ParseHints& hints) const noexcept override {
    return tkp::sdk::GuardParse("semicolon", [&] {
      ParseOutcome outcome = tkp::sdk::ReadRegionTables(SplitCells(text));
      // The period in the file name holds for every region it lists.
      const auto period = tkp::sdk::FindPeriodCode(hints.file_name);
      for (tkp::plugin::RawDocument& document : outcome.documents) {
        if (!outcome.ok || !period) break;
        document.period_year = period->year;
        document.period_quarter = period->quarter;
      }
      return outcome;
    });
  }
};

}  // namespace
}  // namespace example

TKP_EXPORT_IMPORTER(example::SemicolonImporter)
