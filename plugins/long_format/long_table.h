// A long-format table read into publications: its rows grouped by region
// and quarter, each group one region's table with the TOTAAL AMR row
// computed from its municipalities (a long-format file has none), and the
// register size and stated percentage the rows repeat, checked to agree.

#ifndef TKP_PLUGINS_LONG_FORMAT_LONG_TABLE_H_
#define TKP_PLUGINS_LONG_FORMAT_LONG_TABLE_H_

#include <map>
#include <string>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/long_format/long_columns.h"

namespace tkp::long_format {

// One row of the table: its values by column, as written (trimmed).
struct LongRecord {
  int line = 0;
  std::map<Column, std::string> values;
};

// The publications the records hold, in the order their first rows come,
// or where the table is wrong and why. `before` and `after` are the lines
// around the table (titles, notes), listed with the first and the last
// publication for the server's check that none of them is table data.
plugin::ParseOutcome ReadLongTable(const std::vector<LongRecord>& records,
                                   std::vector<plugin::Located> before,
                                   std::vector<plugin::Located> after);

}  // namespace tkp::long_format

#endif  // TKP_PLUGINS_LONG_FORMAT_LONG_TABLE_H_
