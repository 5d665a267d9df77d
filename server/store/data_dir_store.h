// The Store (store.h) of files in a data dir: every loaded publication in
// memory as immutable snapshots, durably as one file per region and period,
// and the event log (events.log) beside them.
//
// A commit writes the publication's file (to a temporary name, fsynced, then
// renamed over the final name, then the directory fsynced) before it
// publishes the new snapshot and returns, so an acknowledged import survives
// a crash, and a crash mid-write leaves only a temporary file that a later
// start removes.
//
// Several servers may share one data dir. Commits take an exclusive lock on
// the directory (flock), and check the file on disk, not only their own
// snapshot, so two replicas importing for the same region and period end
// with one winner. Each server rescans the directory (Watch) to serve what
// the others imported; rescanning rather than inotify also works on network
// file systems, where inotify does not see other hosts' writes.

#ifndef TKP_SERVER_STORE_DATA_DIR_STORE_H_
#define TKP_SERVER_STORE_DATA_DIR_STORE_H_

#include <sys/stat.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/event_window.h"
#include "server/store/snapshot.h"
#include "server/store/store.h"
#include "server/util/sync.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// Locking, in the order taken: commit_mu_ (commits, removals, rescans and
// the restore; never readers), then the data dir's lock (a flock, shared
// with other processes on the same dir; also taken alone, never before
// commit_mu_), then the event window's (event_window.h). Readers take only
// the window's, or nothing (the snapshot is an atomic pointer).
class DataDirStore : public Store {
 public:
  // The newest events kept in memory (between this and twice as many);
  // older ones are read from the event log when a watcher asks for them,
  // so memory stays flat however many imports there are.
  static constexpr size_t kDefaultEventsInMemory = 1024;

  // Creates the data dir if needed; the store is empty and not ready until
  // Restore.
  static absl::StatusOr<std::unique_ptr<DataDirStore>> Create(
      const std::string& data_dir,
      size_t events_in_memory = kDefaultEventsInMemory);

  // Restores every publication in the data dir and marks the store ready. A
  // file that cannot be restored is reported in `errors` and skipped; only
  // a data dir that cannot be read fails.
  absl::Status Restore(std::vector<std::string>* errors) override;

  // Create, then Restore.
  static absl::StatusOr<std::unique_ptr<DataDirStore>> Open(
      const std::string& data_dir, std::vector<std::string>* errors,
      size_t events_in_memory = kDefaultEventsInMemory);

  ~DataDirStore() override;

  bool ready() const override { return ready_.load(std::memory_order_acquire); }
  std::shared_ptr<const Snapshot> snapshot() const override {
    return current_.load();
  }

  // Writes each publication's file and then the event, under the data
  // dir's lock; a batch all or nothing also across a crash
  // (WriteFilesDurably). FAILED_PRECONDITION when the data dir refuses
  // writing, UNAVAILABLE for other I/O failures (a full disk).
  absl::StatusOr<std::vector<CommitResult>> CommitAll(
      std::vector<v1::RegionFigures> batch, bool replace) override;

  // Picks up what other processes changed in the data dir: new, replaced
  // and removed publication files. Problems are reported in `errors` once
  // per change of a file.
  absl::Status Rescan(std::vector<std::string>* errors);

  absl::StatusOr<FiguresPtr> Remove(const PublicationKey& key) override;

  std::vector<v1::PublicationEvent> EventsAfter(int64_t sequence,
                                                size_t max) const override;
  int64_t LastSequence() const override { return window_.LastSequence(); }

  int Subscribe(std::function<void()> notify) const override {
    return window_.Subscribe(std::move(notify));
  }
  void Unsubscribe(int id) const override { window_.Unsubscribe(id); }

  // Watch with a full rescan at least every kFullRescanEvery.
  void Follow(absl::Duration interval,
              std::function<void(const std::string&)> report) override;

  // Looks for other servers' changes every `interval` on a thread of its
  // own until destroyed, passing each problem to `report`. It rescans when
  // the publications directory has changed since the last rescan, and at
  // least every `full_rescan_every` (see RescanGate); in between it only
  // catches up with the event log.
  static constexpr absl::Duration kFullRescanEvery = absl::Seconds(30);
  void Watch(absl::Duration interval,
             std::function<void(const std::string&)> report,
             absl::Duration full_rescan_every = kFullRescanEvery);

  const std::string& data_dir() const { return data_dir_; }

 private:
  // What a publication file looked like when last read.
  struct FileState {
    ino_t inode = 0;
    off_t size = 0;
    int64_t mtime_nanos = 0;
    std::optional<PublicationKey> key;  // nullopt: the file is damaged

    bool SameFile(const FileState& other) const {
      return inode == other.inode && size == other.size &&
             mtime_nanos == other.mtime_nanos;
    }
  };

  DataDirStore(std::string data_dir, size_t events_in_memory);

  // Every complete event in the event log on disk, oldest first.
  std::vector<v1::PublicationEvent> ReadAllEvents() const;

  std::string PathFor(const PublicationKey& key) const;

  // The identity of a file's content as stat sees it (no key yet).
  static FileState StateOf(const struct stat& info);

  // True when the file at `path` is as it was when last read.
  bool Unchanged(const std::string& path, const FileState& state) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);

  // Brings `next` and known_ up to date with the file at `path` (stat
  // `state`): reads it when it changed. Returns true when `next` changed.
  bool Refresh(const std::string& path, FileState state, Snapshot::Map* next,
               std::vector<std::string>* errors)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);

  // Rescan, the commit lock held.
  absl::Status RescanLocked(std::vector<std::string>* errors)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);
  // Reads events other processes appended to the event log.
  void CatchUpEvents() ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);
  // Appends an event durably; the caller holds the directory lock.
  absl::Status AppendEvent(v1::PublicationEvent::Kind kind,
                           const v1::RegionFigures& figures)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);
  // Makes the event log agree with the publication files after a crash
  // between writing one and the other.
  absl::Status ReconcileEvents() ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);

  const std::string data_dir_;          // constant after construction
  const std::string events_path_;       // constant after construction
  const std::string publications_dir_;  // constant after construction
  // Serialises commits and rescans; readers never take it.
  Mutex commit_mu_;
  absl::flat_hash_map<std::string, FileState> known_
      ABSL_GUARDED_BY(commit_mu_);
  std::atomic<std::shared_ptr<const Snapshot>> current_;
  std::atomic<bool> ready_{false};
  // Bytes of the event log read so far.
  int64_t events_read_ ABSL_GUARDED_BY(commit_mu_) = 0;
  // The newest events, and the subscribers (its locks come after
  // commit_mu_ and the directory's).
  EventWindow window_;
  Notification stop_watching_;
  std::thread watcher_;
};

}  // namespace tkp

#endif  // TKP_SERVER_STORE_DATA_DIR_STORE_H_
