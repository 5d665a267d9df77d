#include "plugins/sdk/name_column.h"

#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "plugins/sdk/text_columns.h"

namespace tkp::sdk {
namespace {

// How far left of the name column `pdftotext -layout` may set a name when
// the region cell beside it is full: it keeps one space after the cell.
constexpr int kNameColumnSlack = 4;

}  // namespace

int NameColumn(const std::vector<Line>& lines, const RowSplitter& split_row) {
  std::map<int, int> rows_at;
  for (const Line& line : lines) {
    const NameAndNumbers row = split_row(line);
    if (row.name.empty() || row.numbers.size() < 2 || !row.region.empty()) {
      continue;
    }
    // Only where a column's gap stands before the name: text joined a
    // space apart (a PDF's lines, read by position) keeps no columns.
    const std::string_view first = SplitWords(row.name).front();
    const size_t at = line.text.find(first);
    if (at == std::string_view::npos || at < 2 ||
        line.text.substr(at - 2, 2) != "  ") {
      continue;
    }
    ++rows_at[CharactersIn(line.text.substr(0, at))];
  }
  int best = -1;
  int best_rows = 2;
  for (const auto& [column, count] : rows_at) {
    if (count > best_rows) {
      best = column;
      best_rows = count;
    }
  }
  return best;
}

void SplitOffRegionCell(const Line& line, int name_column,
                        NameAndNumbers* row) {
  const std::vector<std::string_view> words = SplitWords(row->name);
  // The row begins left of the name column (pdftotext indents a page by
  // its margin, so not necessarily at column 0).
  if (!row->region.empty() || words.empty() ||
      ColumnOf(line.text, words.front()) >= name_column - kNameColumnSlack) {
    return;
  }
  // The name as the row gives it is the line's text up to the numbers,
  // spaces collapsed: word k of it is word k of the line.
  const std::string_view text = line.text;
  const std::vector<std::string_view> line_words = SplitWords(text);
  size_t first_name_word = 0;
  for (size_t w = 1; w < words.size() && w < line_words.size(); ++w) {
    const size_t at = static_cast<size_t>(line_words[w].data() - text.data());
    const int column = CharactersIn(text.substr(0, at));
    // A word at the name column after a column's gap begins the name
    // whatever the cell before it holds (the rest of a region cell that
    // wrapped beside the next row: "Nijmegen      Beuningen ...").
    const bool after_gap = at >= 2 && text.substr(at - 2, 2) == "  ";
    if ((std::abs(column - name_column) <= kNameColumnSlack && after_gap) ||
        (column <= name_column && column >= name_column - kNameColumnSlack)) {
      first_name_word = w;
    }
  }
  if (first_name_word == 0) {
    // All of it ends left of the name column: a region cell beside a row
    // whose name stands above and below its counts (cells centred on
    // their rows), not a name.
    if (words.size() > line_words.size()) return;
    const std::string_view last = line_words[words.size() - 1];
    if (ColumnAt(text, last) + CharactersIn(last) <= name_column - 2) {
      row->region = std::move(row->name);
      row->name.clear();
    }
    return;
  }
  std::string region, name;
  for (size_t w = 0; w < words.size(); ++w) {
    std::string& part = w < first_name_word ? region : name;
    if (!part.empty()) part += ' ';
    part += words[w];
  }
  row->region = std::move(region);
  row->name = std::move(name);
}

}  // namespace tkp::sdk
