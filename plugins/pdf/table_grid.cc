#include "plugins/pdf/table_grid.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "plugins/pdf/grid_columns.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/register_sentence.h"
#include "plugins/sdk/wrapped_cells.h"

namespace tkp::pdf {
namespace {

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

// One data row being rebuilt.
struct RowBuild {
  const TextLine* line;
  std::string above, name, below, region;
  double top, bottom;  // of the row with its wrapped parts
  std::vector<std::string> numbers;
};

// A region cell's words end before the name column; a full cell's right
// at its edge.
bool InRegionColumn(const Word& w, double names_left) {
  return w.right <= names_left && w.left < names_left - kColumnTolerance;
}

bool InNameColumn(const Word& w, double names_left, double numbers_left) {
  return w.left >= names_left - kColumnTolerance && w.right < numbers_left;
}

// BuildGrid's steps, in the order Build takes them; each reads what the
// ones before it found. Indices are into `lines`.
class GridBuilder {
 public:
  GridBuilder(const std::vector<NumberedLine>& lines,
              const CountColumns& columns)
      : lines_(lines), columns_(columns) {}

  TableGrid Build() {
    SplitLines();
    if (!name_left_) return {};
    BuildRows();
    MarkParts();
    FindCellLinesAbove();
    FindRegionCellsAbove();
    FindSpanningCells();
    FindCellsBelowPage();
    FindCellsAbovePage();
    JoinParts();
    return Finish(MergeRegionCells());
  }

 private:
  const TextLine& LineAt(size_t i) const { return *lines_[i].line; }

  // Each line's name and counts; where rows' names and first counts begin.
  void SplitLines() {
    for (size_t i = 0; i < lines_.size(); ++i) {
      splits_.push_back(SplitLine(LineAt(i), columns_));
      const Split& split = splits_.back();
      if (split.cells.size() < kCellsOfARow) continue;
      const std::vector<Word>& words = LineAt(i).words;
      if (split.name_end > 0) name_lefts_[i] = words.front().left;
      first_counts_[i] = &words[split.name_end];
    }
    std::vector<double> all_lefts;
    for (const auto& [i, left] : name_lefts_) all_lefts.push_back(left);
    name_left_ = NameColumnLeft(all_lefts);
  }

  // The first count of the row nearest line i on its page, the next one
  // first.
  const Word* NearestRow(size_t i) const {
    const auto after = first_counts_.lower_bound(i);
    const int page = LineAt(i).page;
    if (after != first_counts_.end() && LineAt(after->first).page == page) {
      return after->second;
    }
    if (after != first_counts_.begin() &&
        LineAt(std::prev(after)->first).page == page) {
      return std::prev(after)->second;
    }
    return nullptr;
  }

  // Where the name column begins near line i: as the rows of its table
  // around it on its page begin (a browser sizes each table's columns
  // anew; rows of one table have their first counts flush right in one
  // column), or as most rows of the document do.
  double NameLeftNear(size_t i) const {
    const Word* ref = NearestRow(i);
    if (ref == nullptr) return *name_left_;
    std::vector<double> near;
    for (auto it = name_lefts_.lower_bound(i > kNearRows ? i - kNearRows : 0);
         it != name_lefts_.end() && it->first <= i + kNearRows; ++it) {
      if (LineAt(it->first).page == LineAt(i).page &&
          std::fabs(first_counts_.at(it->first)->right - ref->right) <=
              kColumnEdgeSpread) {
        near.push_back(it->second);
      }
    }
    return near.size() >= kCellsOfARow ? *NameColumnLeft(near) : *name_left_;
  }

  // Where the counts begin near line i (0 away from any row).
  double NumberLeftNear(size_t i) const {
    const Word* ref = NearestRow(i);
    return ref != nullptr ? ref->left : 0.0;
  }

