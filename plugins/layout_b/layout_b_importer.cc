// Layout B: a tab-separated table (as copied from a spreadsheet) with a
// two-row header; columns region, municipality, the four counts and the
// total; the region ("28 Twente") only on the first data row; the register
// sentence after the table. It names no period: that comes with the import.

#include <string>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/register_sentence.h"
#include "plugins/sdk/text.h"

namespace tkp::layout_b {
namespace {

using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;
using sdk::Line;

constexpr std::string_view kTotalLabel = "TOTAAL AMR";
constexpr size_t kRegionColumn = 0;
constexpr size_t kNameColumn = 1;
constexpr size_t kFirstCountColumn = 2;

// A data row has a name and at least one number in the count columns; the
// header rows have none.
bool IsDataRow(const std::vector<std::string>& cells) {
  if (cells.size() <= kFirstCountColumn) return false;
  for (size_t c = kFirstCountColumn; c < cells.size(); ++c) {
    if (sdk::LooksLikeNumber(cells[c])) return true;
  }
  return false;
}

class LayoutBImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    return {"layout-b",
            "1.0.0",
            "Tab-separated table with a two-row header and the region on "
            "the first data row; the period comes with the import",
            {"B: tab-separated table, region column first"}};
  }

  int Identify(std::string_view text) const noexcept override {
    int rows = 0;
    bool total = false;
    for (const Line& line : sdk::SplitLines(text)) {
      if (line.text.find('\t') == std::string_view::npos) continue;
      const std::vector<std::string> cells = sdk::SplitTabs(line.text);
      if (!IsDataRow(cells)) continue;
      ++rows;
      if (sdk::StartsWithIgnoreCase(cells[kNameColumn], kTotalLabel)) {
        total = true;
      }
    }
    if (rows == 0) return 0;
    return 50 + (rows >= 2 ? 20 : 0) + (total ? 25 : 0);
  }

  ParseOutcome Parse(std::string_view text, const plugin::ParseHints& /*hints*/)
      const noexcept override {
    return sdk::GuardParse("layout-b", [&] { return ParseText(text); });
  }

 private:
  static ParseOutcome ParseText(std::string_view text) {
    const std::vector<Line> lines = sdk::SplitLines(text);
    RawDocument doc;
    size_t i = 0;
    // Skip the prose and the header rows.
    for (; i < lines.size(); ++i) {
      if (lines[i].text.find('\t') != std::string_view::npos &&
          IsDataRow(sdk::SplitTabs(lines[i].text))) {
        break;
      }
    }
    // Data rows until the first non-blank line without tabs.
    for (; i < lines.size(); ++i) {
      const Line& line = lines[i];
      if (sdk::IsBlank(line.text)) continue;
      std::vector<std::string> cells = sdk::SplitTabs(line.text);
      while (!cells.empty() && cells.back().empty()) cells.pop_back();
      // A line with nothing past the region column (no tabs, or only
      // trailing ones) is the prose after the table.
      if (cells.size() <= kNameColumn) break;
      if (!cells[kRegionColumn].empty()) {
        if (!doc.region_names.empty()) {
          return ParseOutcome::Failure(
              line.number, "a second region (\"" + cells[kRegionColumn] +
                               "\") in the region column; one document "
                               "holds one region");
        }
        // Printed as "28 Twente": the number comes first.
        const std::vector<std::string_view> words =
            sdk::SplitWords(cells[kRegionColumn]);
        if (words.size() >= 2 && sdk::LooksLikeNumber(words[0])) {
          doc.region_code = {std::string(words[0]), line.number};
          doc.region_names.push_back(
              {sdk::CollapseSpaces(cells[kRegionColumn].substr(
                   words[1].data() - cells[kRegionColumn].data())),
               line.number});
        } else {
          doc.region_names.push_back({cells[kRegionColumn], line.number});
        }
      }
      if (cells.size() <= kNameColumn || cells[kNameColumn].empty()) {
        return ParseOutcome::Failure(line.number,
                                     "a row without a municipality name");
      }
      RawRow row;
      row.line = line.number;
      row.name = sdk::CollapseSpaces(cells[kNameColumn]);
      row.kind = sdk::StartsWithIgnoreCase(row.name, kTotalLabel)
                     ? RawRow::Kind::kRegionTotal
                     : RawRow::Kind::kMunicipality;
      // Empty cells are skipped: spreadsheets leave stray ones, and the
      // server checks that what remains adds up.
      size_t last_filled = kFirstCountColumn;
      for (size_t c = kFirstCountColumn; c < cells.size(); ++c) {
        if (!cells[c].empty()) last_filled = c;
      }
      for (size_t c = kFirstCountColumn; c < cells.size(); ++c) {
        if (cells[c].empty()) {
          if (c < last_filled) {
            doc.notes.push_back("line " + std::to_string(line.number) +
                                " row \"" + row.name +
                                "\": empty cell in "
                                "column " +
                                std::to_string(c + 1) + " skipped");
          }
          continue;
        }
        row.cells.push_back(cells[c]);
      }
      doc.rows.push_back(std::move(row));
    }

    sdk::ReadRegisterSentence(lines, i, &doc);
    return sdk::Succeed(std::move(doc));
  }
};

}  // namespace
}  // namespace tkp::layout_b

TKP_EXPORT_IMPORTER(tkp::layout_b::LayoutBImporter)
