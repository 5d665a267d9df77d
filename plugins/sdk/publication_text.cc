#include "plugins/sdk/publication_text.h"

#include <string>
#include <utility>

#include "plugins/sdk/outcome.h"
#include "plugins/sdk/register_sentence.h"

namespace tkp::sdk {

using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;

bool IsRegionTotalRow(std::string_view text) {
  return StartsWithIgnoreCase(Trim(text), kRegionTotalLabel);
}

ParseOutcome ReadPublication(const std::vector<Line>& lines,
                             const RowSplitter& split_row,
                             const plugin::Origin& origin) {
  RawDocument doc;
  doc.origin = origin;
  size_t i = 0;
  const auto is_row = [&](const Line& line) {
    const NameAndNumbers row = split_row(line);
    return !row.name.empty() && !row.numbers.empty();
  };

  // The period line comes first; the title and anything else before it is
  // prose.
  for (; i < lines.size(); ++i) {
    if (is_row(lines[i]) || IsRegionTotalRow(lines[i].text)) break;
    if (auto period = FindPeriod(lines[i].text)) {
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
  // first row are headings; after it, they mean the table is broken. A
  // repeated period line is a page header of a table that runs on.
  bool total_seen = false;
  for (; i < lines.size(); ++i) {
    const Line& line = lines[i];
    if (IsBlank(line.text)) continue;
    if (auto period = FindPeriod(line.text)) {
      if (period->year != doc.period_year ||
          period->quarter != doc.period_quarter) {
        return ParseOutcome::Failure(
            line.number,
            "a second period line contradicts the first (" +
                std::string(Trim(line.text)) + ")",
            origin);
      }
      continue;
    }
    const NameAndNumbers row = split_row(line);
    if (IsRegionTotalRow(line.text)) {
      doc.rows.push_back({RawRow::Kind::kRegionTotal, line.number,
                          std::string(kRegionTotalLabel), row.numbers});
      total_seen = true;
      ++i;
      break;
    }
    if (row.numbers.empty() || row.name.empty()) {
      if (doc.rows.empty()) continue;
      return ParseOutcome::Failure(
          line.number,
          "expected a municipality followed by five numbers, found \"" +
              std::string(Trim(line.text)) + "\"",
          origin);
    }
    doc.rows.push_back(
        {RawRow::Kind::kMunicipality, line.number, row.name, row.numbers});
  }

  // The region's number and name follow the TOTAAL AMR row: " 9 Twente".
  if (total_seen) {
    for (; i < lines.size() && IsBlank(lines[i].text); ++i) {
    }
    if (i < lines.size()) {
      const std::vector<std::string_view> words = SplitWords(lines[i].text);
      if (words.size() >= 2 && LooksLikeNumber(words[0])) {
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

  ReadRegisterSentence(lines, i, &doc);
  return Succeed(std::move(doc));
}

}  // namespace tkp::sdk
