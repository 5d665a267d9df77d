#include "server/queries/figure_queries.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "proto/period_conversion.h"
#include "server/queries/municipality_history.h"
#include "server/queries/region_changes.h"
#include "server/util/status_macros.h"

namespace tkp {
namespace {

std::string PeriodsOf(const std::vector<const v1::RegionFigures*>& list) {
  std::vector<std::string> periods;
  periods.reserve(list.size());
  for (const v1::RegionFigures* figures : list) {
    periods.push_back(FormatPeriod(FromProto(figures->period())));
  }
  return absl::StrJoin(periods, ", ");
}

// The fields every per-publication summary repeats.
template <typename Summary>
void CopyHeadline(const v1::RegionFigures& figures, Summary* out) {
  *out->mutable_region() = figures.region();
  *out->mutable_totals() = figures.totals();
  if (figures.has_register_size()) {
    out->set_register_size(figures.register_size());
  }
  if (figures.has_coverage()) out->set_coverage(figures.coverage());
}

// The value a region is ranked by; nullopt when it lacks it.
std::optional<double> Measure(v1::GetCoverageRequest::SortOrder sort,
                              const v1::RegionCoverage& region) {
  switch (sort) {
    case v1::GetCoverageRequest::SORT_ORDER_COVERAGE:
      if (!region.has_coverage()) return std::nullopt;
      return region.coverage();
    case v1::GetCoverageRequest::SORT_ORDER_PROFILE_SHARE:
      return region.profile_share();
    case v1::GetCoverageRequest::SORT_ORDER_TOTAL:
      return region.totals().total();
    case v1::GetCoverageRequest::SORT_ORDER_REGISTER_SIZE:
      if (!region.has_register_size()) return std::nullopt;
      return region.register_size();
    default:
      return std::nullopt;
  }
}

// Orders by the measure, largest first (regions without it last, by key),
// and numbers the ranks; equal values share a rank.
void RankRegions(
    v1::GetCoverageRequest::SortOrder sort,
    google::protobuf::RepeatedPtrField<v1::RegionCoverage>* regions) {
  if (sort == v1::GetCoverageRequest::SORT_ORDER_UNSPECIFIED) return;
  std::stable_sort(
      regions->begin(), regions->end(),
      [sort](const v1::RegionCoverage& a, const v1::RegionCoverage& b) {
        const std::optional<double> ma = Measure(sort, a);
        const std::optional<double> mb = Measure(sort, b);
        if (ma.has_value() != mb.has_value()) return ma.has_value();
        return ma.has_value() && *ma > *mb;
      });
  std::optional<double> previous;
  int rank = 0;
  for (int i = 0; i < regions->size(); ++i) {
    v1::RegionCoverage& region = (*regions)[i];
    const std::optional<double> measure = Measure(sort, region);
    if (!measure) break;
    if (!previous || *measure != *previous) rank = i + 1;
    region.set_rank(rank);
    previous = measure;
  }
}

}  // namespace

absl::StatusOr<std::string> FigureQueries::ResolveRegion(
    const std::string& selector) const {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(selector);
  if (trimmed.empty()) {
    return absl::InvalidArgumentError(
        "no region given; name one (\"Twente\"), or give its CBS code "
        "(\"AM05\") or its printed number");
  }
  int code = 0;
  if (absl::SimpleAtoi(trimmed, &code)) {
    const std::vector<std::string> keys = snapshot_.RegionKeysWithCode(code);
    if (keys.empty()) {
      return absl::NotFoundError(absl::StrCat(
          "no loaded publication prints region number ", code,
          "; numbers differ between publications, so try the name"));
    }
    if (keys.size() > 1) {
      return absl::InvalidArgumentError(absl::StrCat(
          "region number ", code, " is printed for several regions (",
          absl::StrJoin(keys, ", "),
          ") because UWV has renumbered the regions; use the name"));
    }
    return keys.front();
  }
  if (RegionCatalog::IsCbsCode(trimmed)) {
    const std::optional<ResolvedRegion> coded = catalog_.ResolveCode(trimmed);
    if (!coded) {
      return absl::NotFoundError(absl::StrCat(
          "\"", trimmed, "\" is not the CBS code of a labour-market region"));
    }
    if (snapshot_.ForRegion(coded->key).empty()) {
      return absl::NotFoundError(absl::StrCat("no publications loaded for ",
                                              coded->name, " (", trimmed, ")"));
    }
    return coded->key;
  }
  const ResolvedRegion region = catalog_.Resolve(trimmed);
  if (snapshot_.ForRegion(region.key).empty()) {
    return absl::NotFoundError(absl::StrCat(
        "no publications loaded for region \"", trimmed, "\"",
        region.known ? "" : " (not a known labour-market region name)"));
  }
  return region.key;
}

absl::StatusOr<const v1::RegionFigures*> FigureQueries::FindPublication(
    const std::string& selector, const v1::Period& period) const {
  TKP_ASSIGN_OR_RETURN(const std::string key, ResolveRegion(selector));
  const std::vector<const v1::RegionFigures*> list = snapshot_.ForRegion(key);
  if (!IsSet(period)) return list.back();
  const PeriodKey wanted = FromProto(period);
  TKP_RETURN_IF_ERROR(CheckPeriod(wanted));
  if (const v1::RegionFigures* found = snapshot_.Find({key, wanted})) {
    return found;
  }
  return absl::NotFoundError(absl::StrCat(
      "region ", list.back()->region().name(), " has no publication for ",
      FormatPeriod(wanted), "; loaded: ", PeriodsOf(list)));
}

v1::PublicationSummary SummaryOf(const v1::RegionFigures& figures) {
  v1::PublicationSummary summary;
  CopyHeadline(figures, &summary);
  *summary.mutable_period() = figures.period();
  summary.set_municipality_count(figures.municipalities_size());
  summary.set_note_count(figures.notes_size());
  *summary.mutable_source() = figures.source();
  return summary;
}

absl::StatusOr<v1::ListPublicationsResponse> FigureQueries::ListPublications(
    const v1::ListPublicationsRequest& request) const {
  std::string only_key;
  if (!request.region().empty()) {
    TKP_ASSIGN_OR_RETURN(only_key, ResolveRegion(request.region()));
  }
  v1::ListPublicationsResponse response;
  for (const auto& [key, figures] : snapshot_.publications()) {
    if (!only_key.empty() && key.region_key != only_key) continue;
    *response.add_publications() = SummaryOf(*figures);
  }
  return response;
}

absl::StatusOr<const v1::RegionFigures*> FigureQueries::GetRegionTotals(
    const v1::GetRegionTotalsRequest& request) const {
  return FindPublication(request.region(), request.period());
}

absl::StatusOr<v1::ListMunicipalitiesResponse>
FigureQueries::ListMunicipalities(
    const v1::ListMunicipalitiesRequest& request) const {
  TKP_ASSIGN_OR_RETURN(const v1::RegionFigures* figures,
                       FindPublication(request.region(), request.period()));
  v1::ListMunicipalitiesResponse response;
  *response.mutable_region() = figures->region();
  *response.mutable_period() = figures->period();
  *response.mutable_municipalities() = figures->municipalities();
  return response;
}

absl::StatusOr<v1::GetCoverageResponse> FigureQueries::GetCoverage(
    const v1::GetCoverageRequest& request) const {
  PeriodKey period;
  if (IsSet(request.period())) {
    period = FromProto(request.period());
    TKP_RETURN_IF_ERROR(CheckPeriod(period));
  } else if (auto latest = snapshot_.LatestPeriod()) {
    period = *latest;
  } else {
    return absl::NotFoundError("no publications are loaded yet");
  }
  const std::vector<const v1::RegionFigures*> list =
      snapshot_.ForPeriod(period);
  if (list.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no publications loaded for ", FormatPeriod(period)));
  }
  v1::GetCoverageResponse response;
  *response.mutable_period() = ToProto(period);
  v1::ClientCounts* sum = response.mutable_totals();
  int64_t total_with_register = 0;
  for (const v1::RegionFigures* figures : list) {
    v1::RegionCoverage* region = response.add_regions();
    CopyHeadline(*figures, region);
    region->set_profile_share(figures->profile_share());
    if (figures->has_stated_coverage_percent()) {
      region->set_stated_coverage_percent(figures->stated_coverage_percent());
    }
    const v1::ClientCounts& t = figures->totals();
    sum->set_municipality_with_profile(sum->municipality_with_profile() +
                                       t.municipality_with_profile());
    sum->set_municipality_without_profile(sum->municipality_without_profile() +
                                          t.municipality_without_profile());
    sum->set_uwv_with_profile(sum->uwv_with_profile() + t.uwv_with_profile());
    sum->set_uwv_without_profile(sum->uwv_without_profile() +
                                 t.uwv_without_profile());
    sum->set_total(sum->total() + t.total());
    if (figures->has_register_size()) {
      response.set_register_size(response.register_size() +
                                 figures->register_size());
      total_with_register += t.total();
    }
  }
  if (response.register_size() > 0) {
    response.set_coverage(static_cast<double>(total_with_register) /
                          static_cast<double>(response.register_size()));
  }
  response.set_regions_covered(static_cast<int32_t>(list.size()));
  response.set_regions_known(catalog_.size());
  if (sum->total() > 0) {
    response.set_profile_share(
        static_cast<double>(sum->municipality_with_profile() +
                            sum->uwv_with_profile()) /
        static_cast<double>(sum->total()));
  }
  RankRegions(request.sort(), response.mutable_regions());
  return response;
}

absl::StatusOr<v1::GetRegionHistoryResponse> FigureQueries::GetRegionHistory(
    const v1::GetRegionHistoryRequest& request) const {
  TKP_ASSIGN_OR_RETURN(const std::string key, ResolveRegion(request.region()));
  const std::vector<const v1::RegionFigures*> list = snapshot_.ForRegion(key);
  v1::GetRegionHistoryResponse response;
  const ResolvedRegion region = catalog_.Resolve(list.back()->region().name());
  response.mutable_region()->set_name(region.name);
  response.mutable_region()->set_key(key);
  response.mutable_region()->set_cbs_code(list.back()->region().cbs_code());
  for (const v1::RegionFigures* figures : list) {
    v1::HistoryEntry* entry = response.add_entries();
    CopyHeadline(*figures, entry);
    *entry->mutable_period() = figures->period();
    entry->set_profile_share(figures->profile_share());
    if (figures->has_stated_coverage_percent()) {
      entry->set_stated_coverage_percent(figures->stated_coverage_percent());
    }
  }
  return response;
}

absl::StatusOr<v1::GetRegionChangesResponse> FigureQueries::GetRegionChanges(
    const v1::GetRegionChangesRequest& request) const {
  TKP_ASSIGN_OR_RETURN(const v1::RegionFigures* after,
                       FindPublication(request.region(), request.to_period()));
  const PeriodKey to = FromProto(after->period());
  const v1::RegionFigures* before = nullptr;
  if (IsSet(request.from_period())) {
    TKP_ASSIGN_OR_RETURN(
        before, FindPublication(request.region(), request.from_period()));
  } else {
    for (const v1::RegionFigures* f :
         snapshot_.ForRegion(after->region().key())) {
      if (FromProto(f->period()) < to) before = f;  // oldest first
    }
    if (before == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat(
          "region ", after->region().name(), " has no period loaded before ",
          FormatPeriod(to), "; load an earlier one or give --from"));
    }
  }
  if (!(FromProto(before->period()) < to)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the earlier period (", FormatPeriod(FromProto(before->period())),
        ") must come before the later one (", FormatPeriod(to), ")"));
  }

  return CompareRegionPublications(*before, *after, catalog_, municipalities_);
}

absl::StatusOr<v1::GetMunicipalityHistoryResponse>
FigureQueries::GetMunicipalityHistory(
    const v1::GetMunicipalityHistoryRequest& request) const {
  return MunicipalityHistory(snapshot_, catalog_, municipalities_, request);
}

}  // namespace tkp