  // The data rows, a region cell split off where words begin left of the
  // name column (by where a word begins: a region cell that fills its
  // column ends right at the name column's edge).
  void BuildRows() {
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (splits_[i].cells.size() < kCellsOfARow) continue;
      const TextLine& line = LineAt(i);
      const size_t first_name = FirstNameWord(i);
      RowBuild row{&line,
                   "",
                   JoinWords(line.words, first_name, splits_[i].name_end),
                   "",
                   JoinWords(line.words, 0, first_name),
                   line.top,
                   line.bottom,
                   {}};
      for (const auto& [index, text] : splits_[i].cells) {
        row.numbers.push_back(text);
      }
      rows_.emplace(i, std::move(row));
    }
  }

  // The first word of row i's name: those before it are its region cell.
  size_t FirstNameWord(size_t i) const {
    const TextLine& line = LineAt(i);
    size_t first_name = 0;
    if (sdk::IsRegionTotalRow(line.text)) return first_name;
    const double names_left = NameLeftNear(i);
    while (first_name < splits_[i].name_end &&
           line.words[first_name].left < names_left - kColumnTolerance) {
      ++first_name;
    }
    // A region cell that ran into the name without a gap ("16
    // Zaanstreek/WateBeemster", as Calc prints a cell cut off at its
    // neighbour): one word across the name column's edge holds both.
    // The validator takes the cell's pieces off the name.
    if (first_name > 0 && first_name == splits_[i].name_end &&
        line.words[first_name - 1].right > names_left + 2 * kColumnTolerance) {
      --first_name;
    }
    return first_name;
  }

  // Lines without counts between rows may be parts of a row's cells: the
  // wrapped part of a name (words within the name column), a region cell
  // of its own (words left of it), or both side by side (a browser centres
  // every cell of a row, so the region cell may stand beside the second
  // line of a wrapped name). The period line and the register sentence
  // never are, even where they fit in one column (a sentence cut off at
  // the page's edge, as Calc prints one that overflows its cell). Decided
  // once per line: the walks below ask about a line again for every row
  // near it.
  void MarkParts() {
    parts_.resize(lines_.size());
    for (size_t i = 0; i < lines_.size(); ++i) {
      const TextLine& line = LineAt(i);
      parts_[i] = splits_[i].cells.empty() && !line.words.empty() &&
                  !sdk::FindPeriod(line.text) &&
                  sdk::FindRegisterSentence({{line.text, lines_[i].number}})
                      .register_size.empty() &&
                  std::all_of(line.words.begin(), line.words.end(),
                              [names = NameLeftNear(i),
                               numbers = NumberLeftNear(i)](const Word& w) {
                                return InNameColumn(w, names, numbers) ||
                                       InRegionColumn(w, names);
                              });
    }
  }

  // The lines of cells set at the bottom of a table's first row (as
  // ReportLab and Excel set them): from the line that touches the row up,
  // parts a cell's leading apart. A header stands further off.
  void FindCellLinesAbove() {
    for (const auto& [r, row] : rows_) {
      size_t below = r;
      double top = row.top;
      for (size_t j = r; j-- > 0 && !rows_.contains(j) && parts_[j];) {
        const TextLine& line = LineAt(j);
        const double gap = top - line.bottom;
        if (line.page != LineAt(r).page ||
            gap >= (below == r ? kCellLineGap
                               : kMaxCellLeading * (line.bottom - line.top))) {
          break;
        }
        cell_lines_above_.insert(j);
        below = j;
        top = line.top;
      }
    }
  }

  // A region cell on a row of its own above a table's first row: lines of
  // the region column alone, a line or less apart, the topmost beginning
  // with the region's code ("18 Noord-Holland" above "Noord"); a header's
  // words in that column ("io" of "Arbeidsmarktregio") do not.
  void FindRegionCellsAbove() {
    for (const auto& [r, row] : rows_) {
      std::vector<size_t> block;
      double top = row.top;
      for (size_t j = r; j-- > 0 && !rows_.contains(j) && parts_[j];) {
        const TextLine& line = LineAt(j);
        if (line.page != LineAt(r).page ||
            top - line.bottom > kMaxWrapGap * (line.bottom - line.top) ||
            !InRegionColumnAlone(j)) {
          break;
        }
        block.push_back(j);
        top = line.top;
      }
      if (!block.empty() &&
          sdk::LooksLikeRegionCode(LineAt(block.back()).words.front().text)) {
        cell_lines_above_.insert(block.begin(), block.end());
      }
    }
  }

