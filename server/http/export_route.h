// GET /v1/export?format=csv|ndjson&region=&from=&to=: every municipality
// row of the publications selected, in long format. CSV is byte for byte
// what `tkp export` writes (proto/export_csv.h), which the long-format
// importer reads back; NDJSON is one flat record per line
// (json_records.h). Everything is resolved and checked before the answer's
// first byte, so an error is a JSON error; the rows are then made from the
// one snapshot and sent as chunks as they are made (a few publications a
// chunk), so a national export is never held in memory whole.

#ifndef TKP_SERVER_HTTP_EXPORT_ROUTE_H_
#define TKP_SERVER_HTTP_EXPORT_ROUTE_H_

#include <memory>

#include "absl/status/statusor.h"
#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/http/http_api.h"
#include "server/http/request_target.h"
#include "server/queries/figure_queries.h"
#include "server/store/snapshot.h"

namespace tkp::http {

// What an export reads; the catalogs outlive the answer.
struct ExportSources {
  std::shared_ptr<const Snapshot> snapshot;
  const RegionCatalog* regions;
  const MunicipalityCatalog* municipalities;
};

absl::StatusOr<HttpAnswer> ExportAnswer(const FigureQueries& queries,
                                        const ExportSources& sources,
                                        const RequestTarget& target);

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_EXPORT_ROUTE_H_
