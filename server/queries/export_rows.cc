#include "server/queries/export_rows.h"

#include "absl/strings/str_cat.h"
#include "proto/period_conversion.h"
#include "server/queries/municipality_identity.h"
#include "server/util/status_macros.h"

namespace tkp {

absl::StatusOr<std::vector<const v1::RegionFigures*>> PublicationsToExport(
    const FigureQueries& queries, const Snapshot& snapshot,
    const v1::ExportFiguresRequest& request) {
  std::string only_key;
  if (!request.region().empty()) {
    TKP_ASSIGN_OR_RETURN(only_key, queries.ResolveRegion(request.region()));
  }
  const bool from_set = IsSet(request.from_period());
  const bool to_set = IsSet(request.to_period());
  const PeriodKey from = FromProto(request.from_period());
  const PeriodKey to = FromProto(request.to_period());
  if (from_set) TKP_RETURN_IF_ERROR(CheckPeriod(from));
  if (to_set) TKP_RETURN_IF_ERROR(CheckPeriod(to));
  if (from_set && to_set && to < from) {
    return absl::InvalidArgumentError(
        absl::StrCat("the range ends (", FormatPeriod(to),
                     ") before it begins (", FormatPeriod(from), ")"));
  }
  std::vector<const v1::RegionFigures*> selected;
  for (const auto& [key, publication] : snapshot.publications()) {
    if (!only_key.empty() && key.region_key != only_key) continue;
    if (from_set && key.period < from) continue;
    if (to_set && to < key.period) continue;
    selected.push_back(publication.get());
  }
  return selected;
}

v1::ExportFiguresResponse ExportRowsOf(
    const v1::RegionFigures& publication, const RegionCatalog& regions,
    const MunicipalityCatalog& municipalities) {
  const v1::Region& region = publication.region();
  const ResolvedRegion known = regions.Resolve(region.name());
  v1::ExportFiguresResponse out;
  for (const v1::Municipality& m : publication.municipalities()) {
    v1::ExportRow* row = out.add_rows();
    *row->mutable_period() = publication.period();
    row->set_region_name(known.known ? known.name : region.name());
    row->set_region_cbs_code(region.cbs_code());
    row->set_region_number(region.code());
    row->set_municipality_name(m.name());
    row->set_municipality_code(
        MunicipalityCodeOf(m, publication, regions, municipalities));
    *row->mutable_counts() = m.counts();
    if (publication.has_register_size()) {
      row->set_register_size(publication.register_size());
    }
    if (publication.has_stated_coverage_percent()) {
      row->set_stated_coverage_percent(publication.stated_coverage_percent());
    }
    row->set_source_file(publication.source().file_name());
    row->set_source_sha256(publication.source().sha256());
  }
  return out;
}

}  // namespace tkp
