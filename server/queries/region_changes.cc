#include "server/queries/region_changes.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "proto/period_conversion.h"
#include "server/queries/municipality_identity.h"

namespace tkp {
namespace {

// before/after and their difference; an absent side stays unset.
void SetChanges(const v1::ClientCounts* before, const v1::ClientCounts* after,
                v1::CountChanges* out) {
  if (before != nullptr) *out->mutable_before() = *before;
  if (after != nullptr) *out->mutable_after() = *after;
  if (before == nullptr || after == nullptr) return;
  v1::ClientCounts* c = out->mutable_change();
  c->set_municipality_with_profile(after->municipality_with_profile() -
                                   before->municipality_with_profile());
  c->set_municipality_without_profile(after->municipality_without_profile() -
                                      before->municipality_without_profile());
  c->set_uwv_with_profile(after->uwv_with_profile() -
                          before->uwv_with_profile());
  c->set_uwv_without_profile(after->uwv_without_profile() -
                             before->uwv_without_profile());
  c->set_total(after->total() - before->total());
}

void Add(const v1::ClientCounts& counts, v1::ClientCounts* sum) {
  sum->set_municipality_with_profile(sum->municipality_with_profile() +
                                     counts.municipality_with_profile());
  sum->set_municipality_without_profile(sum->municipality_without_profile() +
                                        counts.municipality_without_profile());
  sum->set_uwv_with_profile(sum->uwv_with_profile() +
                            counts.uwv_with_profile());
  sum->set_uwv_without_profile(sum->uwv_without_profile() +
                               counts.uwv_without_profile());
  sum->set_total(sum->total() + counts.total());
}

// "Boxmeer, Cuijk and Grave".
std::string Names(const std::vector<std::string>& names) {
  if (names.size() < 2) return absl::StrJoin(names, "");
  return absl::StrCat(absl::StrJoin(names.begin(), names.end() - 1, ", "),
                      " and ", names.back());
}

// A merger that ended a municipality into another between the two
// quarters, as the reference data has it.
struct MergedIn {
  MunicipalityMerger merger;
  // The whole municipality went into the one compared (not a split).
  bool whole = true;
};

// The mergers into `code` in the quarters (from, to], followed back
// through earlier mergers in that span (a municipality formed from one that
// was itself formed by a merger).
std::vector<MergedIn> MergersBetween(const std::string& code, PeriodKey from,
                                     PeriodKey to,
                                     const MunicipalityCatalog& catalog) {
  std::vector<MergedIn> found;
  std::vector<std::string> pending = {code};
  absl::flat_hash_set<std::string> visited = {code};
  while (!pending.empty()) {
    const std::string next = pending.back();
    pending.pop_back();
    for (const MunicipalityMerger& merger : catalog.MergersInto(next)) {
      if (!(from < merger.quarter) || to < merger.quarter) continue;
      if (!visited.insert(merger.old_code).second) continue;
      bool whole = true;
      for (const MunicipalityMerger& from_old :
           catalog.MergersFrom(merger.old_code)) {
        if (from_old.new_code != merger.new_code) whole = false;
      }
      found.push_back({merger, whole});
      pending.push_back(merger.old_code);
    }
  }
  return found;
}

// Builds the per-municipality part of the answer.
class MunicipalityComparison {
 public:
  MunicipalityComparison(const v1::RegionFigures& before,
                         const v1::RegionFigures& after,
                         const RegionCatalog& regions,
                         const MunicipalityCatalog& municipalities,
                         v1::GetRegionChangesResponse* response)
      : before_(before),
        after_(after),
        municipalities_(municipalities),
        from_(FromProto(before.period())),
        to_(FromProto(after.period())),
        response_(response) {
    for (const v1::Municipality& m : before.municipalities()) {
      before_keys_.push_back(
          MunicipalityKeyOf(m, before, regions, municipalities));
      earlier_.emplace(before_keys_.back(), &m);
    }
    for (const v1::Municipality& m : after.municipalities()) {
      after_keys_.push_back(
          MunicipalityKeyOf(m, after, regions, municipalities));
    }
  }

