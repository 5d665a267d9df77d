#include "plugins/sdk/publication_text.h"

#include <optional>
#include <set>
#include <string>
#include <utility>

#include "plugins/sdk/outcome.h"
#include "plugins/sdk/region_table.h"
#include "plugins/sdk/register_sentence.h"

namespace tkp::sdk {
namespace {

using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;

// The column (in characters, not bytes) at which `part` begins in `text`,
// which must hold it; -1 when it does not.
int ColumnOf(std::string_view text, std::string_view part) {
  const size_t at = part.empty() ? std::string_view::npos : text.find(part);
  if (at == std::string_view::npos) return -1;
  int column = 0;
  for (size_t i = 0; i < at; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++column;
  }
  return column;
}

// The words a wrapped name cell leaves below its row at most ("aan den
// IJssel"): a longer line is prose, not the rest of a name.
constexpr size_t kMaxWrappedWords = 3;

// Whether `line` (no numbers on it) is the rest of the name of the row on
// `row_line`, wrapped in its cell: it stands in the name's column (as
// `pdftotext -layout` keeps the columns of a table whose cells wrap) and
// is a few words without digits.
bool ContinuesName(const Line& row_line, const std::string& name,
                   const Line& line) {
  const std::string_view rest = Trim(line.text);
  if (rest.empty() || SplitWords(rest).size() > kMaxWrappedWords) return false;
  for (const char c : rest) {
    if (c >= '0' && c <= '9') return false;
  }
  const std::string first_word(
      SplitWords(name).empty() ? std::string_view() : SplitWords(name).front());
  const int name_column = ColumnOf(row_line.text, first_word);
  const int rest_column = ColumnOf(line.text, rest);
  return name_column > 0 && rest_column >= name_column - 1 &&
         rest_column <= name_column + 1;
}

// Reads one region's table from lines[*i]: the period line (if any; what
// comes before it is title and prose), the municipality rows, TOTAAL AMR
// and the region line. Leaves *i after the region line. A document
// without rows means no table follows.
std::optional<ParseOutcome> ReadTable(const std::vector<Line>& lines,
                                      const RowSplitter& split_row,
                                      const plugin::Origin& origin, size_t* i,
                                      RawDocument* doc) {
  const auto is_row = [&](const Line& line) {
    const NameAndNumbers row = split_row(line);
    return !row.name.empty() && !row.numbers.empty();
  };
  size_t& at = *i;
  // The lines above the first row (title, headings, a running page header):
  // the same line again inside the table is where it runs onto a new page.
  std::set<std::string> headings;
  for (; at < lines.size(); ++at) {
    if (is_row(lines[at]) || IsRegionTotalRow(lines[at].text)) break;
    if (auto period = FindPeriod(lines[at].text)) {
      doc->period_year = period->year;
      doc->period_quarter = period->quarter;
      doc->period_line = lines[at].number;
      if (!period->rest.empty()) {
        doc->region_names.push_back({period->rest, lines[at].number});
      }
      ++at;
      break;
    }
    if (!IsBlank(lines[at].text))
      headings.insert(CollapseSpaces(lines[at].text));
    KeepUnread(lines[at], doc);
  }

  // Municipality rows until TOTAAL AMR. Lines without numbers before the
  // first row are headings; after it, they mean the table is broken. A
  // repeated period line is a page header of a table that runs on.
  bool total_seen = false;
  const Line* last_row = nullptr;  // the last municipality row's line
  for (; at < lines.size(); ++at) {
    const Line& line = lines[at];
    if (IsBlank(line.text)) continue;
    if (auto period = FindPeriod(line.text)) {
      if (period->year != doc->period_year ||
          period->quarter != doc->period_quarter) {
        return ParseOutcome::Failure(
            line.number,
            "a second period line contradicts the first (" +
                std::string(Trim(line.text)) + ")",
            origin);
      }
      const bool same_region =
          doc->region_names.empty() ||
          CollapseSpaces(period->rest) ==
              CollapseSpaces(doc->region_names.front().text);
      if (!period->rest.empty() && !same_region && !doc->rows.empty()) {
        return ParseOutcome::Failure(
            line.number,
            "the next region's period line (" + std::string(Trim(line.text)) +
                ") comes before the TOTAAL AMR row of the table above it; "
                "that table looks cut off",
            origin);
      }
      if (doc->rows.empty()) KeepUnread(line, doc);
      continue;
    }
    const NameAndNumbers row = split_row(line);
    // The label may have wrapped in its cell: the row's name is what counts.
    if (IsRegionTotalRow(line.text) || IsRegionTotalRow(row.name)) {
      doc->rows.push_back({RawRow::Kind::kRegionTotal, line.number,
                           std::string(kRegionTotalLabel), row.numbers});
      total_seen = true;
      ++at;
      break;
    }
    if (row.numbers.empty() || row.name.empty()) {
      // Headings before the first row, and the same headings again where
      // the table runs onto the next page.
      if (doc->rows.empty() || headings.contains(CollapseSpaces(line.text))) {
        headings.insert(CollapseSpaces(line.text));
        KeepUnread(line, doc);
        continue;
      }
      if (last_row != nullptr &&
          ContinuesName(*last_row, doc->rows.back().name, line)) {
        RawRow& wrapped = doc->rows.back();
        wrapped.name += " " + CollapseSpaces(line.text);
        // "TOTAAL" above "AMR": the label of the total row wrapped.
        if (IsRegionTotalRow(wrapped.name)) {
          wrapped.kind = RawRow::Kind::kRegionTotal;
          wrapped.name = std::string(kRegionTotalLabel);
          total_seen = true;
          ++at;
          break;
        }
        continue;
      }
      return ParseOutcome::Failure(
          line.number,
          "expected a municipality followed by five numbers, found \"" +
              std::string(Trim(line.text)) + "\"",
          origin);
    }
    if (!row.region.empty()) ReadRegionCell(row.region, line.number, doc);
    doc->rows.push_back(
        {RawRow::Kind::kMunicipality, line.number, row.name, row.numbers});
    last_row = &line;
  }

  // The region's number (or CBS code) and name follow the TOTAAL AMR row:
  // " 9 Twente", "AM05 Twente".
  if (total_seen) {
    for (; at < lines.size() && IsBlank(lines[at].text); ++at) {
    }
    if (at < lines.size()) {
      const std::vector<std::string_view> words = SplitWords(lines[at].text);
      if (!words.empty() && LooksLikeRegionCode(words[0]) &&
          (words.size() >= 2 || !LooksLikeNumber(words[0]))) {
        doc->region_code = {std::string(words[0]), lines[at].number};
        std::string name;
        for (size_t w = 1; w < words.size(); ++w) {
          if (!name.empty()) name += ' ';
          name += words[w];
        }
        if (!name.empty()) {
          doc->region_names.push_back({name, lines[at].number});
        }
        ++at;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

bool IsRegionTotalRow(std::string_view text) {
  return StartsWithIgnoreCase(Trim(text), kRegionTotalLabel);
}

void KeepUnread(const Line& line, RawDocument* doc) {
  if (!IsBlank(line.text)) {
    doc->unread.push_back({std::string(Trim(line.text)), line.number});
  }
}

ParseOutcome ReadPublications(const std::vector<Line>& lines,
                              const RowSplitter& split_row,
                              const plugin::Origin& origin) {
  // Where the next region's table begins: its period line, or a row of
  // counts (a table without a period line of its own).
  const auto starts_table = [&](const Line& line) {
    return FindPeriod(line.text) || IsRegionTotalRow(line.text) ||
           split_row(line).numbers.size() >= 3;
  };
  std::vector<RawDocument> documents;
  size_t i = 0;
  while (i < lines.size()) {
    RawDocument doc;
    doc.origin = origin;
    if (std::optional<ParseOutcome> failure =
            ReadTable(lines, split_row, origin, &i, &doc)) {
      return *failure;
    }
    if (doc.rows.empty() && !documents.empty()) {
      // No table after the last one: what was read is prose, kept for the
      // server to look over.
      std::vector<plugin::Located>& unread = documents.back().unread;
      unread.insert(unread.end(), doc.unread.begin(), doc.unread.end());
      for (const plugin::Located& name : doc.region_names) {
        unread.push_back(name);
      }
      break;
    }
    // Up to the next table: the register sentence and prose.
    size_t next = i;
    while (next < lines.size() && !starts_table(lines[next])) ++next;
    const std::vector<Line> tail(
        lines.begin() + static_cast<std::ptrdiff_t>(i),
        lines.begin() + static_cast<std::ptrdiff_t>(next));
    ReadRegisterSentence(tail, 0, &doc);
    for (const Line& line : tail) KeepUnread(line, &doc);
    i = next;
    documents.push_back(std::move(doc));
  }
  if (documents.empty()) {
    RawDocument empty;
    empty.origin = origin;
    documents.push_back(std::move(empty));
  }
  return Succeed(std::move(documents));
}

}  // namespace tkp::sdk
