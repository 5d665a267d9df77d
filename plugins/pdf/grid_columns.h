// The columns of a PDF table from where its words stand: the count columns
// from the edges its numbers line up on (right edges where they are set
// flush right, as spreadsheets and browsers told to set them; left edges
// where they are not, as word processors set a table's cells by default;
// their middles where centred), where a line's name ends and its counts
// begin, and where the name column begins. The rows are
// rebuilt from them in plugins/pdf/table_grid.h.

#ifndef TKP_PLUGINS_PDF_GRID_COLUMNS_H_
#define TKP_PLUGINS_PDF_GRID_COLUMNS_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plugins/pdf/pdf_text.h"
#include "plugins/sdk/text.h"

namespace tkp::pdf {

// Points: right edges of a column's numbers, and left edges of a column's
// names, agree within this.
inline constexpr double kColumnTolerance = 4.0;
// Points: the edges one column's numbers line up on lie within this.
inline constexpr double kColumnEdgeSpread = 2.0;
// A table row has four counts and a total; three on columns make a row.
inline constexpr size_t kCellsOfARow = 3;

// The count columns: the edge of its numbers each lines up on.
struct CountColumns {
  enum class Edge { kRight, kLeft, kMiddle };
  Edge edge = Edge::kRight;
  std::vector<double> at;  // left to right

  // Where a word stands by the edge the columns go by.
  double EdgeOf(const Word& word) const;
};

// The count columns, by the edge (right, left or middle) on which most of
// the numbers of rows line up: the numbers of a column differ in width, so
// only the edge they are set by lines them up.
CountColumns FindColumns(const std::vector<TextLine>& lines);

// Where a line's name ends and its cells (column index -> number) begin:
// the trailing numbers that sit on a column, one to a column.
struct Split {
  size_t name_end = 0;
  std::map<size_t, std::string> cells;
};
Split SplitLine(const TextLine& line, const CountColumns& columns);

// A line read by position: trailing numbers that sit on a column are its
// cells, in column order; the words before them are the name.
sdk::NameAndNumbers SplitByColumns(const TextLine& line,
                                   const CountColumns& columns);

// The words [from, to) one space apart.
std::string JoinWords(const std::vector<Word>& words, size_t from, size_t to);

// The left edge names start at, of the rows' first words `lefts`.
std::optional<double> NameColumnLeft(const std::vector<double>& lefts);

}  // namespace tkp::pdf

#endif  // TKP_PLUGINS_PDF_GRID_COLUMNS_H_
