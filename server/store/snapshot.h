// An immutable view of every loaded publication. Readers hold a snapshot for
// the length of a call; an import publishes a new one, so a read never waits
// for an import and never sees half of one.

#ifndef TKP_SERVER_STORE_SNAPSHOT_H_
#define TKP_SERVER_STORE_SNAPSHOT_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/period.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

struct PublicationKey {
  std::string region_key;  // normalised region name
  PeriodKey period;

  // clang-tidy 14 mistakes the defaulted comparison for a literal 0.
  auto operator<=>(const PublicationKey&) const =
      default;  // NOLINT(modernize-use-nullptr)
};

PublicationKey KeyOf(const v1::RegionFigures& figures);

using FiguresPtr = std::shared_ptr<const v1::RegionFigures>;

class Snapshot {
 public:
  // Ordered by region key, then period (oldest first).
  using Map = std::map<PublicationKey, FiguresPtr>;

  Snapshot() = default;
  explicit Snapshot(Map publications)
      : publications_(std::move(publications)) {}

  const Map& publications() const { return publications_; }
  size_t size() const { return publications_.size(); }

  // nullptr when not loaded.
  const v1::RegionFigures* Find(const PublicationKey& key) const;

  // Every publication of a region, oldest first.
  std::vector<const v1::RegionFigures*> ForRegion(
      const std::string& region_key) const;

  // Every publication of a period, by region key.
  std::vector<const v1::RegionFigures*> ForPeriod(PeriodKey period) const;

  // The most recent period of any publication.
  std::optional<PeriodKey> LatestPeriod() const;

  // The region keys whose publications print `code` as their number.
  std::vector<std::string> RegionKeysWithCode(int code) const;

 private:
  Map publications_;
};

}  // namespace tkp

#endif  // TKP_SERVER_STORE_SNAPSHOT_H_
