#include "server/services/publication_watcher.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/queries/event_regions.h"

namespace tkp {

PublicationWatcher::PublicationWatcher(std::unique_ptr<StreamScope> scope,
                                       const Store* store,
                                       const RegionCatalog* regions,
                                       int64_t after_sequence)
    : scope_(std::move(scope)),
      store_(store),
      after_sequence_(after_sequence),
      feed_(
          [store, regions](int64_t after, size_t max) {
            return DescribeEventRegions(store->EventsAfter(after, max),
                                        *store->snapshot(), *regions);
          },
          after_sequence) {
  subscription_ = store_->Subscribe([this] { SendNext(); });
  SendNext();
}

void PublicationWatcher::SendNext() {
  MutexLock lock(&mu_);
  if (writing_ || finished_) return;
  std::optional<v1::PublicationEvent> next = feed_.Next();
  if (!next) return;
  *pending_.mutable_event() = *std::move(next);
  ++events_sent_;
  bytes_sent_ += pending_.ByteSizeLong();
  writing_ = true;
  StartWrite(&pending_);
}

void PublicationWatcher::End(const grpc::Status& status) {
  if (finished_) return;
  finished_ = true;
  ended_ = status;
  Finish(status);
}

void PublicationWatcher::OnWriteDone(bool ok) {
  {
    MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) {  // the client went away
      End(grpc::Status::CANCELLED);
      return;
    }
  }
  SendNext();
}

void PublicationWatcher::OnCancel() {
  MutexLock lock(&mu_);
  End(grpc::Status::CANCELLED);
}

void PublicationWatcher::OnDone() {
  // No notification runs after Unsubscribe returns, so deleting is safe.
  store_->Unsubscribe(subscription_);
  {
    MutexLock lock(&mu_);
    scope_->Ended(
        ended_, bytes_sent_,
        absl::StrCat("after=", after_sequence_, " events=", events_sent_));
  }
  delete this;
}

}  // namespace tkp
