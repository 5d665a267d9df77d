// The region of a watch's events named as every other answer names it.
// The event log keeps only a region's key and printed name (its format is
// a promise: server/store/README.md); the watch adds, as it sends an
// event, the region's current CBS code from the catalog, and the number
// the document printed where the publication the event wrote is still the
// one served (the same sha256) — never another document's.

#ifndef TKP_SERVER_QUERIES_EVENT_REGIONS_H_
#define TKP_SERVER_QUERIES_EVENT_REGIONS_H_

#include <vector>

#include "core/region_catalog.h"
#include "server/store/snapshot.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// `events` with their regions' CBS codes and printed numbers filled in
// where known (left empty and 0 where not).
std::vector<v1::PublicationEvent> DescribeEventRegions(
    std::vector<v1::PublicationEvent> events, const Snapshot& snapshot,
    const RegionCatalog& regions);

}  // namespace tkp

#endif  // TKP_SERVER_QUERIES_EVENT_REGIONS_H_
