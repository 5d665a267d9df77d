#include "server/store/snapshot.h"

#include <algorithm>

#include "proto/period_conversion.h"

namespace tkp {

PublicationKey KeyOf(const v1::RegionFigures& figures) {
  return {figures.region().key(), FromProto(figures.period())};
}

const v1::RegionFigures* Snapshot::Find(const PublicationKey& key) const {
  const auto it = publications_.find(key);
  return it == publications_.end() ? nullptr : it->second.get();
}

std::vector<const v1::RegionFigures*> Snapshot::ForRegion(
    const std::string& region_key) const {
  std::vector<const v1::RegionFigures*> out;
  for (auto it = publications_.lower_bound({region_key, PeriodKey{}});
       it != publications_.end() && it->first.region_key == region_key; ++it) {
    out.push_back(it->second.get());
  }
  return out;
}

std::vector<const v1::RegionFigures*> Snapshot::ForPeriod(
    PeriodKey period) const {
  std::vector<const v1::RegionFigures*> out;
  for (const auto& [key, figures] : publications_) {
    if (key.period == period) out.push_back(figures.get());
  }
  return out;
}

std::optional<PeriodKey> Snapshot::LatestPeriod() const {
  std::optional<PeriodKey> latest;
  for (const auto& [key, figures] : publications_) {
    if (!latest || key.period > *latest) latest = key.period;
  }
  return latest;
}

std::vector<std::string> Snapshot::RegionKeysWithCode(int code) const {
  std::vector<std::string> keys;
  for (const auto& [key, figures] : publications_) {
    if (figures->region().code() == code &&
        std::find(keys.begin(), keys.end(), key.region_key) == keys.end()) {
      keys.push_back(key.region_key);
    }
  }
  return keys;
}

}  // namespace tkp
