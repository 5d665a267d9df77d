// GET /v1/export?format=csv|ndjson&region=&from=&to=: every municipality
// row of the publications selected, in long format. CSV is byte for byte
// what `tkp export` writes (proto/export_csv.h), which the long-format
// importer reads back; NDJSON is one flat record per line
// (json_records.h). Built whole from one snapshot before the answer's
// first byte, so an error is a JSON error, never a cut-off file.

#ifndef TKP_SERVER_HTTP_EXPORT_ROUTE_H_
#define TKP_SERVER_HTTP_EXPORT_ROUTE_H_

#include "absl/status/statusor.h"
#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/http/http_api.h"
#include "server/http/request_target.h"
#include "server/queries/figure_queries.h"
#include "server/store/snapshot.h"

namespace tkp::http {

struct ExportSources {
  const Snapshot& snapshot;
  const RegionCatalog& regions;
  const MunicipalityCatalog& municipalities;
};

absl::StatusOr<HttpAnswer> ExportAnswer(const FigureQueries& queries,
                                        const ExportSources& sources,
                                        const RequestTarget& target);

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_EXPORT_ROUTE_H_
