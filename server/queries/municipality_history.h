// One municipality through the loaded quarters: every publication that
// lists it, whichever region's, and the mergers that began or ended it.

#ifndef TKP_SERVER_QUERIES_MUNICIPALITY_HISTORY_H_
#define TKP_SERVER_QUERIES_MUNICIPALITY_HISTORY_H_

#include "absl/status/statusor.h"
#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/store/snapshot.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// INVALID_ARGUMENT for an empty selector or a name several municipalities
// have carried (the message lists their codes); NOT_FOUND when no loaded
// publication lists it.
absl::StatusOr<v1::GetMunicipalityHistoryResponse> MunicipalityHistory(
    const Snapshot& snapshot, const RegionCatalog& regions,
    const MunicipalityCatalog& municipalities,
    const v1::GetMunicipalityHistoryRequest& request);

}  // namespace tkp

#endif  // TKP_SERVER_QUERIES_MUNICIPALITY_HISTORY_H_