  void Run() {
    const absl::flat_hash_set<std::string> later(after_keys_.begin(),
                                                 after_keys_.end());
    for (int i = 0; i < after_.municipalities_size(); ++i) {
      CompareLater(after_.municipalities(i), after_keys_[i], later);
    }
    for (int i = 0; i < before_.municipalities_size(); ++i) {
      const v1::Municipality& m = before_.municipalities(i);
      const auto merged = merged_into_.find(before_keys_[i]);
      if (merged == merged_into_.end() && matched_.contains(before_keys_[i])) {
        continue;  // compared under the same code
      }
      v1::MunicipalityChange* change = response_->add_municipalities();
      change->set_name(m.name());
      change->set_code(Code(before_keys_[i]));
      SetChanges(&m.counts(), nullptr, change->mutable_counts());
      if (merged != merged_into_.end()) {
        change->set_presence(v1::MunicipalityChange::PRESENCE_MERGED_INTO);
        change->set_merged_into(merged->second);
      } else {
        change->set_presence(v1::MunicipalityChange::PRESENCE_DISAPPEARED);
        disappeared_.push_back(m.name());
      }
    }
    AddNotes();
  }

 private:
  static std::string Code(const std::string& key) {
    return key.starts_with("name:") ? std::string() : key;
  }

  void CompareLater(const v1::Municipality& m, const std::string& key,
                    const absl::flat_hash_set<std::string>& later) {
    v1::MunicipalityChange* change = response_->add_municipalities();
    change->set_name(m.name());
    change->set_code(Code(key));
    std::vector<const v1::Municipality*> sources;
    if (const auto it = earlier_.find(key); it != earlier_.end()) {
      sources.push_back(it->second);
      matched_.insert(key);
    }
    // The earlier rows that merged into it, as (key, row).
    std::vector<std::pair<std::string, const v1::Municipality*>> merged;
    std::vector<std::string> incomplete;  // why no sum can be made
    std::string date;
    for (const MergedIn& in :
         Code(key).empty() ? std::vector<MergedIn>()
                           : MergersBetween(key, from_, to_, municipalities_)) {
      const std::string& old = in.merger.old_code;
      if (later.contains(old)) continue;  // still listed on its own
      const auto it = earlier_.find(old);
      if (it == earlier_.end()) {
        // A municipality formed and merged again within the span was never
        // listed; the ones it was formed from are followed instead.
        if (municipalities_.MergersInto(old).empty()) {
          incomplete.push_back(absl::StrCat(
              in.merger.old_name, " (", old, "), merged in on ", in.merger.date,
              ", is not listed in ", FormatPeriod(from_)));
        }
        continue;
      }
      if (!in.whole) {
        incomplete.push_back(absl::StrCat("only part of ", it->second->name(),
                                          " (", old, ") went into it on ",
                                          in.merger.date));
        continue;
      }
      merged.emplace_back(old, it->second);
      date = in.merger.date;
    }
    const bool existed = earlier_.contains(key);
    if (!incomplete.empty()) {
      // A sum that leaves part out would be a wrong figure: compare only
      // what is there (the earlier rows stay listed on their own), and say
      // why.
      response_->add_notes(absl::StrCat(
          m.name(), ": ", absl::StrJoin(incomplete, "; "),
          existed ? ", so its change includes clients who were counted "
                    "elsewhere before"
                  : ", so it is not compared"));
    } else if (!merged.empty()) {
      v1::ClientCounts sum;
      for (const v1::Municipality* source : sources)
        Add(source->counts(), &sum);
      std::vector<std::string> predecessors;  // as printed before
      for (const auto& [old, row] : merged) {
        Add(row->counts(), &sum);
        predecessors.push_back(row->name());
        change->add_predecessors(row->name());
        matched_.insert(old);
        merged_into_[old] = m.name();
      }
      change->set_presence(v1::MunicipalityChange::PRESENCE_MERGED);
      SetChanges(&sum, &m.counts(), change->mutable_counts());
      response_->add_notes(
          existed ? absl::StrCat(m.name(), " absorbed ", Names(predecessors),
                                 " on ", date, ": its ", FormatPeriod(from_),
                                 " figures are compared including theirs")
                  : absl::StrCat(m.name(), " (", Code(key), ") was formed on ",
                                 date, " from ", Names(predecessors), ": its ",
                                 FormatPeriod(from_),
                                 " figures are the sum of theirs"));
      return;
    }
    if (existed) {
      change->set_presence(v1::MunicipalityChange::PRESENCE_BOTH);
      SetChanges(&sources.front()->counts(), &m.counts(),
                 change->mutable_counts());
      return;
    }
    change->set_presence(v1::MunicipalityChange::PRESENCE_APPEARED);
    SetChanges(nullptr, &m.counts(), change->mutable_counts());
    appeared_.push_back(m.name());
  }

