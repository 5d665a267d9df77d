// What ExportFigures serves: the publications a request selects, and each
// one's municipality rows in long format (period, region, municipality,
// counts, register size, source). Pure functions of a snapshot.

#ifndef TKP_SERVER_QUERIES_EXPORT_ROWS_H_
#define TKP_SERVER_QUERIES_EXPORT_ROWS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/queries/figure_queries.h"
#include "server/store/snapshot.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// The publications a request selects, in the snapshot's order (region,
// then quarter). NOT_FOUND for a region nothing is loaded for;
// INVALID_ARGUMENT for a bad quarter or one range that ends before it
// begins.
absl::StatusOr<std::vector<const v1::RegionFigures*>> PublicationsToExport(
    const FigureQueries& queries, const Snapshot& snapshot,
    const v1::ExportFiguresRequest& request);

// One publication's rows.
v1::ExportFiguresResponse ExportRowsOf(
    const v1::RegionFigures& publication, const RegionCatalog& regions,
    const MunicipalityCatalog& municipalities);

}  // namespace tkp

#endif  // TKP_SERVER_QUERIES_EXPORT_ROWS_H_
