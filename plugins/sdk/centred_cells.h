// Tables whose cells are not set at the top of their rows, read from their
// text (`pdftotext -layout`). Centred, as a browser sets them (the HTML
// default) and so prints them to PDF: a name that wraps stands above and
// below its row's counts, on lines of its own, and a region cell merged
// over the region's rows stands beside rows in the middle of the table. At
// the bottom, as ReportLab and Excel set them: a name that wraps stands
// above its counts. (Cells at the top, as word processors set them, the
// reader reads itself.) Internal to the SDK (sdk::ReadPublications): not
// installed.

#ifndef TKP_PLUGINS_SDK_CENTRED_CELLS_H_
#define TKP_PLUGINS_SDK_CENTRED_CELLS_H_

#include <map>
#include <vector>

#include "plugins/sdk/name_column.h"
#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

struct CentredCells {
  // The lines to read: those that held only parts of cells are left out.
  std::vector<Line> lines;
  // By line number: each row's cells put together (its whole name, and the
  // region cell on the table's first row).
  std::map<int, NameAndNumbers> rows;
};

// The rows of tables whose cells are centred or set at the bottom, each put
// back together. A cell centred on its row's counts has as many lines above
// them as below, which tells which lines between two rows belong to which;
// a cell at the bottom has all its lines above. Rows whose lines do not add
// up so are left as they are. Nothing (no lines, no rows) where no row
// stands between parts of its name (cells are not centred) and no name
// starts above its row's counts without one ending below a row (cells are
// not at the bottom).
CentredCells ReadCentredCells(const std::vector<Line>& lines,
                              const NameColumns& name_columns,
                              const RowSplitter& split_row);

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_CENTRED_CELLS_H_
