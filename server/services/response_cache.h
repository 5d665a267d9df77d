// Serialized answers to read calls, kept per snapshot. A read's answer is a
// function of the snapshot and the request alone, so it is computed once
// per snapshot and then served as bytes: no lookup, copy or serialization
// per call. It is never stale: an import publishes a new snapshot, and a
// new snapshot starts with an empty cache.

#ifndef TKP_SERVER_SERVICES_RESPONSE_CACHE_H_
#define TKP_SERVER_SERVICES_RESPONSE_CACHE_H_

#include <grpcpp/support/slice.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "server/store/snapshot.h"
#include "server/util/sync.h"

namespace tkp {

// The answers computed from one snapshot, which it keeps alive. Thread-safe.
class ResponseCache {
 public:
  // Holds at most `max_bytes` of keys and answers; beyond that, answers are
  // still computed, just not kept, so a client asking for ever new
  // spellings cannot grow the server.
  ResponseCache(std::shared_ptr<const Snapshot> snapshot, size_t max_bytes);

  const std::shared_ptr<const Snapshot>& snapshot() const { return snapshot_; }

  // Sets *answer to the answer kept for `key`; false when there is none.
  // A slice is reference-counted: sending it copies nothing.
  bool Find(absl::string_view key, grpc::Slice* answer) const;

  // Keeps `answer` for `key` if there is room, and returns it either way.
  grpc::Slice Insert(absl::string_view key, const std::string& answer);

  size_t bytes() const;

 private:
  const std::shared_ptr<const Snapshot> snapshot_;
  const size_t max_bytes_;
  mutable Mutex mu_;
  absl::flat_hash_map<std::string, grpc::Slice> answers_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

// The cache of the newest snapshot a call has asked about.
class ResponseCaches {
 public:
  explicit ResponseCaches(size_t max_bytes_per_snapshot)
      : max_bytes_(max_bytes_per_snapshot) {}

  // The cache for `snapshot`. A call that still reads an older snapshot
  // than the last one may swap the cache back to it; that costs refills,
  // never a wrong answer, since each cache answers only for its snapshot.
  std::shared_ptr<ResponseCache> For(std::shared_ptr<const Snapshot> snapshot);

 private:
  const size_t max_bytes_;
  std::atomic<std::shared_ptr<ResponseCache>> current_;
};

}  // namespace tkp

#endif  // TKP_SERVER_SERVICES_RESPONSE_CACHE_H_
