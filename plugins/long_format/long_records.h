// The rows of a long-format file as records of recognised columns: CSV
// (';', ',' or tab; the server has decoded UTF-16 and dropped the BOM) with
// a header row, or JSON lines as `tkp export --format json` writes them
// (nested objects such as "counts" are read by their inner keys).

#ifndef TKP_PLUGINS_LONG_FORMAT_LONG_RECORDS_H_
#define TKP_PLUGINS_LONG_FORMAT_LONG_RECORDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "plugins/api/importer.h"
#include "plugins/long_format/long_table.h"

namespace tkp::long_format {

struct LongFile {
  std::vector<LongRecord> records;
  // The lines around the table, for the server's check that none of them
  // is table data: before the table (the header included) and after it.
  std::vector<plugin::Located> before;
  std::vector<plugin::Located> after;
  std::string error;  // why the file is not a long-format table
  int error_line = 0;

  bool ok() const { return error.empty(); }
};

// True when the text's first non-blank line is a JSON object.
bool LooksLikeJsonLines(std::string_view text);

// The records of a JSON-lines file.
LongFile ReadJsonLines(std::string_view text);

// The records of a CSV file whose header row is among its first lines.
LongFile ReadCsvTable(std::string_view text);

// How sure the text is a long-format file, 0-100, from its first lines
// only (it runs on every import that names no importer).
int LongFormatConfidence(std::string_view text);

}  // namespace tkp::long_format

#endif  // TKP_PLUGINS_LONG_FORMAT_LONG_RECORDS_H_