  // A region cell on a row of its own (a browser's colspan): lines whose
  // words all begin left of the name column, though they may run across
  // it, a line or less apart or over a page break ("17 Zuid-" at a page's
  // foot, "Kennemerland en" / "IJmond" at the next one's head), the topmost
  // beginning with the region's code; all their words are the cell's.
  void FindSpanningCells() {
    for (const auto& [r, row] : rows_) {
      std::vector<size_t> block;
      double top = row.top;
      int page = LineAt(r).page;
      for (size_t j = r; j-- > 0 && !rows_.contains(j) &&
                         splits_[j].cells.empty() &&
                         block.size() < kSpanningCellLines;) {
        const TextLine& line = LineAt(j);
        // The cell may begin at the foot of the page before: a browser
        // breaks a row's lines over pages.
        const bool over_page_break = line.page == page - 1 && !block.empty() &&
                                     LineAt(j + 1).page == page;
        if (line.words.empty() || (line.page != page && !over_page_break) ||
            (!over_page_break &&
             top - line.bottom > kMaxWrapGap * (line.bottom - line.top)) ||
            !std::all_of(line.words.begin(), line.words.end(),
                         [names_left = NameLeftNear(j)](const Word& w) {
                           return w.left < names_left - kColumnTolerance;
                         }) ||
            sdk::FindPeriod(line.text)) {
          break;
        }
        block.push_back(j);
        top = line.top;
        page = line.page;
        if (sdk::LooksLikeRegionCode(line.words.front().text)) {
          spanning_cell_.insert(block.begin(), block.end());
          break;
        }
      }
    }
    for (const size_t j : spanning_cell_) {
      parts_[j] = true;
      cell_lines_above_.insert(j);
    }
  }

  // Whether line i's words all stand in the region column.
  bool InRegionColumnAlone(size_t i) const {
    const double names_left = NameLeftNear(i);
    const std::vector<Word>& words = LineAt(i).words;
    return std::all_of(words.begin(), words.end(), [&](const Word& w) {
      return InRegionColumn(w, names_left);
    });
  }

  // A region cell merged over rows that run onto the next page, printed
  // below the rows of the first (Gnumeric prints a merged cell's text on
  // every page its rows stand on, where the cell's middle falls, even
  // past the page's last row): the lines after a page's last row, up to
  // the page's end, all in the region column, a leading apart, the first
  // beginning with the region's code, where the table runs on (that row
  // is no TOTAAL AMR). They join that row; the cell printed again beside
  // the next page's rows is that cell again (MergeRegionCells).
  void FindCellsBelowPage() {
    for (auto it = rows_.begin(); it != rows_.end(); ++it) {
      const size_t r = it->first;
      const auto next = std::next(it);
      const int page = LineAt(r).page;
      if (IsTotal(it->second) ||
          (next != rows_.end() && LineAt(next->first).page == page)) {
        continue;
      }
      std::vector<size_t> block;
      double bottom = it->second.bottom;
      size_t j = r + 1;
      for (; j < lines_.size() && LineAt(j).page == page && parts_[j]; ++j) {
        const TextLine& line = LineAt(j);
        if (!InRegionColumnAlone(j) ||
            (!block.empty() &&
             line.top - bottom > kMaxCellLeading * (line.bottom - line.top))) {
          break;
        }
        block.push_back(j);
        bottom = line.bottom;
      }
      const bool to_page_end = j == lines_.size() || LineAt(j).page != page;
      if (!block.empty() && to_page_end &&
          sdk::LooksLikeRegionCode(LineAt(block.front()).words.front().text)) {
        cells_below_.insert(block.begin(), block.end());
      }
    }
  }

