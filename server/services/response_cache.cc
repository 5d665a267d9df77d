#include "server/services/response_cache.h"

#include <utility>

namespace tkp {

ResponseCache::ResponseCache(std::shared_ptr<const Snapshot> snapshot,
                             size_t max_bytes)
    : snapshot_(std::move(snapshot)), max_bytes_(max_bytes) {}

bool ResponseCache::Find(absl::string_view key, grpc::Slice* answer) const {
  ReaderMutexLock lock(&mu_);
  const auto it = answers_.find(key);
  if (it == answers_.end()) return false;
  *answer = it->second;
  return true;
}

grpc::Slice ResponseCache::Insert(absl::string_view key,
                                  const std::string& answer) {
  grpc::Slice kept(answer);
  const size_t size = key.size() + kept.size();
  MutexLock lock(&mu_);
  if (bytes_ + size > max_bytes_) return kept;
  const auto [it, inserted] = answers_.emplace(key, kept);
  if (!inserted) return it->second;  // another call got there first
  bytes_ += size;
  return kept;
}

size_t ResponseCache::bytes() const {
  ReaderMutexLock lock(&mu_);
  return bytes_;
}

std::shared_ptr<ResponseCache> ResponseCaches::For(
    std::shared_ptr<const Snapshot> snapshot) {
  std::shared_ptr<ResponseCache> cache = current_.load();
  if (cache != nullptr && cache->snapshot() == snapshot) return cache;
  cache = std::make_shared<ResponseCache>(std::move(snapshot), max_bytes_);
  current_.store(cache);
  return cache;
}

}  // namespace tkp
