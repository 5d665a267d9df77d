// Layout A: the text of the publication's PDF. A period-and-region line
// ("Tweede kwartaal 2020 Twente"), one line per municipality with five
// space-separated numbers, a "TOTAAL AMR" row, a line with the region's
// number and name, then the register sentence and prose.

#include <string>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/register_sentence.h"
#include "plugins/sdk/text.h"

namespace tkp::layout_a {
namespace {

using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;
using sdk::Line;

constexpr std::string_view kTotalLabel = "TOTAAL AMR";

bool IsTotalRow(std::string_view text) {
  return sdk::StartsWithIgnoreCase(sdk::Trim(text), kTotalLabel);
}

// A table row: a name followed by at least one number, no tabs (tabs mean
// layout B).
bool IsTableRow(std::string_view text) {
  if (text.find('\t') != std::string_view::npos) return false;
  const sdk::NameAndNumbers row = sdk::SplitNameAndNumbers(text);
  return !row.name.empty() && !row.numbers.empty();
}

class LayoutAImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    return {"layout-a",
            "1.0.0",
            "Text extracted from the publication PDF: space-separated "
            "numbers, period and region above the table",
            {"A: PDF text, one municipality per line"}};
  }

  int Identify(std::string_view text) const noexcept override {
    int rows = 0;
    bool period = false;
    bool total = false;
    for (const Line& line : sdk::SplitLines(text)) {
      if (line.text.find('\t') != std::string_view::npos) continue;
      if (!period && sdk::FindPeriod(line.text)) period = true;
      if (IsTotalRow(line.text)) total = true;
      if (sdk::SplitNameAndNumbers(line.text).numbers.size() >= 4) ++rows;
    }
    if (rows == 0) return 0;
    return 40 + (rows >= 2 ? 20 : 0) + (period ? 20 : 0) + (total ? 15 : 0);
  }

  ParseOutcome Parse(std::string_view text, const plugin::ParseHints& /*hints*/)
      const noexcept override {
    return sdk::GuardParse("layout-a", [&] { return ParseText(text); });
  }

 private:
  static ParseOutcome ParseText(std::string_view text) {
    const std::vector<Line> lines = sdk::SplitLines(text);
    RawDocument doc;
    size_t i = 0;

    // The period line comes first; the title and anything else before it
    // is prose.
    for (; i < lines.size(); ++i) {
      if (IsTableRow(lines[i].text) || IsTotalRow(lines[i].text)) break;
      if (auto period = sdk::FindPeriod(lines[i].text)) {
        doc.period_year = period->year;
        doc.period_quarter = period->quarter;
        doc.period_line = lines[i].number;
        if (!period->rest.empty()) {
          doc.region_names.push_back({period->rest, lines[i].number});
        }
        ++i;
        break;
      }
    }

    // Municipality rows until TOTAAL AMR. Lines without numbers before the
    // first row are headings; after it, they mean the table is broken.
    bool total_seen = false;
    for (; i < lines.size(); ++i) {
      const Line& line = lines[i];
      if (sdk::IsBlank(line.text)) continue;
      if (auto period = sdk::FindPeriod(line.text)) {
        if (period->year != doc.period_year ||
            period->quarter != doc.period_quarter) {
          return ParseOutcome::Failure(
              line.number, "a second period line contradicts the first (" +
                               std::string(sdk::Trim(line.text)) + ")");
        }
        continue;
      }
      const sdk::NameAndNumbers row = sdk::SplitNameAndNumbers(line.text);
      if (IsTotalRow(line.text)) {
        doc.rows.push_back({RawRow::Kind::kRegionTotal, line.number,
                            std::string(kTotalLabel), row.numbers});
        total_seen = true;
        ++i;
        break;
      }
      if (row.numbers.empty() || row.name.empty()) {
        if (doc.rows.empty()) continue;
        return ParseOutcome::Failure(
            line.number,
            "expected a municipality followed by five numbers, "
            "found \"" +
                std::string(sdk::Trim(line.text)) + "\"");
      }
      doc.rows.push_back(
          {RawRow::Kind::kMunicipality, line.number, row.name, row.numbers});
    }

    // The region's number and name follow the TOTAAL AMR row: " 9 Twente".
    if (total_seen) {
      for (; i < lines.size() && sdk::IsBlank(lines[i].text); ++i) {
      }
      if (i < lines.size()) {
        const std::vector<std::string_view> words =
            sdk::SplitWords(lines[i].text);
        if (words.size() >= 2 && sdk::LooksLikeNumber(words[0])) {
          doc.region_code = {std::string(words[0]), lines[i].number};
          std::string name;
          for (size_t w = 1; w < words.size(); ++w) {
            if (!name.empty()) name += ' ';
            name += words[w];
          }
          doc.region_names.push_back({name, lines[i].number});
          ++i;
        }
      }
    }

    sdk::ReadRegisterSentence(lines, i, &doc);
    return sdk::Succeed(std::move(doc));
  }
};

}  // namespace
}  // namespace tkp::layout_a

TKP_EXPORT_IMPORTER(tkp::layout_a::LayoutAImporter)
