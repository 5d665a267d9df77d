#include "server/http/answer_cache.h"

namespace tkp::http {
namespace {

size_t SizeOf(absl::string_view target, const HttpAnswer& answer) {
  size_t bytes =
      target.size() + answer.body.size() + answer.content_type.size();
  for (const auto& [name, value] : answer.headers) {
    bytes += name.size() + value.size();
  }
  return bytes;
}

}  // namespace

std::shared_ptr<const HttpAnswer> AnswerCache::Get(
    const std::shared_ptr<const Snapshot>& snapshot, absl::string_view target,
    absl::FunctionRef<HttpAnswer()> make) {
  {
    MutexLock lock(&mu_);
    if (snapshot_ == snapshot) {
      const auto found = answers_.find(target);
      if (found != answers_.end()) return found->second;
    }
  }
  auto answer = std::make_shared<const HttpAnswer>(make());
  if (answer->next_part) return answer;  // made as it is sent
  const size_t bytes = SizeOf(target, *answer);
  MutexLock lock(&mu_);
  if (snapshot_ != snapshot) {
    // Another snapshot's answers go. A request that still reads an older
    // snapshot than the last may swap the cache back to it: that costs
    // refills, never a wrong answer, as each answer is kept with its own.
    snapshot_ = snapshot;
    answers_.clear();
    bytes_ = 0;
  }
  if (bytes_ + bytes <= max_bytes_) {
    answers_.emplace(std::string(target), answer);
    bytes_ += bytes;
  }
  return answer;
}

}  // namespace tkp::http
