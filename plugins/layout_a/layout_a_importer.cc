// Layout A: the text of the publication's PDF. A period-and-region line
// ("Tweede kwartaal 2020 Twente"), one line per municipality with five
// space-separated numbers, a "TOTAAL AMR" row, a line with the region's
// number and name, then the register sentence and prose.

#include <string_view>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/stated_period.h"
#include "plugins/sdk/text.h"

namespace tkp::layout_a {
namespace {

using plugin::ParseOutcome;
using sdk::Line;

// The gap `pdftotext -layout` leaves between a table's columns; one or two
// spaces stand between the words of a name.
constexpr std::string_view kColumnGap = "   ";

// A table row: a name followed by numbers, apart by spaces. Tabs between
// the cells mean layout B; trailing ones are what editors leave behind.
// Text pulled from a PDF whose table has a region column starts the
// region's first row with its cell, a column apart: "22 Rijnmond
// Albrandswaard  6  88 ..."; a cell that begins with the region's code
// ("22", "AM22") is read as the region, not as part of the name — also a
// code alone ("16   Edam-Volendam ..."), whose name wrapped onto the lines
// below (sdk::ReadPublications joins those).
sdk::NameAndNumbers SplitRow(const Line& line) {
  const std::string_view text = sdk::Trim(line.text);
  if (text.find('\t') != std::string_view::npos) return {};
  const size_t gap = text.find(kColumnGap);
  if (gap != std::string_view::npos) {
    const std::string_view cell = text.substr(0, gap);
    const std::vector<std::string_view> words = sdk::SplitWords(cell);
    const bool code_first =
        !words.empty() && sdk::LooksLikeRegionCode(words.front());
    sdk::NameAndNumbers row = sdk::SplitNameAndNumbers(text.substr(gap));
    if (code_first && !row.name.empty() && !row.numbers.empty()) {
      row.region = sdk::CollapseSpaces(cell);
      return row;
    }
  }
  return sdk::SplitNameAndNumbers(line.text);
}

class LayoutAImporter final : public plugin::Importer {
 public:
  plugin::ImporterInfo Info() const noexcept override {
    return {"layout-a",
            "1.5.0",
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
      if (sdk::IsRegionTotalRow(line.text)) total = true;
      if (sdk::SplitNameAndNumbers(line.text).numbers.size() >= 4) ++rows;
    }
    if (rows == 0) return 0;
    return 40 + (rows >= 2 ? 20 : 0) + (period ? 20 : 0) + (total ? 15 : 0);
  }

  ParseOutcome Parse(std::string_view text,
                     const plugin::ParseHints& hints) const noexcept override {
    return sdk::GuardParse("layout-a", [&] {
      ParseOutcome outcome =
          sdk::ReadPublications(sdk::SplitLines(text), SplitRow);
      // A period stated where the reader does not look for one: a title
      // "... – 2024Q3", the file's name.
      if (outcome.ok) {
        if (auto contradiction = sdk::TakeStatedPeriod(&outcome.documents, "",
                                                       hints.file_name)) {
          return *contradiction;
        }
      }
      return outcome;
    });
  }
};

}  // namespace
}  // namespace tkp::layout_a

TKP_EXPORT_IMPORTER(tkp::layout_a::LayoutAImporter)
