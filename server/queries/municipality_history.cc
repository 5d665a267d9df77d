#include "server/queries/municipality_history.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/name_normalizer.h"
#include "proto/period_conversion.h"
#include "server/queries/municipality_identity.h"

namespace tkp {
namespace {

// What a request asks for: a code, or a printed name tkp cannot resolve.
struct Wanted {
  std::string code;
  std::string name_key;  // normalised, when there is no code
};

absl::StatusOr<Wanted> ResolveSelector(
    absl::string_view selector, const MunicipalityCatalog& municipalities) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(selector);
  if (trimmed.empty()) {
    return absl::InvalidArgumentError(
        "no municipality given; name one (\"Almelo\") or give its CBS code "
        "(\"GM0141\")");
  }
  if (MunicipalityCatalog::IsGmCode(trimmed)) {
    return Wanted{absl::AsciiStrToUpper(trimmed), ""};
  }
  const std::vector<std::string> codes = municipalities.CodesNamed(trimmed);
  if (codes.size() > 1) {
    std::vector<std::string> listed;
    for (const std::string& code : codes) {
      const std::optional<MunicipalityYear> m = municipalities.Latest(code);
      listed.push_back(absl::StrCat(code, " ", m ? m->name : ""));
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", trimmed, "\" has been the name of several municipalities (",
        absl::StrJoin(listed, ", "), "); give the CBS code"));
  }
  if (codes.size() == 1) return Wanted{codes.front(), ""};
  return Wanted{"", NormalizeName(trimmed)};
}

// Where its history begins and ends: the renames and mergers that formed
// it or took it in, grouped by date.
void AddMergerNotes(const std::string& code,
                    const MunicipalityCatalog& municipalities,
                    v1::GetMunicipalityHistoryResponse* response) {
  const std::vector<MunicipalityMerger> into = municipalities.MergersInto(code);
  for (size_t i = 0; i < into.size();) {
    const std::string& date = into[i].date;
    std::vector<std::string> names;
    bool whole = true;  // no part of a split among them
    for (; i < into.size() && into[i].date == date; ++i) {
      const bool split =
          municipalities.MergersFrom(into[i].old_code).size() > 1;
      whole = whole && !split;
      names.push_back(absl::StrCat(split ? "part of " : "", into[i].old_name,
                                   " (", into[i].old_code, ")"));
    }
    // New on that date when the code did not exist the year before (where
    // the data begins that year, nobody can tell); new from one whole
    // municipality is a rename.
    const int year_before = into[i - 1].quarter.year - 1;
    const bool is_new = year_before >= municipalities.first_year() &&
                        municipalities.Find(code, year_before) == nullptr;
    const std::string listed = absl::StrJoin(names, ", ");
    response->add_notes(
        !is_new ? absl::StrCat("took in ", listed, " on ", date,
                               names.size() == 1
                                   ? "; its figures before then are in its "
                                     "own history"
                                   : "; their figures before then are in "
                                     "their own histories")
        : names.size() == 1 && whole
            ? absl::StrCat("was called ", listed, " until ", date,
                           "; its figures before then are under that code")
            : absl::StrCat("was formed on ", date, " from ", listed,
                           "; their figures before then are in their own "
                           "histories"));
  }
  for (const MunicipalityMerger& m : municipalities.MergersFrom(code)) {
    int joined = 0;
    for (const MunicipalityMerger& other :
         municipalities.MergersInto(m.new_code)) {
      if (other.date == m.date) ++joined;
    }
    const bool renamed =
        joined == 1 && municipalities.MergersFrom(code).size() == 1 &&
        m.quarter.year - 1 >= municipalities.first_year() &&
        municipalities.Find(m.new_code, m.quarter.year - 1) == nullptr;
    response->add_notes(absl::StrCat(
        renamed ? "was renamed " : "became part of ", m.new_name, " (",
        m.new_code, ") on ", m.date, "; its figures from then on are there"));
  }
}

}  // namespace

absl::StatusOr<v1::GetMunicipalityHistoryResponse> MunicipalityHistory(
    const Snapshot& snapshot, const RegionCatalog& regions,
    const MunicipalityCatalog& municipalities,
    const v1::GetMunicipalityHistoryRequest& request) {
  absl::StatusOr<Wanted> wanted =
      ResolveSelector(request.municipality(), municipalities);
  if (!wanted.ok()) return wanted.status();

  v1::GetMunicipalityHistoryResponse response;
  std::vector<v1::MunicipalityHistoryEntry> entries;
  for (const auto& [key, publication] : snapshot.publications()) {
    for (const v1::Municipality& m : publication->municipalities()) {
      const bool match =
          wanted->code.empty()
              ? NormalizeName(m.name()) == wanted->name_key
              : MunicipalityCodeOf(m, *publication, regions, municipalities) ==
                    wanted->code;
      if (!match) continue;
      v1::MunicipalityHistoryEntry entry;
      *entry.mutable_period() = publication->period();
      *entry.mutable_region() = publication->region();
      entry.set_name(m.name());
      *entry.mutable_counts() = m.counts();
      *entry.mutable_source() = publication->source();
      entries.push_back(std::move(entry));
    }
  }
  const std::optional<MunicipalityYear> known =
      wanted->code.empty() ? std::nullopt : municipalities.Latest(wanted->code);
  const std::string label =
      known
          ? absl::StrCat(known->name, " (", wanted->code, ")")
          : absl::StrCat(
                "\"", absl::StripAsciiWhitespace(request.municipality()), "\"");
  if (entries.empty()) {
    // Where it went or came from tells the user what to ask for instead.
    v1::GetMunicipalityHistoryResponse mergers;
    if (!wanted->code.empty()) {
      AddMergerNotes(wanted->code, municipalities, &mergers);
    }
    return absl::NotFoundError(absl::StrCat(
        "no loaded publication lists ", label,
        wanted->code.empty() && !known
            ? " (not a municipality tkp knows either; check the spelling)"
            : "",
        mergers.notes().empty() ? "" : "; it ",
        absl::StrJoin(mergers.notes(), "; it ")));
  }
  // The snapshot is ordered by region; a history reads by quarter.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const v1::MunicipalityHistoryEntry& a,
                      const v1::MunicipalityHistoryEntry& b) {
                     return FromProto(a.period()) < FromProto(b.period());
                   });
  response.set_code(wanted->code);
  response.set_name(known ? known->name : entries.back().name());
  for (size_t i = 0; i < entries.size(); ++i) {
    const v1::MunicipalityHistoryEntry& entry = entries[i];
    if (i > 0 && entries[i - 1].period().year() == entry.period().year() &&
        entries[i - 1].period().quarter() == entry.period().quarter()) {
      response.add_notes(absl::StrCat(
          "listed by two regions' publications for ",
          FormatPeriod(FromProto(entry.period())), ": ",
          entries[i - 1].region().name(), " and ", entry.region().name()));
    } else if (i > 0 && entries[i - 1].region().key() != entry.region().key()) {
      response.add_notes(
          absl::StrCat("counted in ", entries[i - 1].region().name(), " up to ",
                       FormatPeriod(FromProto(entries[i - 1].period())),
                       " and in ", entry.region().name(), " from ",
                       FormatPeriod(FromProto(entry.period()))));
    }
    *response.add_entries() = entry;
  }
  if (!wanted->code.empty()) {
    AddMergerNotes(wanted->code, municipalities, &response);
  }
  return response;
}

}  // namespace tkp
