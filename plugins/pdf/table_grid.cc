#include "plugins/pdf/table_grid.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/register_sentence.h"

namespace tkp::pdf {
namespace {

// Points: right edges of a column's numbers, and left edges of a column's
// names, agree within this.
constexpr double kColumnTolerance = 4.0;
// Points: the right edges of one column's numbers lie within this.
constexpr double kColumnEdgeSpread = 2.0;
// A table row has four counts and a total; three on columns make a row.
constexpr size_t kCellsOfARow = 3;
// Of a line's height: a wrapped part of a cell stands at most this far
// from the row it belongs to.
constexpr double kMaxWrapGap = 1.0;
// Points: the lines of one cell touch (a header above a table's first row
// stands apart by the cells' padding).
constexpr double kCellLineGap = 1.0;
// Of a line's height: the space between two lines of one cell at most.
constexpr double kMaxCellLeading = 0.5;
// Lines a region cell on a row of its own wraps onto at most.
constexpr size_t kSpanningCellLines = 3;
// Rows before and after a line that say where the name column is near it.
constexpr size_t kNearRows = 12;

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
    // The nearest column: a browser sizes each table's columns anew, so
    // the columns of several tables may stand a few points apart.
    const auto column = std::min_element(
        columns.begin(), columns.end(), [&](double a, double b) {
          return std::fabs(a - word.right) < std::fabs(b - word.right);
        });
    if (column == columns.end() ||
        std::fabs(*column - word.right) > kColumnTolerance) {
      break;
    }
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

// The left edge names start at: of the clusters of the rows' first words
// that hold a third of the rows or more, the rightmost. Rows with a region
// cell begin left of it, and in a short table they may be most rows.
std::optional<double> NameColumnLeft(const std::vector<double>& lefts) {
  if (lefts.empty()) return std::nullopt;
  std::vector<double> sorted = lefts;
  std::sort(sorted.begin(), sorted.end());
  std::optional<double> best;
  for (size_t i = 0; i < sorted.size(); ++i) {
    size_t count = 0;
    while (i + count < sorted.size() &&
           sorted[i + count] - sorted[i] <= kColumnTolerance) {
      ++count;
    }
    if (3 * count >= sorted.size() &&
        (!best || sorted[i] > *best + kColumnTolerance)) {
      best = sorted[i];
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
  // Clusters of edges; a column has one per row that fills it. Numbers set
  // flush right in one column end at the same point; a cluster spans no
  // more than kColumnEdgeSpread, so the columns of two tables a few points
  // apart stay two columns.
  struct Cluster {
    double first, sum;
    int count;
  };
  std::vector<Cluster> clusters;
  for (double edge : edges) {
    if (!clusters.empty() &&
        edge - clusters.back().first <= kColumnEdgeSpread) {
      clusters.back().sum += edge;
      ++clusters.back().count;
    } else {
      clusters.push_back({edge, edge, 1});
    }
  }
  std::vector<double> columns;
  for (const Cluster& c : clusters) {
    if (c.count >= 2) columns.push_back(c.sum / c.count);
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
  std::map<size_t, double> name_lefts;  // of each row with a name
  // Of each row (by index into lines): where its first count begins. A
  // browser sizes each table's columns anew, so the name column ends
  // where the nearest row's counts begin.
  std::map<size_t, const Word*> first_counts;
  for (size_t i = 0; i < lines.size(); ++i) {
    splits.push_back(SplitLine(*lines[i].line, columns));
    const Split& split = splits.back();
    if (split.cells.size() < kCellsOfARow) continue;
    const std::vector<Word>& words = lines[i].line->words;
    if (split.name_end > 0) name_lefts[i] = words.front().left;
    first_counts[i] = &words[split.name_end];
  }
  // The row nearest line i on its page, the next one first.
  const auto nearest_row = [&](size_t i) -> const Word* {
    const auto after = first_counts.lower_bound(i);
    const int page = lines[i].line->page;
    if (after != first_counts.end() && lines[after->first].line->page == page) {
      return after->second;
    }
    if (after != first_counts.begin() &&
        lines[std::prev(after)->first].line->page == page) {
      return std::prev(after)->second;
    }
    return nullptr;
  };
  TableGrid grid;
  std::vector<double> all_lefts;
  for (const auto& [i, left] : name_lefts) all_lefts.push_back(left);
  const std::optional<double> name_left = NameColumnLeft(all_lefts);
  if (!name_left) return grid;
  // Where the name column begins near line i: as the rows of its table
  // around it on its page begin (a browser sizes each table's columns
  // anew; rows of one table have their first counts flush right in one
  // column), or as most rows of the document do.
  const auto name_left_near = [&](size_t i) {
    const Word* ref = nearest_row(i);
    if (ref == nullptr) return *name_left;
    std::vector<double> near;
    for (auto it = name_lefts.lower_bound(i > kNearRows ? i - kNearRows : 0);
         it != name_lefts.end() && it->first <= i + kNearRows; ++it) {
      if (lines[it->first].line->page == lines[i].line->page &&
          std::fabs(first_counts.at(it->first)->right - ref->right) <=
              kColumnEdgeSpread) {
        near.push_back(it->second);
      }
    }
    return near.size() >= kCellsOfARow ? *NameColumnLeft(near) : *name_left;
  };

  // The data rows, a region cell split off where words begin left of the
  // name column (by where a word begins: a region cell that fills its
  // column ends right at the name column's edge).
  std::map<size_t, RowBuild> rows;  // by index into lines
  for (size_t i = 0; i < lines.size(); ++i) {
    if (splits[i].cells.size() < kCellsOfARow) continue;
    const TextLine& line = *lines[i].line;
    size_t first_name = 0;
    if (!sdk::IsRegionTotalRow(line.text)) {
      const double names_left = name_left_near(i);
      while (first_name < splits[i].name_end &&
             line.words[first_name].left < names_left - kColumnTolerance) {
        ++first_name;
      }
      // A region cell that ran into the name without a gap ("16
      // Zaanstreek/WateBeemster", as Calc prints a cell cut off at its
      // neighbour): one word across the name column's edge holds both.
      // The validator takes the cell's pieces off the name.
      if (first_name > 0 && first_name == splits[i].name_end &&
          line.words[first_name - 1].right >
              names_left + 2 * kColumnTolerance) {
        --first_name;
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
  // within the name column), a region cell of its own (words left of it),
  // or both side by side (a browser centres every cell of a row, so the
  // region cell may stand beside the second line of a wrapped name),
  // joined to the row they stand closest to, on the same page.
  const auto number_left_near = [&](size_t i) {
    const Word* ref = nearest_row(i);
    return ref != nullptr ? ref->left : 0.0;
  };
  const auto in_name_column = [](const Word& w, double names_left,
                                 double numbers_left) {
    return w.left >= names_left - kColumnTolerance && w.right < numbers_left;
  };
  // A region cell's words end before the name column; a full cell's right
  // at its edge.
  const auto in_region_column = [](const Word& w, double names_left) {
    return w.right <= names_left && w.left < names_left - kColumnTolerance;
  };
  // The period line and the register sentence are never part of a cell,
  // even where they fit in one column (a sentence cut off at the page's
  // edge, as Calc prints one that overflows its cell).
  // Decided once per line: the walks below ask about a line again for
  // every row near it.
  std::vector<bool> parts(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    const TextLine& line = *lines[i].line;
    parts[i] = splits[i].cells.empty() && !line.words.empty() &&
               !sdk::FindPeriod(line.text) &&
               sdk::FindRegisterSentence({{line.text, lines[i].number}})
                   .register_size.empty() &&
               std::all_of(line.words.begin(), line.words.end(),
                           [&, names = name_left_near(i),
                            numbers = number_left_near(i)](const Word& w) {
                             return in_name_column(w, names, numbers) ||
                                    in_region_column(w, names);
                           });
  }
  const auto is_part = [&](size_t i) { return parts[i]; };
  // The lines of cells set at the bottom of a table's first row (as
  // ReportLab and Excel set them): from the line that touches the row up,
  // parts a cell's leading apart. A header stands further off.
  std::set<size_t> cell_lines_above;
  for (const auto& [r, row] : rows) {
    size_t below = r;
    double top = row.top;
    for (size_t j = r; j-- > 0 && !rows.contains(j) && is_part(j);) {
      const TextLine& line = *lines[j].line;
      const double gap = top - line.bottom;
      if (line.page != lines[r].line->page ||
          gap >= (below == r ? kCellLineGap
                             : kMaxCellLeading * (line.bottom - line.top))) {
        break;
      }
      cell_lines_above.insert(j);
      below = j;
      top = line.top;
    }
  }
  // A region cell on a row of its own above a table's first row: lines of
  // the region column alone, a line or less apart, the topmost beginning
  // with the region's code ("18 Noord-Holland" above "Noord"); a header's
  // words in that column ("io" of "Arbeidsmarktregio") do not.
  for (const auto& [r, row] : rows) {
    std::vector<size_t> block;
    double top = row.top;
    for (size_t j = r; j-- > 0 && !rows.contains(j) && is_part(j);) {
      const TextLine& line = *lines[j].line;
      const double names_left = name_left_near(j);
      if (line.page != lines[r].line->page ||
          top - line.bottom > kMaxWrapGap * (line.bottom - line.top) ||
          !std::all_of(
              line.words.begin(), line.words.end(),
              [&](const Word& w) { return in_region_column(w, names_left); })) {
        break;
      }
      block.push_back(j);
      top = line.top;
    }
    if (!block.empty() && sdk::LooksLikeRegionCode(
                              lines[block.back()].line->words.front().text)) {
      cell_lines_above.insert(block.begin(), block.end());
    }
  }
  // A region cell on a row of its own (a browser's colspan): lines whose
  // words all begin left of the name column, though they may run across
  // it, a line or less apart or over a page break ("17 Zuid-" at a page's
  // foot, "Kennemerland en" / "IJmond" at the next one's head), the topmost
  // beginning with the region's code; all their words are the cell's.
  std::set<size_t> spanning_cell;
  for (const auto& [r, row] : rows) {
    std::vector<size_t> block;
    double top = row.top;
    int page = lines[r].line->page;
    for (size_t j = r; j-- > 0 && !rows.contains(j) &&
                       splits[j].cells.empty() &&
                       block.size() < kSpanningCellLines;) {
      const TextLine& line = *lines[j].line;
      // The cell may begin at the foot of the page before: a browser
      // breaks a row's lines over pages.
      const bool over_page_break = line.page == page - 1 && !block.empty() &&
                                   lines[j + 1].line->page == page;
      if (line.words.empty() || (line.page != page && !over_page_break) ||
          (!over_page_break &&
           top - line.bottom > kMaxWrapGap * (line.bottom - line.top)) ||
          !std::all_of(line.words.begin(), line.words.end(),
                       [&, names_left = name_left_near(j)](const Word& w) {
                         return w.left < names_left - kColumnTolerance;
                       }) ||
          sdk::FindPeriod(line.text)) {
        break;
      }
      block.push_back(j);
      top = line.top;
      page = line.page;
      if (sdk::LooksLikeRegionCode(line.words.front().text)) {
        spanning_cell.insert(block.begin(), block.end());
        break;
      }
    }
  }
  for (const size_t j : spanning_cell) {
    parts[j] = true;
    cell_lines_above.insert(j);
  }
  // Region cell text by the line it stands on: the row it joins, the text.
  std::map<size_t, std::pair<size_t, std::string>> region_parts;
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
    std::string region_part, name_part;
    const double names_left = name_left_near(i);
    for (const Word& w : line.words) {
      std::string& part =
          spanning_cell.contains(i) || in_region_column(w, names_left)
              ? region_part
              : name_part;
      if (!part.empty()) part += ' ';
      part += w.text;
    }
    const bool region = name_part.empty();
    // A complete TOTAAL AMR label takes no more text; a line above a
    // table's first row is a header, not a part of it (but see below). A
    // table that runs onto a new page is still open there, under the
    // page's header.
    const auto total = [&](const RowBuild& row) {
      return sdk::IsRegionTotalRow(row.name + " " + row.below) ||
             sdk::IsRegionTotalRow(row.above + " " + row.name);
    };
    const bool before_open = before && (region || !total(rows.at(*before)));
    const auto last_row = rows.lower_bound(i);
    const bool in_open_table = before || (last_row != rows.begin() &&
                                          !total(std::prev(last_row)->second));
    const double gap_before = before_open ? gap_to(before) : 1e9;
    // A line that touches or overlaps a row is part of it even above the
    // table's first row, and so are the lines of a cell above it: the
    // row's counts stand beside the middle or the last line of a cell set
    // at the middle or the bottom of its row, where a header stands apart.
    const double gap_after =
        spanning_cell.contains(i)      ? 0.0  // the cell of the row below
        : in_open_table                ? gap_to(after)
        : cell_lines_above.contains(i) ? 0.0  // one cell with the row's line
                                       : 1e9;
    const std::optional<size_t> to =
        gap_before <= gap_after ? (before_open ? before : std::nullopt) : after;
    if (!to || std::min(gap_before, gap_after) > kMaxWrapGap * height) continue;
    RowBuild& row = rows.at(*to);
    if (!region_part.empty()) region_parts[i] = {*to, region_part};
    sdk::AppendWrapped(*to < i ? &row.below : &row.above, name_part);
    row.top = std::min(row.top, line.top);
    row.bottom = std::max(row.bottom, line.bottom);
    grid.joined.insert(lines[i].number);
  }

  // A region's table has one region cell, whatever lines it spans: a
  // browser centres a merged cell over its rows and a narrow one over its
  // row, so its lines may stand beside several rows. Its text, in the
  // order of its lines, goes to the row beside its first line.
  std::map<size_t, std::string> names;  // of each row, its parts joined
  for (auto& [i, row] : rows) {
    for (const std::string* part : {&row.above, &row.name, &row.below}) {
      sdk::AppendWrapped(&names[i], *part);
    }
    if (!row.region.empty()) region_parts[i] = {i, std::move(row.region)};
    row.region.clear();
  }
  std::map<size_t, size_t> table_of;  // row -> its table, counted
  size_t table = 0;
  for (const auto& [i, row] : rows) {
    table_of[i] = table;
    if (sdk::IsRegionTotalRow(names[i])) ++table;
  }
  std::optional<size_t> cell_row;  // the row holding the open cell
  // Calc prints a merged cell again on each page its rows run onto: a part
  // that begins with the region's code again, and the parts after it that
  // repeat what the cell holds, are that cell again.
  bool repeating = false;
  for (const auto& [line, part] : region_parts) {
    const auto& [row, text] = part;
    if (!cell_row || table_of[*cell_row] != table_of[row]) {
      cell_row = row;
      repeating = false;
    }
    std::string& cell = rows.at(*cell_row).region;
    const std::vector<std::string_view> words = sdk::SplitWords(text);
    repeating = !cell.empty() &&
                ((!words.empty() && sdk::LooksLikeRegionCode(words.front())) ||
                 (repeating && sdk::IsWordRunOf(text, cell)));
    if (!repeating) sdk::AppendWrapped(&cell, text);
  }

  for (auto& [i, row] : rows) {
    sdk::NameAndNumbers out;
    out.name = std::move(names[i]);
    out.region = std::move(row.region);
    out.numbers = std::move(row.numbers);
    grid.rows[lines[i].number] = std::move(out);
  }
  return grid;
}

}  // namespace tkp::pdf
