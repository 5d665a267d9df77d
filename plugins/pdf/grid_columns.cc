#include "plugins/pdf/grid_columns.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace tkp::pdf {

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
  row.name = JoinWords(line.words, 0, split.name_end);
  for (auto& [index, text] : split.cells)
    row.numbers.push_back(std::move(text));
  return row;
}

}  // namespace tkp::pdf
