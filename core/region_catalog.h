// The labour-market regions tkp knows, from core/data/regions.txt
// (compiled in), and the mapping from any spelling to one region.

#ifndef TKP_CORE_REGION_CATALOG_H_
#define TKP_CORE_REGION_CATALOG_H_

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp {

struct ResolvedRegion {
  std::string key;   // the normalised name that identifies the region
  std::string name;  // the catalog's usual spelling, or the printed name
  bool known = false;
};

// Immutable after construction; safe to share between threads.
class RegionCatalog {
 public:
  // Reads the catalog format: a region per line, spellings separated by "|",
  // "#" comments. Fails on an empty catalog or a spelling claimed twice.
  static absl::StatusOr<RegionCatalog> Parse(absl::string_view text);

  // The catalog compiled into the server.
  static const RegionCatalog& BuiltIn();

  // The region a printed name means. A name the catalog does not know is
  // its own region (keyed by its normalised form), with known = false.
  ResolvedRegion Resolve(absl::string_view printed_name) const;

  int size() const { return static_cast<int>(names_.size()); }
  // The usual spelling of every region, in catalog order.
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;  // usual spelling per region
  std::vector<std::string> keys_;   // normalised usual spelling per region
  absl::flat_hash_map<std::string, int> index_by_key_;  // any spelling
  // Every spelling and key exactly as listed: most lookups are for one of
  // these, and matching them spares normalising (ICU) on every read call.
  absl::flat_hash_map<std::string, int> index_by_spelling_;
};

}  // namespace tkp

#endif  // TKP_CORE_REGION_CATALOG_H_
