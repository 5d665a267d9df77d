#include "plugins/pdf/table_grid.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/register_sentence.h"

namespace tkp::pdf {
namespace {

// Points: right edges of a column's numbers, and left edges of a column's
// names, agree within this.
constexpr double kColumnTolerance = 4.0;
// A table row has four counts and a total; three on columns make a row.
constexpr size_t kCellsOfARow = 3;
// Of a line's height: a wrapped part of a cell stands at most this far
// from the row it belongs to.
constexpr double kMaxWrapGap = 1.0;

// Where a line's name ends and its cells (column index -> number) begin.
struct Split {
  size_t name_end = 0;
  std::map<size_t, std::string> cells;
};

Split SplitLine(const TextLine& line, const std::vector<double>& columns) {
  Split split;
  split.name_end = line.words.size();
  while (split.name_end > 0) {
    const Word& word = line.words[split.name_end - 1];
    if (!sdk::LooksLikeNumber(word.text)) break;
    const auto column =
        std::find_if(columns.begin(), columns.end(), [&](double edge) {
          return std::fabs(edge - word.right) <= kColumnTolerance;
        });
    if (column == columns.end()) break;
    const size_t index = static_cast<size_t>(column - columns.begin());
    if (split.cells.contains(index)) break;  // two numbers in one column
    split.cells[index] = word.text;
    --split.name_end;
  }
  return split;
}

std::string Join(const std::vector<Word>& words, size_t from, size_t to) {
  std::string text;
  for (size_t i = from; i < to; ++i) {
    if (!text.empty()) text += ' ';
    text += words[i].text;
  }
  return text;
}

// The left edge most names start at: the largest cluster of the rows'
// first words.
std::optional<double> NameColumnLeft(const std::vector<double>& lefts) {
  if (lefts.empty()) return std::nullopt;
  std::vector<double> sorted = lefts;
  std::sort(sorted.begin(), sorted.end());
  double best = sorted.front();
  size_t best_count = 0;
  for (size_t i = 0; i < sorted.size(); ++i) {
    size_t count = 0;
    while (i + count < sorted.size() &&
           sorted[i + count] - sorted[i] <= kColumnTolerance) {
      ++count;
    }
    if (count > best_count) {
      best = sorted[i];
      best_count = count;
    }
  }
  return best;
}

// One data row being rebuilt.
struct RowBuild {
  const TextLine* line;
  std::string above, name, below, region;
  double top, bottom;  // of the row with its wrapped parts
  std::vector<std::string> numbers;
};

}  // namespace

std::vector<double> FindColumns(const std::vector<TextLine>& lines) {
  std::vector<double> edges;
  for (const TextLine& line : lines) {
    // Only rows that end in several numbers say where the columns are.
    size_t trailing = 0;
    for (auto w = line.words.rbegin();
         w != line.words.rend() && sdk::LooksLikeNumber(w->text); ++w) {
      ++trailing;
    }
    if (trailing < kCellsOfARow) continue;
    for (size_t i = line.words.size() - trailing; i < line.words.size(); ++i) {
      edges.push_back(line.words[i].right);
    }
  }
  std::sort(edges.begin(), edges.end());
  // Clusters of edges; a column has one per row that fills it.
  std::vector<std::pair<double, int>> clusters;  // mean edge, members
  for (double edge : edges) {
    if (!clusters.empty() && edge - clusters.back().first <= kColumnTolerance) {
      auto& [mean, count] = clusters.back();
      mean = (mean * count + edge) / (count + 1);
      ++count;
    } else {
      clusters.push_back({edge, 1});
    }
  }
  std::vector<double> columns;
  for (const auto& [mean, count] : clusters) {
    if (count >= 2) columns.push_back(mean);
  }
  return columns;
}

sdk::NameAndNumbers SplitByColumns(const TextLine& line,
                                   const std::vector<double>& columns) {
  Split split = SplitLine(line, columns);
  sdk::NameAndNumbers row;
  row.name = Join(line.words, 0, split.name_end);
  for (auto& [index, text] : split.cells)
    row.numbers.push_back(std::move(text));
  return row;
}

TableGrid BuildGrid(const std::vector<NumberedLine>& lines,
                    const std::vector<double>& columns) {
  std::vector<Split> splits;
  std::vector<double> name_lefts;
  double first_number_left = 1e9;
  for (const NumberedLine& numbered : lines) {
    splits.push_back(SplitLine(*numbered.line, columns));
    const Split& split = splits.back();
    if (split.cells.size() < kCellsOfARow) continue;
    const std::vector<Word>& words = numbered.line->words;
    if (split.name_end > 0) name_lefts.push_back(words.front().left);
    first_number_left = std::min(first_number_left, words[split.name_end].left);
  }
  TableGrid grid;
  const std::optional<double> name_left = NameColumnLeft(name_lefts);
  if (!name_left) return grid;

  // The data rows, a region cell split off where words begin left of the
  // name column (by where a word begins: a region cell that fills its
  // column ends right at the name column's edge).
  std::map<size_t, RowBuild> rows;  // by index into lines
  for (size_t i = 0; i < lines.size(); ++i) {
    if (splits[i].cells.size() < kCellsOfARow) continue;
    const TextLine& line = *lines[i].line;
    size_t first_name = 0;
    if (!sdk::IsRegionTotalRow(line.text)) {
      while (first_name < splits[i].name_end &&
             line.words[first_name].left < *name_left - kColumnTolerance) {
        ++first_name;
      }
    }
    RowBuild row{&line,
                 "",
                 Join(line.words, first_name, splits[i].name_end),
                 "",
                 Join(line.words, 0, first_name),
                 line.top,
                 line.bottom,
                 {}};
    for (const auto& [index, text] : splits[i].cells) {
      row.numbers.push_back(text);
    }
    rows.emplace(i, std::move(row));
  }

  // Lines without counts between rows: the wrapped part of a name (words
  // within the name column) or a region cell of its own (words left of
  // it), joined to the row they stand closest to, on the same page.
  const auto in_name_column = [&](const TextLine& line) {
    return std::all_of(line.words.begin(), line.words.end(),
                       [&](const Word& w) {
                         return w.left >= *name_left - kColumnTolerance &&
                                w.right < first_number_left;
                       });
  };
  const auto in_region_column = [&](const TextLine& line) {
    return std::all_of(
        line.words.begin(), line.words.end(),
        [&](const Word& w) { return w.right < *name_left - kColumnTolerance; });
  };
  // The period line and the register sentence are never part of a cell,
  // even where they fit in one column (a sentence cut off at the page's
  // edge, as Calc prints one that overflows its cell).
  const auto is_part = [&](size_t i) {
    const TextLine& line = *lines[i].line;
    return splits[i].cells.empty() && !line.words.empty() &&
           !sdk::FindPeriod(line.text) &&
           sdk::FindRegisterSentence({{line.text, lines[i].number}})
               .register_size.empty() &&
           (in_name_column(line) || in_region_column(line));
  };
  for (size_t i = 0; i < lines.size(); ++i) {
    if (rows.contains(i) || !is_part(i)) continue;
    const TextLine& line = *lines[i].line;
    // The rows before and after, across other parts only.
    std::optional<size_t> before, after;
    for (size_t j = i; j-- > 0;) {
      if (rows.contains(j)) before = j;
      if (rows.contains(j) || !is_part(j)) break;
    }
    for (size_t j = i + 1; j < lines.size(); ++j) {
      if (rows.contains(j)) after = j;
      if (rows.contains(j) || !is_part(j)) break;
    }
    const double height = line.bottom - line.top;
    const auto gap_to = [&](std::optional<size_t> j) {
      if (!j || lines[*j].line->page != line.page) return 1e9;
      const RowBuild& row = rows.at(*j);
      return *j < i ? line.top - row.bottom : row.top - line.bottom;
    };
    const bool region = in_region_column(line);
    // A complete TOTAAL AMR label takes no more text; a line above a
    // table's first row is a header, not a part of it.
    const bool before_open =
        before &&
        (region || !sdk::IsRegionTotalRow(rows.at(*before).name + " " +
                                          rows.at(*before).below));
    const double gap_before = before_open ? gap_to(before) : 1e9;
    const double gap_after = before ? gap_to(after) : 1e9;
    const std::optional<size_t> to =
        gap_before <= gap_after ? (before_open ? before : std::nullopt) : after;
    if (!to || std::min(gap_before, gap_after) > kMaxWrapGap * height) continue;
    RowBuild& row = rows.at(*to);
    std::string& part = region ? row.region : (*to < i ? row.below : row.above);
    sdk::AppendWrapped(&part, line.text);
    row.top = std::min(row.top, line.top);
    row.bottom = std::max(row.bottom, line.bottom);
    grid.joined.insert(lines[i].number);
  }

  for (auto& [i, row] : rows) {
    sdk::NameAndNumbers out;
    for (const std::string* part : {&row.above, &row.name, &row.below}) {
      sdk::AppendWrapped(&out.name, *part);
    }
    out.region = std::move(row.region);
    out.numbers = std::move(row.numbers);
    grid.rows[lines[i].number] = std::move(out);
  }
  return grid;
}

}  // namespace tkp::pdf
