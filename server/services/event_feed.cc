#include "server/services/event_feed.h"

#include <algorithm>
#include <utility>

namespace tkp {

EventFeed::EventFeed(Fetch fetch, int64_t after, size_t batch)
    : fetch_(std::move(fetch)),
      batch_(std::max<size_t>(batch, 1)),
      fetched_up_to_(after) {}

std::optional<v1::PublicationEvent> EventFeed::Next() {
  if (waiting_.empty()) {
    for (v1::PublicationEvent& event : fetch_(fetched_up_to_, batch_)) {
      fetched_up_to_ = event.sequence();
      waiting_.push_back(std::move(event));
    }
  }
  if (waiting_.empty()) return std::nullopt;
  v1::PublicationEvent next = std::move(waiting_.front());
  waiting_.pop_front();
  return next;
}

}  // namespace tkp