  // The same merged cell's text past a page's top edge (Gnumeric prints a
  // cell's lines where they fall, the last one or two above the next
  // page's first row, well apart from it): lines of the region column
  // alone at the top of a page where the table runs on from the page
  // before, too far above the first row to be a part of its cells. They
  // join the row before the page break; MergeRegionCells keeps what the
  // cell does not hold already.
  void FindCellsAbovePage() {
    for (auto it = std::next(rows_.begin()); it != rows_.end(); ++it) {
      const size_t r = it->first;
      const auto before = std::prev(it);
      const int page = LineAt(r).page;
      if (LineAt(before->first).page == page || IsTotal(before->second)) {
        continue;
      }
      // Lines [top, r) of the page, up to its first row.
      size_t top = r;
      while (top > 0 && LineAt(top - 1).page == page && parts_[top - 1] &&
             !cell_lines_above_.contains(top - 1) &&
             InRegionColumnAlone(top - 1)) {
        --top;
      }
      const bool from_page_top = top == 0 || LineAt(top - 1).page != page;
      std::vector<size_t> block;
      for (size_t j = top; j < r; ++j) block.push_back(j);
      if (!block.empty() && from_page_top &&
          GapTo(block.front(), r) >
              kMaxWrapGap * (LineAt(r).bottom - LineAt(r).top)) {
        cells_over_page_.insert(block.begin(), block.end());
      }
    }
  }

  // A complete TOTAAL AMR label takes no more text.
  static bool IsTotal(const RowBuild& row) {
    return sdk::IsRegionTotalRow(row.name + " " + row.below) ||
           sdk::IsRegionTotalRow(row.above + " " + row.name);
  }

  // The space between line i and row j, on one page (none across pages).
  double GapTo(size_t i, std::optional<size_t> j) const {
    const TextLine& line = LineAt(i);
    if (!j || LineAt(*j).page != line.page) return 1e9;
    const RowBuild& row = rows_.at(*j);
    return *j < i ? line.top - row.bottom : row.top - line.bottom;
  }

  // Each part joined to the row it stands closest to, on the same page.
  void JoinParts() {
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (!rows_.contains(i) && parts_[i]) JoinPart(i);
    }
  }

