// How one region's figures changed between two of its publications: the
// region's totals and shares, and each municipality's counts. Municipalities
// are matched by CBS code; one formed or enlarged by a merger between the
// two quarters is compared with the sum of those it was formed from.

#ifndef TKP_SERVER_QUERIES_REGION_CHANGES_H_
#define TKP_SERVER_QUERIES_REGION_CHANGES_H_

#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// `before` is for an earlier quarter than `after`, and both are of one
// region.
v1::GetRegionChangesResponse CompareRegionPublications(
    const v1::RegionFigures& before, const v1::RegionFigures& after,
    const RegionCatalog& regions, const MunicipalityCatalog& municipalities);

}  // namespace tkp

#endif  // TKP_SERVER_QUERIES_REGION_CHANGES_H_