  void AddNotes() {
    const std::string from_text = FormatPeriod(from_);
    const std::string to_text = FormatPeriod(to_);
    if (!disappeared_.empty()) {
      response_->add_notes(absl::StrCat(
          "listed in ", from_text, " but not in ", to_text, ": ",
          absl::StrJoin(disappeared_, ", "),
          " (merged into another municipality or renamed?); their counts are "
          "not compared"));
    }
    if (!appeared_.empty()) {
      response_->add_notes(absl::StrCat(
          "listed in ", to_text, " but not in ", from_text, ": ",
          absl::StrJoin(appeared_, ", "),
          " (new through a merger, or renamed?); their counts are not "
          "compared"));
    }
    if (!disappeared_.empty() || !appeared_.empty()) {
      response_->add_notes(
          "the region totals change partly because the municipalities "
          "listed changed");
    }
  }

  const v1::RegionFigures& before_;
  const v1::RegionFigures& after_;
  const MunicipalityCatalog& municipalities_;
  const PeriodKey from_;
  const PeriodKey to_;
  v1::GetRegionChangesResponse* const response_;
  std::vector<std::string> before_keys_;
  std::vector<std::string> after_keys_;
  absl::flat_hash_map<std::string, const v1::Municipality*> earlier_;
  // Earlier keys compared with a later municipality (under the same code
  // or summed into one).
  absl::flat_hash_set<std::string> matched_;
  // Earlier key -> the later name of the municipality it merged into.
  absl::flat_hash_map<std::string, std::string> merged_into_;
  std::vector<std::string> appeared_;
  std::vector<std::string> disappeared_;
};

}  // namespace

v1::GetRegionChangesResponse CompareRegionPublications(
    const v1::RegionFigures& before, const v1::RegionFigures& after,
    const RegionCatalog& regions, const MunicipalityCatalog& municipalities) {
  v1::GetRegionChangesResponse response;
  *response.mutable_region() = after.region();
  *response.mutable_from_period() = before.period();
  *response.mutable_to_period() = after.period();
  SetChanges(&before.totals(), &after.totals(), response.mutable_totals());
  if (before.has_register_size()) {
    response.set_register_size_before(before.register_size());
  }
  if (after.has_register_size()) {
    response.set_register_size_after(after.register_size());
  }
  if (before.has_coverage()) response.set_coverage_before(before.coverage());
  if (after.has_coverage()) response.set_coverage_after(after.coverage());
  if (before.has_coverage() && after.has_coverage()) {
    response.set_coverage_change_points((after.coverage() - before.coverage()) *
                                        100.0);
  }
  response.set_profile_share_before(before.profile_share());
  response.set_profile_share_after(after.profile_share());
  response.set_profile_share_change_points(
      (after.profile_share() - before.profile_share()) * 100.0);
  MunicipalityComparison(before, after, regions, municipalities, &response)
      .Run();
  return response;
}

}  // namespace tkp
