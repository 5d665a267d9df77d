#include "server/http/json_records.h"

#include <cctype>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "core/period.h"
#include "proto/period_conversion.h"

namespace tkp::http {
namespace {

void AddPeriod(const v1::Period& period, Json* out) {
  (*out)["period"] = FormatPeriod(FromProto(period));
  (*out)["year"] = period.year();
  (*out)["quarter"] = period.quarter();
}

void AddRegion(const v1::Region& region, Json* out) {
  (*out)["regionName"] = region.name();
  (*out)["regionCbsCode"] = region.cbs_code();
  // The number the document prints before the name; null where it prints
  // none.
  (*out)["regionNumber"] =
      region.code() > 0 ? Json(region.code()) : Json(nullptr);
}

// The five counts; with a `suffix` ("Before"), each name ends in it.
void AddCounts(const v1::ClientCounts& counts, Json* out,
               const std::string& suffix = "") {
  (*out)["municipalityWithProfile" + suffix] =
      counts.municipality_with_profile();
  (*out)["municipalityWithoutProfile" + suffix] =
      counts.municipality_without_profile();
  (*out)["uwvWithProfile" + suffix] = counts.uwv_with_profile();
  (*out)["uwvWithoutProfile" + suffix] = counts.uwv_without_profile();
  (*out)["total" + suffix] = counts.total();
}

void AddChanges(const v1::CountChanges& changes, Json* out) {
  AddCounts(changes.before(), out, "Before");
  AddCounts(changes.after(), out, "After");
  AddCounts(changes.change(), out, "Change");
}

// An optional proto field: its value, or null.
template <typename T>
Json Maybe(bool present, T value) {
  return present ? Json(value) : Json(nullptr);
}

void AddSource(const v1::Source& source, Json* out) {
  (*out)["sourceFile"] = source.file_name();
  (*out)["sourceSha256"] = source.sha256();
  (*out)["importer"] = source.importer();
}

// "OUTCOME_IMPORTED" as "imported".
std::string OutcomeName(v1::ImportDocumentResponse::Outcome outcome) {
  std::string name = v1::ImportDocumentResponse::Outcome_Name(outcome).substr(
      std::string("OUTCOME_").size());
  for (char& c : name) c = static_cast<char>(std::tolower(c));
  return name;
}

}  // namespace

Json ImportRecord(const v1::ImportDocumentResponse& response) {
  Json out = Json::object();
  out["outcome"] = OutcomeName(response.outcome());
  Json publications = Json::array();
  for (const v1::ImportedPublication& imported : response.publications()) {
    Json record = Json::object();
    record["outcome"] = OutcomeName(imported.outcome());
    record.update(TotalsRecord(imported.figures()));
    record["notes"] = Json(std::vector<std::string>(
        imported.figures().notes().begin(), imported.figures().notes().end()));
    publications.push_back(std::move(record));
  }
  out["publications"] = std::move(publications);
  return out;
}

Json RemovalRecord(const v1::RemovePublicationResponse& response) {
  return PublicationRecord(response.removed());
}

Json PublicationRecord(const v1::PublicationSummary& publication) {
  Json out = Json::object();
  AddPeriod(publication.period(), &out);
  AddRegion(publication.region(), &out);
  AddCounts(publication.totals(), &out);
  out["registerSize"] =
      Maybe(publication.has_register_size(), publication.register_size());
  out["coverage"] = Maybe(publication.has_coverage(), publication.coverage());
  out["municipalityCount"] = publication.municipality_count();
  out["noteCount"] = publication.note_count();
  AddSource(publication.source(), &out);
  return out;
}

Json TotalsRecord(const v1::RegionFigures& figures) {
  Json out = Json::object();
  AddPeriod(figures.period(), &out);
  AddRegion(figures.region(), &out);
  AddCounts(figures.totals(), &out);
  out["registerSize"] =
      Maybe(figures.has_register_size(), figures.register_size());
  out["coverage"] = Maybe(figures.has_coverage(), figures.coverage());
  out["profileShare"] = figures.profile_share();
  out["statedCoveragePercent"] = Maybe(figures.has_stated_coverage_percent(),
                                       figures.stated_coverage_percent());
  out["municipalityCount"] = figures.municipalities_size();
  AddSource(figures.source(), &out);
  return out;
}

Json MunicipalityRecord(const v1::Region& region, const v1::Period& period,
                        const v1::Municipality& municipality) {
  Json out = Json::object();
  AddPeriod(period, &out);
  AddRegion(region, &out);
  out["municipalityName"] = municipality.name();
  out["municipalityCode"] = municipality.code();
  AddCounts(municipality.counts(), &out);
  return out;
}

Json CoverageRecord(const v1::Period& period,
                    const v1::RegionCoverage& coverage) {
  Json out = Json::object();
  out["rank"] = coverage.rank();
  AddPeriod(period, &out);
  AddRegion(coverage.region(), &out);
  AddCounts(coverage.totals(), &out);
  out["registerSize"] =
      Maybe(coverage.has_register_size(), coverage.register_size());
  out["coverage"] = Maybe(coverage.has_coverage(), coverage.coverage());
  out["profileShare"] = coverage.profile_share();
  out["statedCoveragePercent"] = Maybe(coverage.has_stated_coverage_percent(),
                                       coverage.stated_coverage_percent());
  return out;
}

Json HistoryRecord(const v1::HistoryEntry& entry) {
  Json out = Json::object();
  AddPeriod(entry.period(), &out);
  AddRegion(entry.region(), &out);
  AddCounts(entry.totals(), &out);
  out["registerSize"] = Maybe(entry.has_register_size(), entry.register_size());
  out["coverage"] = Maybe(entry.has_coverage(), entry.coverage());
  out["profileShare"] = entry.profile_share();
  out["statedCoveragePercent"] = Maybe(entry.has_stated_coverage_percent(),
                                       entry.stated_coverage_percent());
  return out;
}

Json MunicipalityHistoryRecord(const std::string& code,
                               const v1::MunicipalityHistoryEntry& entry) {
  Json out = Json::object();
  AddPeriod(entry.period(), &out);
  AddRegion(entry.region(), &out);
  out["municipalityName"] = entry.name();
  out["municipalityCode"] = code;
  AddCounts(entry.counts(), &out);
  out["sourceFile"] = entry.source().file_name();
  return out;
}

Json ChangeRecords(const v1::GetRegionChangesResponse& changes) {
  const auto common = [&](const char* level) {
    Json out = Json::object();
    out["level"] = level;
    out["fromPeriod"] = FormatPeriod(FromProto(changes.from_period()));
    out["toPeriod"] = FormatPeriod(FromProto(changes.to_period()));
    AddRegion(changes.region(), &out);
    return out;
  };
  Json records = Json::array();
  Json region = common("region");
  region["municipalityName"] = nullptr;
  region["municipalityCode"] = nullptr;
  region["presence"] = nullptr;
  region["predecessors"] = nullptr;
  region["mergedInto"] = nullptr;
  AddChanges(changes.totals(), &region);
  records.push_back(std::move(region));
  for (const v1::MunicipalityChange& m : changes.municipalities()) {
    Json out = common("municipality");
    out["municipalityName"] = m.name();
    out["municipalityCode"] = m.code();
    std::string presence = v1::MunicipalityChange::Presence_Name(m.presence())
                               .substr(std::string("PRESENCE_").size());
    for (char& c : presence) c = static_cast<char>(std::tolower(c));
    out["presence"] = presence;
    std::string predecessors;
    for (const std::string& p : m.predecessors()) {
      predecessors += (predecessors.empty() ? "" : ";") + p;
    }
    out["predecessors"] = predecessors;
    out["mergedInto"] = m.merged_into();
    AddChanges(m.counts(), &out);
    records.push_back(std::move(out));
  }
  return records;
}

Json EventRecord(const v1::PublicationEvent& event) {
  Json out = Json::object();
  out["sequence"] = event.sequence();
  std::string kind = v1::PublicationEvent::Kind_Name(event.kind())
                         .substr(std::string("KIND_").size());
  for (char& c : kind) c = static_cast<char>(std::tolower(c));
  out["kind"] = kind;
  AddPeriod(event.period(), &out);
  AddRegion(event.region(), &out);
  out["sha256"] = event.sha256();
  out["fileName"] = event.file_name();
  out["time"] = absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                                 absl::FromUnixSeconds(event.time().seconds()),
                                 absl::UTCTimeZone());
  return out;
}

Json ExportRecord(const v1::ExportRow& row) {
  Json out = Json::object();
  AddPeriod(row.period(), &out);
  out["regionName"] = row.region_name();
  out["regionCbsCode"] = row.region_cbs_code();
  out["regionNumber"] =
      row.region_number() > 0 ? Json(row.region_number()) : Json(nullptr);
  out["municipalityName"] = row.municipality_name();
  out["municipalityCode"] = row.municipality_code();
  AddCounts(row.counts(), &out);
  out["registerSize"] = Maybe(row.has_register_size(), row.register_size());
  out["sourceFile"] = row.source_file();
  out["sourceSha256"] = row.source_sha256();
  out["statedCoveragePercent"] =
      Maybe(row.has_stated_coverage_percent(), row.stated_coverage_percent());
  return out;
}

std::string JsonText(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Json ErrorRecord(int code, const std::string& message) {
  Json out = Json::object();
  out["code"] = code;
  out["message"] = message;
  out["details"] = Json::array();
  return out;
}

}  // namespace tkp::http
