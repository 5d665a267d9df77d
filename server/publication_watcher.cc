#include "server/publication_watcher.h"

namespace tkp {

PublicationWatcher::PublicationWatcher(const FigureStore* store,
                                       int64_t after_sequence)
    : store_(store), sent_up_to_(after_sequence) {
  subscription_ = store_->Subscribe([this] { SendNext(); });
  SendNext();
}

void PublicationWatcher::SendNext() {
  MutexLock lock(&mu_);
  if (writing_ || finished_) return;
  std::vector<v1::PublicationEvent> next = store_->EventsAfter(sent_up_to_, 1);
  if (next.empty()) return;
  sent_up_to_ = next.front().sequence();
  *pending_.mutable_event() = std::move(next.front());
  writing_ = true;
  StartWrite(&pending_);
}

void PublicationWatcher::OnWriteDone(bool ok) {
  {
    MutexLock lock(&mu_);
    writing_ = false;
    if (!ok) {  // the client went away
      if (!finished_) {
        finished_ = true;
        Finish(grpc::Status::CANCELLED);
      }
      return;
    }
  }
  SendNext();
}

void PublicationWatcher::OnCancel() {
  MutexLock lock(&mu_);
  if (finished_) return;
  finished_ = true;
  Finish(grpc::Status::CANCELLED);
}

void PublicationWatcher::OnDone() {
  // No notification runs after Unsubscribe returns, so deleting is safe.
  store_->Unsubscribe(subscription_);
  delete this;
}

}  // namespace tkp
