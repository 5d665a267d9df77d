// The read side: answers to TransparencyService requests from one snapshot.
// Pure functions, so the service stays thin and the answers are tested
// without a network.

#ifndef TKP_SERVER_QUERIES_FIGURE_QUERIES_H_
#define TKP_SERVER_QUERIES_FIGURE_QUERIES_H_

#include <string>

#include "absl/status/statusor.h"
#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/store/snapshot.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// A publication as ListPublications lists it (and RemovePublication
// answers with the one it removed).
v1::PublicationSummary SummaryOf(const v1::RegionFigures& figures);

class FigureQueries {
 public:
  FigureQueries(const Snapshot& snapshot, const RegionCatalog& catalog,
                const MunicipalityCatalog& municipalities =
                    MunicipalityCatalog::BuiltIn())
      : snapshot_(snapshot),
        catalog_(catalog),
        municipalities_(municipalities) {}

  // The region key a request means: a name in any known spelling, or a
  // number printed in a loaded publication. NOT_FOUND when nothing is loaded
  // for it; INVALID_ARGUMENT when a number is printed for several regions.
  absl::StatusOr<std::string> ResolveRegion(const std::string& selector) const;

  absl::StatusOr<v1::ListPublicationsResponse> ListPublications(
      const v1::ListPublicationsRequest& request) const;
  absl::StatusOr<const v1::RegionFigures*> GetRegionTotals(
      const v1::GetRegionTotalsRequest& request) const;
  absl::StatusOr<v1::ListMunicipalitiesResponse> ListMunicipalities(
      const v1::ListMunicipalitiesRequest& request) const;
  absl::StatusOr<v1::GetCoverageResponse> GetCoverage(
      const v1::GetCoverageRequest& request) const;
  absl::StatusOr<v1::GetRegionHistoryResponse> GetRegionHistory(
      const v1::GetRegionHistoryRequest& request) const;
  absl::StatusOr<v1::GetRegionChangesResponse> GetRegionChanges(
      const v1::GetRegionChangesRequest& request) const;
  absl::StatusOr<v1::GetMunicipalityHistoryResponse> GetMunicipalityHistory(
      const v1::GetMunicipalityHistoryRequest& request) const;

 private:
  // One publication of a region: the period's, or the latest.
  absl::StatusOr<const v1::RegionFigures*> FindPublication(
      const std::string& selector, const v1::Period& period) const;

  const Snapshot& snapshot_;
  const RegionCatalog& catalog_;
  const MunicipalityCatalog& municipalities_;
};

}  // namespace tkp

#endif  // TKP_SERVER_QUERIES_FIGURE_QUERIES_H_
