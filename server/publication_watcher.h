// The server-streaming side of WatchPublications: one reactor per watching
// client, fed from the store's event log, one write at a time.

#ifndef TKP_SERVER_PUBLICATION_WATCHER_H_
#define TKP_SERVER_PUBLICATION_WATCHER_H_

#include <grpcpp/support/server_callback.h>

#include "absl/base/thread_annotations.h"
#include "server/figure_store.h"
#include "server/sync.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// Deletes itself when the call is done. Sends every event after
// `after_sequence`, then new ones as they come, until the client cancels or
// the server shuts down.
class PublicationWatcher final
    : public grpc::ServerWriteReactor<v1::WatchPublicationsResponse> {
 public:
  PublicationWatcher(const FigureStore* store, int64_t after_sequence);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Starts the next write if none is under way and an event is waiting.
  void SendNext();

  const FigureStore* const store_;
  int subscription_ = -1;  // constant once subscribed
  Mutex mu_;
  int64_t sent_up_to_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  v1::WatchPublicationsResponse pending_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tkp

#endif  // TKP_SERVER_PUBLICATION_WATCHER_H_
