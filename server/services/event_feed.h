// The events a watcher has yet to send, fetched from the store in batches:
// a watcher that fell behind the store's in-memory window is served from
// events.log, and reading the log once per event it sends would re-read the
// whole file for every one of them.

#ifndef TKP_SERVER_EVENT_FEED_H_
#define TKP_SERVER_EVENT_FEED_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <vector>

#include "tkp/v1/tkp.pb.h"

namespace tkp {

// Not thread-safe: its owner (PublicationWatcher) holds its own lock.
class EventFeed {
 public:
  // Up to `max` events after sequence `after`, in sequence order
  // (Store::EventsAfter).
  using Fetch = std::function<std::vector<v1::PublicationEvent>(int64_t after,
                                                                size_t max)>;

  static constexpr size_t kDefaultBatch = 256;

  EventFeed(Fetch fetch, int64_t after, size_t batch = kDefaultBatch);

  // The next event after the last one taken, or nullopt when the store has
  // none yet (ask again when it says there are new ones).
  std::optional<v1::PublicationEvent> Next();

 private:
  const Fetch fetch_;
  const size_t batch_;
  int64_t fetched_up_to_;  // sequence of the last event fetched
  std::deque<v1::PublicationEvent> waiting_;
};

}  // namespace tkp

#endif  // TKP_SERVER_EVENT_FEED_H_
