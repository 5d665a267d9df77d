// The labour-market regions tkp knows, from core/data/regions.txt
// (compiled in), and the mapping from any spelling to one region.

#ifndef TKP_CORE_REGION_CATALOG_H_
#define TKP_CORE_REGION_CATALOG_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp {

struct ResolvedRegion {
  std::string key;       // the normalised name that identifies the region
  std::string name;      // the catalog's usual spelling, or the printed name
  std::string cbs_code;  // the current CBS code ("AM05"); empty if unknown
  bool known = false;
};

// Immutable after construction; safe to share between threads.
class RegionCatalog {
 public:
  // Reads the catalog format: a region per line, "|" between fields, "#"
  // comments. The first field holds the region's CBS codes (current first,
  // separated by spaces), then its usual name and other spellings. Fails on
  // an empty catalog, a malformed code, or a spelling or code claimed
  // twice.
  static absl::StatusOr<RegionCatalog> Parse(absl::string_view text);

  // The catalog compiled into the server.
  static const RegionCatalog& BuiltIn();

  // The region a printed name means. A name the catalog does not know is
  // its own region (keyed by its normalised form), with known = false.
  ResolvedRegion Resolve(absl::string_view printed_name) const;

  // True for the form of a CBS region code: "AM" and two digits, any case.
  static bool IsCbsCode(absl::string_view text);

  // The region a CBS code ("AM18", "am18", a former code like "AM31")
  // names, or nullopt when no region carries it.
  std::optional<ResolvedRegion> ResolveCode(absl::string_view code) const;

  // Every CBS code of the region with that key (FoodValley: AM38 and AM31);
  // empty for a region tkp does not know.
  std::vector<std::string> CodesOf(absl::string_view key) const;

  int size() const { return static_cast<int>(names_.size()); }
  // The usual spelling of every region, in catalog order.
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;      // usual spelling per region
  std::vector<std::string> keys_;       // normalised usual spelling per region
  std::vector<std::string> cbs_codes_;  // current CBS code per region
  std::vector<std::vector<std::string>> all_codes_;  // every code per region
  absl::flat_hash_map<std::string, int> index_by_code_;  // every code, upper
  absl::flat_hash_map<std::string, int> index_by_key_;   // any spelling
  // Every spelling and key exactly as listed: most lookups are for one of
  // these, and matching them spares normalising (ICU) on every read call.
  absl::flat_hash_map<std::string, int> index_by_spelling_;
};

}  // namespace tkp

#endif  // TKP_CORE_REGION_CATALOG_H_
