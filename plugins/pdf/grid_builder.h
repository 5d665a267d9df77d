// The steps that rebuild a PDF table's rows from the positions of its
// words (BuildGrid, plugins/pdf/table_grid.h), as one builder whose steps
// are defined by subject: the rows, the parts of their cells and how they
// join them (table_grid.cc), and where a row's cells stand on lines of
// their own — above a table, across it, past a page's edges
// (grid_region_cells.cc). Internal to the PDF importer.

#ifndef TKP_PLUGINS_PDF_GRID_BUILDER_H_
#define TKP_PLUGINS_PDF_GRID_BUILDER_H_

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "plugins/pdf/grid_columns.h"
#include "plugins/pdf/pdf_text.h"
#include "plugins/pdf/table_grid.h"

namespace tkp::pdf::grid {

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
inline bool InRegionColumn(const Word& w, double names_left) {
  return w.right <= names_left && w.left < names_left - kColumnTolerance;
}

inline bool InNameColumn(const Word& w, double names_left,
                         double numbers_left) {
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
  void SplitLines();

  // The first count of the row nearest line i on its page, the next one
  // first.
  const Word* NearestRow(size_t i) const;

  // Where the name column begins near line i: as the rows of its table
  // around it on its page begin (a browser sizes each table's columns
  // anew; rows of one table have their first counts flush right in one
  // column), or as most rows of the document do.
  double NameLeftNear(size_t i) const;

  // Where the counts begin near line i (0 away from any row).
  double NumberLeftNear(size_t i) const;

  // The data rows, a region cell split off where words begin left of the
  // name column (by where a word begins: a region cell that fills its
  // column ends right at the name column's edge).
  void BuildRows();

  // The first word of row i's name: those before it are its region cell.
  size_t FirstNameWord(size_t i) const;

  // Lines without counts between rows may be parts of a row's cells: the
  // wrapped part of a name (words within the name column), a region cell
  // of its own (words left of it), or both side by side (a browser centres
  // every cell of a row, so the region cell may stand beside the second
  // line of a wrapped name). The period line and the register sentence
  // never are, even where they fit in one column (a sentence cut off at
  // the page's edge, as Calc prints one that overflows its cell). Decided
  // once per line: the walks below ask about a line again for every row
  // near it.
  void MarkParts();

  // The lines of cells set at the bottom of a table's first row (as
  // ReportLab and Excel set them): from the line that touches the row up,
  // parts a cell's leading apart. A header stands further off.
  void FindCellLinesAbove();

  // A region cell on a row of its own above a table's first row: lines of
  // the region column alone, a line or less apart, the topmost beginning
  // with the region's code ("18 Noord-Holland" above "Noord"); a header's
  // words in that column ("io" of "Arbeidsmarktregio") do not.
  void FindRegionCellsAbove();

  // A region cell on a row of its own (a browser's colspan): lines whose
  // words all begin left of the name column, though they may run across
  // it, a line or less apart or over a page break ("17 Zuid-" at a page's
  // foot, "Kennemerland en" / "IJmond" at the next one's head), the topmost
  // beginning with the region's code; all their words are the cell's.
  void FindSpanningCells();

  // Whether line i's words all stand in the region column.
  bool InRegionColumnAlone(size_t i) const;

  // A region cell merged over rows that run onto the next page, printed
  // below the rows of the first (Gnumeric prints a merged cell's text on
  // every page its rows stand on, where the cell's middle falls, even
  // past the page's last row): the lines after a page's last row, up to
  // the page's end, all in the region column, a leading apart, the first
  // beginning with the region's code, where the table runs on (that row
  // is no TOTAAL AMR). They join that row; the cell printed again beside
  // the next page's rows is that cell again (MergeRegionCells).
  void FindCellsBelowPage();

  // The same merged cell's text past a page's top edge (Gnumeric prints a
  // cell's lines where they fall, the last one or two above the next
  // page's first row, well apart from it): lines of the region column
  // alone at the top of a page where the table runs on from the page
  // before, too far above the first row to be a part of its cells. They
  // join the row before the page break; MergeRegionCells keeps what the
  // cell does not hold already.
  void FindCellsAbovePage();

  // A complete TOTAAL AMR label takes no more text.
  static bool IsTotal(const RowBuild& row);

  // The space between line i and row j, on one page (none across pages).
  double GapTo(size_t i, std::optional<size_t> j) const;

  // Each part joined to the row it stands closest to, on the same page.
  void JoinParts();

  void JoinPart(size_t i);

  // A region's table has one region cell, whatever lines it spans: a
  // browser centres a merged cell over its rows and a narrow one over its
  // row, so its lines may stand beside several rows. Its text, in the
  // order of its lines, goes to the row beside its first line; where it is
  // printed again on the next page, the second print is left out
  // (sdk::RegionCellText). Returns each row's name, its parts joined.
  std::map<size_t, std::string> MergeRegionCells();

  TableGrid Finish(std::map<size_t, std::string> names);

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

}  // namespace tkp::pdf::grid

#endif  // TKP_PLUGINS_PDF_GRID_BUILDER_H_
