// Every loaded publication: in memory as immutable snapshots, durably in the
// data dir as one file per region and period.
//
// A commit writes the publication's file (to a temporary name, fsynced, then
// renamed over the final name, then the directory fsynced) before it
// publishes the new snapshot and returns, so an acknowledged import survives
// a crash, and a crash mid-write leaves only a temporary file that the next
// start removes.

#ifndef TKP_SERVER_FIGURE_STORE_H_
#define TKP_SERVER_FIGURE_STORE_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/snapshot.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

class FigureStore {
 public:
  enum class Outcome { kImported, kReplaced, kUnchanged };

  struct CommitResult {
    Outcome outcome;
    FiguresPtr figures;  // what is now stored (the old one when unchanged)
  };

  // Creates the data dir if needed; the store is empty and not ready until
  // Restore.
  static absl::StatusOr<std::unique_ptr<FigureStore>> Create(
      const std::string& data_dir);

  // Restores every publication in the data dir and marks the store ready. A
  // file that cannot be restored is reported in `errors` and skipped; only
  // a data dir that cannot be read fails.
  absl::Status Restore(std::vector<std::string>* errors);

  // Create, then Restore.
  static absl::StatusOr<std::unique_ptr<FigureStore>> Open(
      const std::string& data_dir, std::vector<std::string>* errors);

  // True once Restore has finished: before, the snapshot is empty.
  bool ready() const { return ready_.load(std::memory_order_acquire); }

  // The current snapshot; never null. Lock-free for readers.
  std::shared_ptr<const Snapshot> snapshot() const { return current_.load(); }

  // Stores `figures` durably and publishes it. The identical document
  // (same sha256) again is kUnchanged; a different one for the same region
  // and period needs `replace`, else ALREADY_EXISTS. A failed write changes
  // nothing: FAILED_PRECONDITION when the data dir refuses writing,
  // UNAVAILABLE for other I/O failures (a full disk).
  absl::StatusOr<CommitResult> Commit(v1::RegionFigures figures, bool replace);

  const std::string& data_dir() const { return data_dir_; }

 private:
  explicit FigureStore(std::string data_dir);

  std::string PathFor(const PublicationKey& key) const;

  const std::string data_dir_;          // constant after construction
  const std::string publications_dir_;  // constant after construction
  absl::Mutex commit_mu_;  // serialises commits; readers never take it
  std::atomic<std::shared_ptr<const Snapshot>> current_;
  std::atomic<bool> ready_{false};
};

}  // namespace tkp

#endif  // TKP_SERVER_FIGURE_STORE_H_
