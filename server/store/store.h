// Where the server keeps its publications: the one interface every part
// above the store uses (the importer, the services, the watch stream), so a
// second backend (a database shared by replicas) changes nothing above it.
// DataDirStore (data_dir_store.h), files in a data dir, is the first.
//
// What every implementation promises:
// - Reads never wait: snapshot() is the whole store as one immutable
//   Snapshot, and a reader keeps the one it took for as long as it likes.
// - A commit is durable before it returns, and a batch is all or nothing,
//   also across a crash; a failed commit changes nothing.
// - Every commit and removal, this server's or another replica's, is an
//   event with a sequence number that is dense and in commit order, so a
//   watcher that resumes after the last number it saw misses nothing and
//   sees nothing twice.

#ifndef TKP_SERVER_STORE_STORE_H_
#define TKP_SERVER_STORE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/snapshot.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

class Store {
 public:
  enum class Outcome { kImported, kReplaced, kUnchanged };

  struct CommitResult {
    Outcome outcome;
    FiguresPtr figures;  // what is now stored (the old one when unchanged)
  };

  virtual ~Store() = default;

  // Reads everything stored and marks the store ready. A publication that
  // cannot be read is reported in `errors` and skipped; only a store that
  // cannot be read at all fails.
  virtual absl::Status Restore(std::vector<std::string>* errors) = 0;

  // True once Restore has finished: before, the snapshot is empty.
  virtual bool ready() const = 0;

  // False while the store knows it cannot take commits (its database
  // cannot be reached); reads go on. For health checks and metrics.
  virtual bool writable() const { return true; }

  // The current snapshot; never null. Lock-free for readers.
  virtual std::shared_ptr<const Snapshot> snapshot() const = 0;

  // Stores several publications (of different regions or periods) all or
  // nothing and publishes them; results are in order. The identical
  // document (same sha256) again is kUnchanged; a different one for the
  // same region and period needs `replace`, else ALREADY_EXISTS.
  // FAILED_PRECONDITION when the store refuses writing, UNAVAILABLE for
  // other failures (a full disk, a lost connection).
  virtual absl::StatusOr<std::vector<CommitResult>> CommitAll(
      std::vector<v1::RegionFigures> batch, bool replace) = 0;

  // CommitAll of one publication.
  absl::StatusOr<CommitResult> Commit(v1::RegionFigures figures, bool replace);

  // Removes the publication for `key`: NOT_FOUND when there is none.
  virtual absl::StatusOr<FiguresPtr> Remove(const PublicationKey& key) = 0;

  // The events after `sequence` (at most `max`), oldest first, and the last
  // sequence number there is.
  virtual std::vector<v1::PublicationEvent> EventsAfter(int64_t sequence,
                                                        size_t max) const = 0;
  virtual int64_t LastSequence() const = 0;

  // `notify` runs (on some store thread) after new events arrive, until
  // Unsubscribe returns. It must not call back into Subscribe/Unsubscribe.
  virtual int Subscribe(std::function<void()> notify) const = 0;
  virtual void Unsubscribe(int id) const = 0;

  // Serves what other replicas commit: looks for it at least every
  // `interval`, on a thread of its own, until the store is destroyed,
  // passing each problem to `report`.
  virtual void Follow(absl::Duration interval,
                      std::function<void(const std::string&)> report) = 0;
};

}  // namespace tkp

#endif  // TKP_SERVER_STORE_STORE_H_
