// Rebuilds a PDF table's rows from the positions of its words, as table
// extractors (Tabula, pdfplumber) do, instead of trusting lines: the count
// columns from the edges the numbers line up on, the name column
// from where the names start, a region column from words left of it, and
// a cell whose text wraps onto further lines joined to its row.

#ifndef TKP_PLUGINS_PDF_TABLE_GRID_H_
#define TKP_PLUGINS_PDF_TABLE_GRID_H_

#include <map>
#include <set>
#include <vector>

#include "plugins/pdf/grid_columns.h"
#include "plugins/pdf/pdf_text.h"
#include "plugins/sdk/text.h"

namespace tkp::pdf {

// A line of the document with the number messages give it.
struct NumberedLine {
  const TextLine* line;
  int number;
};

struct TableGrid {
  // The table rows by line number: the name with the parts it wrapped
  // onto, the region cell beside it, the counts.
  std::map<int, sdk::NameAndNumbers> rows;
  // Lines whose text went into a row (wrapped parts, a region cell of its
  // own): not lines of the document any more.
  std::set<int> joined;
};

// The rows of every table in `lines` (in reading order, page by page).
TableGrid BuildGrid(const std::vector<NumberedLine>& lines,
                    const CountColumns& columns);

}  // namespace tkp::pdf

#endif  // TKP_PLUGINS_PDF_TABLE_GRID_H_
