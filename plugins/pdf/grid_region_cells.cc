// GridBuilder's steps that find where a row's cells stand on lines of
// their own (plugins/pdf/grid_builder.h).

#include <algorithm>
#include <vector>

#include "plugins/pdf/grid_builder.h"
#include "plugins/sdk/publication_text.h"

namespace tkp::pdf::grid {

void GridBuilder::FindCellLinesAbove() {
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

void GridBuilder::FindRegionCellsAbove() {
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

void GridBuilder::FindSpanningCells() {
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
      const bool over_page_break =
          line.page == page - 1 && !block.empty() && LineAt(j + 1).page == page;
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

bool GridBuilder::InRegionColumnAlone(size_t i) const {
  const double names_left = NameLeftNear(i);
  const std::vector<Word>& words = LineAt(i).words;
  return std::all_of(words.begin(), words.end(), [&](const Word& w) {
    return InRegionColumn(w, names_left);
  });
}

void GridBuilder::FindCellsBelowPage() {
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

void GridBuilder::FindCellsAbovePage() {
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
}  // namespace tkp::pdf::grid
