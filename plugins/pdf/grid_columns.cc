#include "plugins/pdf/grid_columns.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace tkp::pdf {

double CountColumns::EdgeOf(const Word& word) const {
  switch (edge) {
    case Edge::kLeft:
      return word.left;
    case Edge::kMiddle:
      return (word.left + word.right) / 2;
    case Edge::kRight:
      break;
  }
  return word.right;
}

Split SplitLine(const TextLine& line, const CountColumns& columns) {
  Split split;
  split.name_end = line.words.size();
  while (split.name_end > 0) {
    const Word& word = line.words[split.name_end - 1];
    if (!sdk::LooksLikeNumber(word.text)) break;
    // The nearest column: a browser sizes each table's columns anew, so
    // the columns of several tables may stand a few points apart.
    const double edge = columns.EdgeOf(word);
    const auto column = std::min_element(
        columns.at.begin(), columns.at.end(), [&](double a, double b) {
          return std::fabs(a - edge) < std::fabs(b - edge);
        });
    if (column == columns.at.end() ||
        std::fabs(*column - edge) > kColumnTolerance) {
      break;
    }
    const size_t index = static_cast<size_t>(column - columns.at.begin());
    if (split.cells.contains(index)) break;  // two numbers in one column
    split.cells[index] = word.text;
    --split.name_end;
  }
  return split;
}

std::string JoinWords(const std::vector<Word>& words, size_t from, size_t to) {
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

namespace {

// Clusters of edges; a column has one per row that fills it. The numbers
// of one column line up on one point; a cluster spans no more than
// kColumnEdgeSpread, so the columns of two tables a few points apart stay
// two columns. A column is a cluster of two or more; `lined_up` counts the
// edges in one.
std::vector<double> ClusterEdges(std::vector<double> edges, size_t* lined_up) {
  std::sort(edges.begin(), edges.end());
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
  *lined_up = 0;
  for (const Cluster& c : clusters) {
    if (c.count < 2) continue;
    columns.push_back(c.sum / c.count);
    *lined_up += static_cast<size_t>(c.count);
  }
  return columns;
}

}  // namespace

CountColumns FindColumns(const std::vector<TextLine>& lines) {
  // The numbers that say where the columns are: those of rows that end in
  // several numbers.
  std::vector<Word> numbers;
  for (const TextLine& line : lines) {
    size_t trailing = 0;
    for (auto w = line.words.rbegin();
         w != line.words.rend() && sdk::LooksLikeNumber(w->text); ++w) {
      ++trailing;
    }
    if (trailing < kCellsOfARow) continue;
    numbers.insert(numbers.end(),
                   line.words.end() - static_cast<std::ptrdiff_t>(trailing),
                   line.words.end());
  }
  // Right first: where numbers of one width line up on every edge, flush
  // right is what tables of counts are set by.
  CountColumns best;
  size_t best_lined_up = 0;
  for (const CountColumns::Edge edge :
       {CountColumns::Edge::kRight, CountColumns::Edge::kLeft,
        CountColumns::Edge::kMiddle}) {
    CountColumns columns;
    columns.edge = edge;
    std::vector<double> edges;
    edges.reserve(numbers.size());
    for (const Word& word : numbers) edges.push_back(columns.EdgeOf(word));
    size_t lined_up = 0;
    columns.at = ClusterEdges(std::move(edges), &lined_up);
    if (edge == CountColumns::Edge::kRight || lined_up > best_lined_up) {
      best = std::move(columns);
      best_lined_up = lined_up;
    }
  }
  return best;
}

sdk::NameAndNumbers SplitByColumns(const TextLine& line,
                                   const CountColumns& columns) {
  Split split = SplitLine(line, columns);
  sdk::NameAndNumbers row;
  row.name = JoinWords(line.words, 0, split.name_end);
  for (auto& [index, text] : split.cells)
    row.numbers.push_back(std::move(text));
  return row;
}

}  // namespace tkp::pdf
