// The long-format CSV that `tkp export` writes and GET /v1/export serves:
// one definition for both, so the two files are the same bytes (and the
// long-format importer reads either back). The header names are a promise.

#ifndef TKP_PROTO_EXPORT_CSV_H_
#define TKP_PROTO_EXPORT_CSV_H_

#include <string>
#include <vector>

#include "tkp/v1/tkp.pb.h"

namespace tkp {

// period, year, quarter, region_cbs_code, region_name, region_number,
// municipality_code, municipality_name, the five counts, register_size,
// source_file, source_sha256, stated_coverage_percent.
const std::vector<std::string>& ExportCsvHeader();

// One row's cells, in the header's order ("" where the document states
// nothing).
std::vector<std::string> ExportCsvCells(const v1::ExportRow& row);

// The five counts' column names, and a row's five counts.
const std::vector<std::string>& CountCsvHeader();
std::vector<std::string> CountCsvCells(const v1::ClientCounts& counts);

// One CSV line (RFC 4180: quoted where a cell holds a comma, a quote or a
// line break; CRLF at the end).
std::string CsvLine(const std::vector<std::string>& cells);

}  // namespace tkp

#endif  // TKP_PROTO_EXPORT_CSV_H_
