// The server-streaming side of WatchPublications: one reactor per watching
// client, fed from the store's event log, one write at a time.

#ifndef TKP_SERVER_SERVICES_PUBLICATION_WATCHER_H_
#define TKP_SERVER_SERVICES_PUBLICATION_WATCHER_H_

#include <grpcpp/support/server_callback.h>

#include <memory>

#include "absl/base/thread_annotations.h"
#include "core/region_catalog.h"
#include "server/services/call_scope.h"
#include "server/services/event_feed.h"
#include "server/store/store.h"
#include "server/util/sync.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// Deletes itself when the call is done. Sends every event after
// `after_sequence`, then new ones as they come, until the client cancels or
// the server shuts down; each with its region's CBS code and printed
// number (server/queries/event_regions.h).
class PublicationWatcher final
    : public grpc::ServerWriteReactor<v1::WatchPublicationsResponse> {
 public:
  // `scope`: the call's, told how the stream ended.
  PublicationWatcher(std::unique_ptr<StreamScope> scope, const Store* store,
                     const RegionCatalog* regions, int64_t after_sequence);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  // Starts the next write if none is under way and an event is waiting.
  void SendNext();

  // Finishes the call, once (mu_ held).
  void End(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::unique_ptr<StreamScope> scope_;
  const Store* const store_;
  const int64_t after_sequence_;
  int subscription_ = -1;  // constant once subscribed
  Mutex mu_;
  EventFeed feed_ ABSL_GUARDED_BY(mu_);
  int64_t events_sent_ ABSL_GUARDED_BY(mu_) = 0;
  size_t bytes_sent_ ABSL_GUARDED_BY(mu_) = 0;
  grpc::Status ended_ ABSL_GUARDED_BY(mu_);
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  v1::WatchPublicationsResponse pending_ ABSL_GUARDED_BY(mu_);
};

}  // namespace tkp

#endif  // TKP_SERVER_SERVICES_PUBLICATION_WATCHER_H_
