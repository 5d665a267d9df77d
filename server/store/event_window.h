// The newest events of a store kept in memory, the subscribers woken when
// new ones arrive, and what an event says: the part of the Store interface
// (store.h) that every implementation serves the same way. Older events are the
// implementation's to read from where it keeps them (events.log, a database
// table).

#ifndef TKP_SERVER_STORE_EVENT_WINDOW_H_
#define TKP_SERVER_STORE_EVENT_WINDOW_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "server/util/sync.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// The event numbered `sequence` of `kind` for `figures`, at this moment.
v1::PublicationEvent EventOf(int64_t sequence, v1::PublicationEvent::Kind kind,
                             const v1::RegionFigures& figures);

// Thread-safe. Locking: events_mu_ and subscribers_mu_ are each taken
// alone; a subscriber's callback runs under subscribers_mu_ and may read
// the window.
class EventWindow {
 public:
  // Keeps between `keep` and twice as many of the newest events, so memory
  // stays flat however many imports there are.
  explicit EventWindow(size_t keep);

  // Adds events newer than every one held, oldest first, then wakes the
  // subscribers.
  void Append(std::vector<v1::PublicationEvent> events);

  // The events after `sequence` (at most `max`), oldest first, when the
  // window reaches back to it (or holds nothing); nullopt when events older
  // than the window are needed.
  std::optional<std::vector<v1::PublicationEvent>> After(int64_t sequence,
                                                         size_t max) const;

  // The newest event's sequence number; 0 when there is none.
  int64_t LastSequence() const;

  // Store::Subscribe and Store::Unsubscribe.
  int Subscribe(std::function<void()> notify) const;
  void Unsubscribe(int id) const;

 private:
  const size_t keep_;
  mutable Mutex events_mu_;
  std::vector<v1::PublicationEvent> events_ ABSL_GUARDED_BY(events_mu_);
  mutable Mutex subscribers_mu_;
  mutable std::map<int, std::function<void()>> subscribers_
      ABSL_GUARDED_BY(subscribers_mu_);
  mutable int next_subscriber_ ABSL_GUARDED_BY(subscribers_mu_) = 0;
};

}  // namespace tkp

#endif  // TKP_SERVER_STORE_EVENT_WINDOW_H_
