// Reads the publication's table as spreadsheets hold it (layout B): a
// header of one or more rows, then one row per municipality with the
// columns region, municipality, the four counts and the total; the region
// ("28 Twente", "AM05 Twente") only on the first data row; the register
// sentence below. A national file stacks one such table per region.
//
// Shared by the importers that see cells: tab-separated text and workbooks.

#ifndef TKP_PLUGINS_SDK_REGION_TABLE_H_
#define TKP_PLUGINS_SDK_REGION_TABLE_H_

#include <string>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

// One row of the sheet: its text (for the sentences around the table) and
// its cells, the first being the region column.
struct CellLine {
  Line line;
  std::vector<std::string> cells;
};

// Reads a region cell ("28 Twente", "AM05 Twente", "AM05", "Twente") into
// the document's region code and names.
void ReadRegionCell(const std::string& cell, int line,
                    plugin::RawDocument* doc);

// True for a data row: a name and at least one number in the count
// columns. Header rows have none.
bool IsTableDataRow(const std::vector<std::string>& cells);

// One document per region table the rows hold, in order. A table starts
// at a data row and ends with its TOTAAL AMR row (or at the first row with
// nothing past the region column); the register sentence and prose up to
// the next data row belong to it. Every row not read into a table goes
// into a document's `unread` (the server refuses what looks like table
// data there).
plugin::ParseOutcome ReadRegionTables(const std::vector<CellLine>& rows,
                                      const plugin::Origin& origin = {});

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_REGION_TABLE_H_
