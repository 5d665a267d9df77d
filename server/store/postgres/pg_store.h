// The Store (store.h) in PostgreSQL, for replicas that share one database
// instead of a data dir: publications and the event log are tables
// (pg_schema.h); every replica keeps the whole store in memory as
// snapshots, as DataDirStore does, so reads never touch the database.
//
// Writes: a commit or removal is one transaction in READ COMMITTED that
// first takes the log head row FOR UPDATE, so writers take turns, decide
// against what the last one committed, and number their events densely in
// commit order (a sequence or bigserial would not be: a late commit with a
// lower number would be skipped by a watcher resuming after a higher one,
// and a rollback burns numbers). The transaction ends with NOTIFY.
//
// Following the others: one thread per replica LISTENs, and after every
// notification, every (re)connect and at least every kCatchUpEvery catches
// up: in one REPEATABLE READ snapshot, the events after the last one
// applied and the publications they wrote. NOTIFY is only a wake-up
// (nothing is kept for a listener that was away); the catch-up is what
// makes it whole. A commit catches up before it returns, so an import
// answers once the replica that took it serves it.
//
// When the database goes away, reads go on from memory; commits and
// removals fail at once with UNAVAILABLE naming the database; the
// listener reconnects with backoff and catches up.

#ifndef TKP_SERVER_STORE_POSTGRES_PG_STORE_H_
#define TKP_SERVER_STORE_POSTGRES_PG_STORE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/store/event_window.h"
#include "server/store/postgres/pg_connection.h"
#include "server/store/snapshot.h"
#include "server/store/store.h"
#include "server/util/sync.h"

namespace tkp {

// Locking, in the order taken: commit_mu_ (the writer's connection:
// commits, removals, the restore), then apply_mu_ (what has been applied
// to memory: the snapshot and the applied sequence), then the event
// window's. history_mu_ (the connection that reads events older than the
// window) is taken alone. Readers take only the window's, or nothing (the
// snapshot is an atomic pointer).
class PgStore : public Store {
 public:
  static constexpr size_t kDefaultEventsInMemory = 1024;
  // The follower's catch-up when no notification came (a lost one).
  static constexpr absl::Duration kCatchUpEvery = absl::Seconds(15);

  // Connects and brings the schema up to date (pg_schema.h). The store is
  // empty and not ready until Restore.
  static absl::StatusOr<std::unique_ptr<PgStore>> Create(
      const std::string& conninfo,
      size_t events_in_memory = kDefaultEventsInMemory);

  ~PgStore() override;

  // One consistent snapshot of every publication and the newest events. A
  // publication that cannot be decoded is reported and skipped.
  absl::Status Restore(std::vector<std::string>* errors) override;

  bool ready() const override { return ready_.load(std::memory_order_acquire); }
  std::shared_ptr<const Snapshot> snapshot() const override {
    return current_.load();
  }

  absl::StatusOr<std::vector<CommitResult>> CommitAll(
      std::vector<v1::RegionFigures> batch, bool replace) override;
  absl::StatusOr<FiguresPtr> Remove(const PublicationKey& key) override;

  std::vector<v1::PublicationEvent> EventsAfter(int64_t sequence,
                                                size_t max) const override;
  int64_t LastSequence() const override { return window_.LastSequence(); }
  int Subscribe(std::function<void()> notify) const override {
    return window_.Subscribe(std::move(notify));
  }
  void Unsubscribe(int id) const override { window_.Unsubscribe(id); }

  // Starts the listener thread. `interval` bounds how long it takes to
  // notice that the store is being destroyed, and how soon it retries a
  // lost connection at first (backing off to 30 s).
  void Follow(absl::Duration interval,
              std::function<void(const std::string&)> report) override;

  // Applies what was committed since the last event applied, through the
  // writer's connection. The listener does this by itself; tests and the
  // commit path call it.
  absl::Status CatchUp(std::vector<std::string>* problems);

  // False from a failed connection (the listener's or a commit's) until
  // the next one that works.
  bool writable() const override {
    return connected_.load(std::memory_order_acquire);
  }

  // The last event applied to memory.
  int64_t applied_sequence() const {
    return applied_.load(std::memory_order_acquire);
  }

  // The database, as messages name it (never with a password).
  const std::string& description() const { return description_; }

 private:
  PgStore(std::string conninfo, std::unique_ptr<PgConnection> writer,
          size_t events_in_memory);

  // The writer's connection, made again if it was lost; UNAVAILABLE when
  // the database cannot be reached.
  absl::StatusOr<PgConnection*> Writer()
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);

  // Runs `body` in a READ COMMITTED transaction on the writer's
  // connection. A connection found lost at BEGIN (its backend terminated,
  // the server restarted or failed over since the last write, before the
  // writer's probe could tell) is replaced once: nothing was sent, so
  // nothing can have happened. A connection lost later is never retried:
  // whether a COMMIT took is then unknown (a restart shows it).
  absl::Status InWriteTransaction(
      absl::FunctionRef<absl::Status(PgConnection&)> body)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(commit_mu_);

  // CatchUp through `conn`.
  absl::Status CatchUpWith(PgConnection& conn,
                           std::vector<std::string>* problems);

  // Catches up after a commit through `conn`, so the replica that took it
  // serves it before answering.
  void ServeCommitted(PgConnection& conn);

  // The listener thread's loop.
  void FollowLoop(absl::Duration interval,
                  const std::function<void(const std::string&)>& report);

  const std::string conninfo_;
  const std::string description_;
  const size_t events_in_memory_;
  // Serialises commits, removals and the restore on the writer's
  // connection; readers never take it.
  Mutex commit_mu_;
  std::unique_ptr<PgConnection> writer_ ABSL_GUARDED_BY(commit_mu_);
  // Serialises applying changes to memory.
  Mutex apply_mu_;
  std::atomic<int64_t> applied_{0};  // written under apply_mu_
  std::atomic<std::shared_ptr<const Snapshot>> current_;
  std::atomic<bool> ready_{false};
  EventWindow window_;
  mutable Mutex history_mu_;
  mutable std::unique_ptr<PgConnection> history_ ABSL_GUARDED_BY(history_mu_);
  std::atomic<bool> connected_{true};
  std::atomic<bool> stop_{false};
  std::thread follower_;
};

}  // namespace tkp

#endif  // TKP_SERVER_STORE_POSTGRES_PG_STORE_H_