  void JoinPart(size_t i) {
    const TextLine& line = LineAt(i);
    // The rows before and after, across other parts only.
    std::optional<size_t> before, after;
    for (size_t j = i; j-- > 0;) {
      if (rows_.contains(j)) before = j;
      if (rows_.contains(j) || !parts_[j]) break;
    }
    for (size_t j = i + 1; j < lines_.size(); ++j) {
      if (rows_.contains(j)) after = j;
      if (rows_.contains(j) || !parts_[j]) break;
    }
    std::string region_part, name_part;
    const double names_left = NameLeftNear(i);
    for (const Word& w : line.words) {
      std::string& part =
          spanning_cell_.contains(i) || InRegionColumn(w, names_left)
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
    const bool before_open = before && (region || !IsTotal(rows_.at(*before)));
    const auto last_row = rows_.lower_bound(i);
    const bool in_open_table =
        before ||
        (last_row != rows_.begin() && !IsTotal(std::prev(last_row)->second));
    const bool across_page =
        cells_below_.contains(i) || cells_over_page_.contains(i);
    const double gap_before = across_page   ? 0.0  // see the two above
                              : before_open ? GapTo(i, before)
                                            : 1e9;
    // A line that touches or overlaps a row is part of it even above the
    // table's first row, and so are the lines of a cell above it: the
    // row's counts stand beside the middle or the last line of a cell set
    // at the middle or the bottom of its row, where a header stands apart.
    const double gap_after =
        spanning_cell_.contains(i)      ? 0.0  // the cell of the row below
        : in_open_table                 ? GapTo(i, after)
        : cell_lines_above_.contains(i) ? 0.0  // one cell with the row's line
                                        : 1e9;
    const std::optional<size_t> to =
        gap_before <= gap_after ? (before_open ? before : std::nullopt) : after;
    if (!to || std::min(gap_before, gap_after) >
                   kMaxWrapGap * (line.bottom - line.top)) {
      return;
    }
    RowBuild& row = rows_.at(*to);
    if (!region_part.empty()) region_parts_[i] = {*to, region_part};
    sdk::AppendWrapped(*to < i ? &row.below : &row.above, name_part);
    row.top = std::min(row.top, line.top);
    row.bottom = std::max(row.bottom, line.bottom);
    grid_.joined.insert(lines_[i].number);
  }

  // A region's table has one region cell, whatever lines it spans: a
  // browser centres a merged cell over its rows and a narrow one over its
  // row, so its lines may stand beside several rows. Its text, in the
  // order of its lines, goes to the row beside its first line; where it is
  // printed again on the next page, the second print is left out
  // (sdk::RegionCellText). Returns each row's name, its parts joined.
  std::map<size_t, std::string> MergeRegionCells() {
    std::map<size_t, std::string> names;
    for (auto& [i, row] : rows_) {
      for (const std::string* part : {&row.above, &row.name, &row.below}) {
        sdk::AppendWrapped(&names[i], *part);
      }
      if (!row.region.empty()) region_parts_[i] = {i, std::move(row.region)};
      row.region.clear();
    }
    std::map<size_t, size_t> table_of;  // row -> its table, counted
    size_t table = 0;
    for (const auto& [i, row] : rows_) {
      table_of[i] = table;
      if (sdk::IsRegionTotalRow(names[i])) ++table;
    }
    std::optional<size_t> cell_row;  // the row holding the open cell
    sdk::RegionCellText cell;
    const auto close_cell = [&] {
      if (cell_row) rows_.at(*cell_row).region = cell.text();
    };
    for (const auto& [line, part] : region_parts_) {
      const auto& [row, text] = part;
      if (!cell_row || table_of[*cell_row] != table_of[row]) {
        close_cell();
        cell_row = row;
        cell = sdk::RegionCellText();
      }
      cell.Add(text, cells_over_page_.contains(line));
    }
    close_cell();
    return names;
  }

  TableGrid Finish(std::map<size_t, std::string> names) {
    for (auto& [i, row] : rows_) {
      sdk::NameAndNumbers out;
      out.name = std::move(names[i]);
      out.region = std::move(row.region);
      out.numbers = std::move(row.numbers);
      grid_.rows[lines_[i].number] = std::move(out);
    }
    return std::move(grid_);
  }

  const std::vector<NumberedLine>& lines_;
  const CountColumns& columns_;
  std::vector<Split> splits_;            // of every line
  std::map<size_t, double> name_lefts_;  // of each row with a name
  // Of each row: where its first count begins. A browser sizes each
  // table's columns anew, so the name column ends where the nearest row's
  // counts begin.
  std::map<size_t, const Word*> first_counts_;
  std::optional<double> name_left_;  // as most rows of the document begin
  std::map<size_t, RowBuild> rows_;
  std::vector<bool> parts_;  // lines that may be parts of a row's cells
  std::set<size_t> cell_lines_above_;
  std::set<size_t> spanning_cell_;
  std::set<size_t> cells_below_;      // FindCellsBelowPage
  std::set<size_t> cells_over_page_;  // FindCellsAbovePage
  // Region cell text by the line it stands on: the row it joins, the text.
  std::map<size_t, std::pair<size_t, std::string>> region_parts_;
  TableGrid grid_;
};

}  // namespace

TableGrid BuildGrid(const std::vector<NumberedLine>& lines,
                    const CountColumns& columns) {
  return GridBuilder(lines, columns).Build();
}

}  // namespace tkp::pdf
