#include "plugins/sdk/name_column.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "plugins/sdk/text_columns.h"
#include "plugins/sdk/wrapped_cells.h"

namespace tkp::sdk {
namespace {

// How far left of the name column `pdftotext -layout` may set a name when
// the region cell beside it is full: it keeps one space after the cell.
constexpr int kNameColumnSlack = 4;

// The index of the word of `words` (in `text`) beginning at `column`.
std::optional<size_t> WordAt(std::string_view text,
                             const std::vector<std::string_view>& words,
                             int column) {
  for (size_t w = 0; w < words.size(); ++w) {
    if (ColumnAt(text, words[w]) == column) return w;
  }
  return std::nullopt;
}

// A line of a wrapped cell's parts: a few words without digits, the
// first of them perhaps the region's code ("16").
bool IsPartLine(const Line& line) {
  return !IsBlank(line.text) && IsRegionCellPart(line.text) &&
         SplitWords(line.text).size() <= 2 * kMaxCellLineWords;
}

// The left edge `a` and `b` share left of the name column: see
// NameColumns. `between`: whether counts alone stand between them.
std::optional<int> SharedLeftEdge(const Line& a, const Line& b, bool between,
                                  int table_column,
                                  const RowSplitter& split_row) {
  const auto is_row = [&](const Line& line) {
    return split_row(line).numbers.size() >= kCountsOfARow;
  };
  // One cell's lines: parts, with a row's counts beside or between them
  // (two parts alone may be a region cell that wrapped: "31 Helmond-"
  // above "De Peel").
  const bool cells = (IsPartLine(a) && IsPartLine(b) && between) ||
                     (IsPartLine(a) && is_row(b)) ||
                     (is_row(a) && IsPartLine(b));
  if (!cells) return std::nullopt;
  const std::vector<std::string_view> a_words = SplitWords(a.text);
  const std::vector<std::string_view> b_words = SplitWords(b.text);
  if (a_words.empty() || b_words.empty()) return std::nullopt;
  // A crowded name stands in the right half of the region column: further
  // left is the region cell's own edge (its name wrapped, "31 Helmond-"
  // above "De Peel", shares one too).
  const int region_column = std::min(ColumnAt(a.text, a_words.front()),
                                     ColumnAt(b.text, b_words.front()));
  const int half_way = (region_column + table_column) / 2;
  for (size_t wb = 0; wb < b_words.size(); ++wb) {
    const int column = ColumnAt(b.text, b_words[wb]);
    if (column >= table_column - kNameColumnSlack) break;
    if (column <= half_way || HasDigit(b_words[wb])) continue;
    const std::optional<size_t> wa = WordAt(a.text, a_words, column);
    if (wa && (*wa > 0 || wb > 0) && !HasDigit(a_words[*wa])) return column;
  }
  return std::nullopt;
}

}  // namespace

int NameColumns::At(const Line& line) const {
  const auto found = crowded.find(line.number);
  return found != crowded.end() ? found->second : table;
}

NameColumns FindNameColumns(const std::vector<Line>& lines,
                            const RowSplitter& split_row) {
  NameColumns columns;
  columns.table = NameColumn(lines, split_row);
  if (columns.table <= 0) return columns;
  const Line* previous = nullptr;  // the last line with words
  bool between = false;            // counts alone since `previous`
  for (const Line& line : lines) {
    if (IsBlank(line.text)) {
      previous = nullptr;
      continue;
    }
    const NameAndNumbers row = split_row(line);
    if (row.name.empty() && row.region.empty()) {
      between = true;  // counts alone
      continue;
    }
    if (previous != nullptr) {
      if (const std::optional<int> column = SharedLeftEdge(
              *previous, line, between, columns.table, split_row)) {
        columns.crowded[previous->number] = *column;
        columns.crowded[line.number] = *column;
      }
    }
    previous = &line;
    between = false;
  }
  return columns;
}

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
