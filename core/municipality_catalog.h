// The municipalities tkp knows, 2015-2025, from core/data/refdata
// (compiled in): per year each one's CBS code (GM0141), its name and its
// labour-market region, the spellings publications use, and the mergers and
// renames that replaced one code by another. Resolves a printed name for a
// year to a municipality.

#ifndef TKP_CORE_MUNICIPALITY_CATALOG_H_
#define TKP_CORE_MUNICIPALITY_CATALOG_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "core/period.h"

namespace tkp {

// One municipality in one year.
struct MunicipalityYear {
  std::string gm_code;  // "GM0141"
  std::string name;     // as CBS names it that year
  std::string am_code;  // its region's CBS code that year
  // Where the year of a change of region is unknown, the other candidate;
  // either region is right.
  std::string alt_am_code;

  // Whether it belongs to a region of `region_codes` that year (by either
  // code).
  bool InRegion(const std::vector<std::string>& region_codes) const;
};

// One line of the merger data: on `date` the municipality `old_code` ended
// and it, or for a split a part of it, became `new_code` (a new
// municipality, an existing one that absorbed it, or the same one renamed).
struct MunicipalityMerger {
  std::string date;  // "2022-01-01"
  std::string old_code;
  std::string old_name;
  std::string new_code;
  std::string new_name;
  // The quarter the date falls in.
  PeriodKey quarter;
};

struct ResolvedMunicipality {
  MunicipalityYear municipality;
  // How the printed name was matched, when not by the year's own name: "a
  // spelling seen in publications", "its former name".
  std::string how;
};

// Immutable after construction; safe to share between threads.
class MunicipalityCatalog {
 public:
  // Reads the reference data's CSV files (core/data/refdata/README.md).
  static absl::StatusOr<MunicipalityCatalog> Parse(
      absl::string_view by_year_csv, absl::string_view spellings_csv,
      absl::string_view mergers_csv);

  // The catalog compiled in.
  static const MunicipalityCatalog& BuiltIn();

  // The municipality a printed name means in `year` (years outside the
  // data use the nearest one). Names are compared normalised
  // (core/name_normalizer.h), then as spellings seen elsewhere, as a former
  // name followed through renames and mergers, and without the suffix CBS
  // adds to namesakes ("Bergen (L.)"). Where a name fits
  // several (Bergen in Noord-Holland and in Limburg), the one in a region
  // of `region_codes` wins; nullopt when none or still several fit.
  std::optional<ResolvedMunicipality> Resolve(
      absl::string_view printed, int year,
      const std::vector<std::string>& region_codes) const;

  // Every code that a municipality named `printed` has carried in any year
  // (its own name, a spelling seen in publications, or the name without
  // the suffix CBS adds to namesakes), without following mergers: one for
  // most names, two for "Bergen".
  std::vector<std::string> CodesNamed(absl::string_view printed) const;

  // The municipality's entry in the latest year that has the code (for one
  // that merged away: its last year); nullopt for a code tkp does not know.
  std::optional<MunicipalityYear> Latest(absl::string_view gm_code) const;

  // The mergers that ended `gm_code`, and those that ended another
  // municipality into it, in date order.
  std::vector<MunicipalityMerger> MergersFrom(absl::string_view gm_code) const;
  std::vector<MunicipalityMerger> MergersInto(absl::string_view gm_code) const;

  // "GM0141" (any case): the shape of a municipality's CBS code.
  static bool IsGmCode(absl::string_view text);

  // The municipalities that belong to a region of `region_codes` in `year`
  // (years outside the data use the nearest one).
  std::vector<const MunicipalityYear*> MembersOf(
      int year, const std::vector<std::string>& region_codes) const;

  // The year's entry for a code, or nullptr.
  const MunicipalityYear* Find(const std::string& gm_code, int year) const;

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }

 private:
  // The entries in `year` of `codes`, a spelling's or an earlier name's,
  // followed through renames and mergers to the ones that exist then.
  void AddExisting(const std::vector<std::string>& codes, int year,
                   std::vector<const MunicipalityYear*>* candidates) const;

  int first_year_ = 0;
  int last_year_ = 0;
  std::vector<MunicipalityYear> entries_;
  // (year, normalised name) -> entries; a bare name may fit several.
  absl::flat_hash_map<std::string, std::vector<int>> by_year_name_;
  // (year, normalised name without a "(L.)"-style suffix) -> entries.
  absl::flat_hash_map<std::string, std::vector<int>> by_year_base_name_;
  absl::flat_hash_map<std::string, int> by_year_code_;  // "2023GM0141"
  // Normalised spelling or former name -> GM codes.
  absl::flat_hash_map<std::string, std::vector<std::string>> spellings_;
  absl::flat_hash_map<std::string, std::vector<std::string>> any_year_names_;
  // Old GM code -> the codes it became (several for a split).
  absl::flat_hash_map<std::string, std::vector<std::string>> successors_;
  std::vector<MunicipalityMerger> mergers_;  // in the data's (date) order
};

}  // namespace tkp

#endif  // TKP_CORE_MUNICIPALITY_CATALOG_H_
