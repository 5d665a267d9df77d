#include "plugins/pdf/table_grid.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "plugins/pdf/grid_builder.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/register_sentence.h"
#include "plugins/sdk/wrapped_cells.h"

namespace tkp::pdf {
namespace grid {

void GridBuilder::SplitLines() {
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

const Word* GridBuilder::NearestRow(size_t i) const {
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

double GridBuilder::NameLeftNear(size_t i) const {
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

double GridBuilder::NumberLeftNear(size_t i) const {
  const Word* ref = NearestRow(i);
  return ref != nullptr ? ref->left : 0.0;
}

void GridBuilder::BuildRows() {
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

size_t GridBuilder::FirstNameWord(size_t i) const {
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

void GridBuilder::MarkParts() {
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

bool GridBuilder::IsTotal(const RowBuild& row) {
  return sdk::IsRegionTotalRow(row.name + " " + row.below) ||
         sdk::IsRegionTotalRow(row.above + " " + row.name);
}

double GridBuilder::GapTo(size_t i, std::optional<size_t> j) const {
  const TextLine& line = LineAt(i);
  if (!j || LineAt(*j).page != line.page) return 1e9;
  const RowBuild& row = rows_.at(*j);
  return *j < i ? line.top - row.bottom : row.top - line.bottom;
}

void GridBuilder::JoinParts() {
  for (size_t i = 0; i < lines_.size(); ++i) {
    if (!rows_.contains(i) && parts_[i]) JoinPart(i);
  }
}

void GridBuilder::JoinPart(size_t i) {
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
  const bool in_open_table = before || (last_row != rows_.begin() &&
                                        !IsTotal(std::prev(last_row)->second));
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

std::map<size_t, std::string> GridBuilder::MergeRegionCells() {
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

TableGrid GridBuilder::Finish(std::map<size_t, std::string> names) {
  for (auto& [i, row] : rows_) {
    sdk::NameAndNumbers out;
    out.name = std::move(names[i]);
    out.region = std::move(row.region);
    out.numbers = std::move(row.numbers);
    grid_.rows[lines_[i].number] = std::move(out);
  }
  return std::move(grid_);
}
}  // namespace grid

TableGrid BuildGrid(const std::vector<NumberedLine>& lines,
                    const CountColumns& columns) {
  return grid::GridBuilder(lines, columns).Build();
}

}  // namespace tkp::pdf
