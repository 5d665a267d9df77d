#include "server/store/event_window.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "absl/time/clock.h"

namespace tkp {

v1::PublicationEvent EventOf(int64_t sequence, v1::PublicationEvent::Kind kind,
                             const v1::RegionFigures& figures) {
  v1::PublicationEvent e;
  e.set_sequence(sequence);
  e.set_kind(kind);
  e.mutable_region()->set_key(figures.region().key());
  e.mutable_region()->set_name(figures.region().name());
  *e.mutable_period() = figures.period();
  e.set_sha256(figures.source().sha256());
  e.set_file_name(figures.source().file_name());
  const int64_t now = absl::ToUnixNanos(absl::Now());
  e.mutable_time()->set_seconds(now / 1000000000);
  e.mutable_time()->set_nanos(static_cast<int32_t>(now % 1000000000));
  return e;
}

EventWindow::EventWindow(size_t keep) : keep_(std::max<size_t>(keep, 1)) {}

void EventWindow::Append(std::vector<v1::PublicationEvent> events) {
  if (events.empty()) return;
  {
    MutexLock lock(&events_mu_);
    std::move(events.begin(), events.end(), std::back_inserter(events_));
    if (events_.size() > 2 * keep_) {
      events_.erase(events_.begin(),
                    events_.end() - static_cast<std::ptrdiff_t>(keep_));
    }
  }
  MutexLock lock(&subscribers_mu_);
  for (const auto& [id, notify] : subscribers_) notify();
}

std::optional<std::vector<v1::PublicationEvent>> EventWindow::After(
    int64_t sequence, size_t max) const {
  MutexLock lock(&events_mu_);
  if (!events_.empty() && events_.front().sequence() > sequence + 1) {
    return std::nullopt;
  }
  std::vector<v1::PublicationEvent> out;
  auto it = std::upper_bound(events_.begin(), events_.end(), sequence,
                             [](int64_t s, const v1::PublicationEvent& e) {
                               return s < e.sequence();
                             });
  for (; it != events_.end() && out.size() < max; ++it) out.push_back(*it);
  return out;
}

int64_t EventWindow::LastSequence() const {
  MutexLock lock(&events_mu_);
  return events_.empty() ? 0 : events_.back().sequence();
}

int EventWindow::Subscribe(std::function<void()> notify) const {
  MutexLock lock(&subscribers_mu_);
  subscribers_[next_subscriber_] = std::move(notify);
  return next_subscriber_++;
}

void EventWindow::Unsubscribe(int id) const {
  MutexLock lock(&subscribers_mu_);
  subscribers_.erase(id);
}

}  // namespace tkp
