// Layout B: a tab-separated table (as copied from a spreadsheet) with a
// two-row header; columns region, municipality, the four counts and the
// total; the region ("28 Twente") only on the first data row; the register
// sentence after the table. It names no period: that comes with the import.

#include <string_view>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/region_table.h"
#include "plugins/sdk/text.h"

namespace tkp::layout_b {
namespace {

using plugin::ParseOutcome;
using sdk::Line;

// Each line with its tab-separated cells; a line without tabs is one cell.
std::vector<sdk::CellLine> SplitCells(std::string_view text) {
  std::vector<sdk::CellLine> rows;
  for (const Line& line : sdk::SplitLines(text)) {
    rows.push_back({line, sdk::SplitTabs(line.text)});
  }
  return rows;
}

class LayoutBImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    return {"layout-b",
            "1.1.0",
            "Tab-separated table with a two-row header and the region on "
            "the first data row; the period comes with the import",
            {"B: tab-separated table, region column first"}};
  }

  int Identify(std::string_view text) const noexcept override {
    int rows = 0;
    bool total = false;
    for (const sdk::CellLine& row : SplitCells(text)) {
      if (!sdk::IsTableDataRow(row.cells)) continue;
      ++rows;
      if (sdk::IsRegionTotalRow(row.cells[1])) total = true;
    }
    if (rows == 0) return 0;
    return 50 + (rows >= 2 ? 20 : 0) + (total ? 25 : 0);
  }

  ParseOutcome Parse(std::string_view text, const plugin::ParseHints& /*hints*/)
      const noexcept override {
    return sdk::GuardParse(
        "layout-b", [&] { return sdk::ReadRegionTables(SplitCells(text)); });
  }
};

}  // namespace
}  // namespace tkp::layout_b

TKP_EXPORT_IMPORTER(tkp::layout_b::LayoutBImporter)
