// Whole answers to the API's reads, kept per snapshot as the gRPC side
// keeps its (server/services/response_cache.h): a read's answer is a
// function of the snapshot and the request's target alone, so it is made
// once per snapshot (routing, the query, the JSON) and then only copied
// out. Never stale: a new snapshot starts with an empty cache. An answer
// made in parts as it is sent (the export) is never kept.
//
// Locking: one mutex over the snapshot and the answers, held to look up or
// keep an answer, never while one is made.

#ifndef TKP_SERVER_HTTP_ANSWER_CACHE_H_
#define TKP_SERVER_HTTP_ANSWER_CACHE_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"
#include "server/http/http_api.h"
#include "server/store/snapshot.h"
#include "server/util/sync.h"

namespace tkp::http {

class AnswerCache {
 public:
  // Keeps at most `max_bytes` of targets and answers per snapshot; beyond
  // that, answers are made and not kept, so a client asking for ever new
  // targets cannot grow the server.
  explicit AnswerCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // The answer to a GET of `target` from `snapshot`: the one kept, or
  // `make`'s, kept where there is room. Shared, so it is never copied.
  std::shared_ptr<const HttpAnswer> Get(
      const std::shared_ptr<const Snapshot>& snapshot, absl::string_view target,
      absl::FunctionRef<HttpAnswer()> make);

 private:
  const size_t max_bytes_;
  Mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::shared_ptr<const HttpAnswer>> answers_
      ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_ANSWER_CACHE_H_
