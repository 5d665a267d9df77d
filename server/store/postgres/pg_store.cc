#include "server/store/postgres/pg_store.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "proto/period_conversion.h"
#include "server/store/crash_points.h"
#include "server/store/postgres/pg_rows.h"
#include "server/store/postgres/pg_schema.h"
#include "server/util/status_macros.h"

namespace tkp {
namespace {

// Stores one publication of a batch, the log head held: decides its
// outcome against what is stored, writes the row and its event (numbered
// *last + 1, then *last is that). An unchanged one writes nothing; its
// result holds what is stored. A changed one's result has no figures yet.
absl::StatusOr<Store::CommitResult> WriteOne(PgConnection& conn,
                                             const v1::RegionFigures& figures,
                                             bool replace, int64_t* last) {
  const PublicationKey key = KeyOf(figures);
  TKP_ASSIGN_OR_RETURN(PgResult existing,
                       conn.Exec("SELECT region_key, year, quarter, figures "
                                 "FROM tkp.publications WHERE region_key = $1 "
                                 "AND year = $2 AND quarter = $3",
                                 KeyParams(key)));
  Store::Outcome outcome = Store::Outcome::kImported;
  if (existing.rows() == 1) {
    TKP_ASSIGN_OR_RETURN(FiguresPtr old, FiguresOfRow(existing, 0, 3));
    const v1::Source& old_source = old->source();
    if (old_source.sha256() == figures.source().sha256() &&
        old_source.part() == figures.source().part()) {
      return Store::CommitResult{Store::Outcome::kUnchanged, old};
    }
    if (!replace) {
      return absl::AlreadyExistsError(absl::StrCat(
          FormatPeriod(key.period), " ", figures.region().name(),
          " is already loaded from another document (", old_source.file_name(),
          ", sha256 ", old_source.sha256().substr(0, 12),
          "...); import with replace (tkp import --replace) to replace it"));
    }
    outcome = Store::Outcome::kReplaced;
  }
  const int64_t sequence = *last + 1;
  TKP_RETURN_IF_ERROR(UpsertPublication(conn, figures, sequence));
  TKP_RETURN_IF_ERROR(
      InsertEvent(conn, EventOf(sequence,
                                outcome == Store::Outcome::kReplaced
                                    ? v1::PublicationEvent::KIND_REPLACED
                                    : v1::PublicationEvent::KIND_IMPORTED,
                                figures)));
  *last = sequence;
  return Store::CommitResult{outcome, nullptr};
}

}  // namespace

PgStore::PgStore(std::string conninfo, std::unique_ptr<PgConnection> writer,
                 size_t events_in_memory)
    : conninfo_(std::move(conninfo)),
      description_(writer->description()),
      events_in_memory_(events_in_memory),
      writer_(std::move(writer)),
      current_(std::make_shared<const Snapshot>()),
      window_(events_in_memory) {}

PgStore::~PgStore() {
  stop_.store(true);
  if (follower_.joinable()) follower_.join();
}

absl::StatusOr<std::unique_ptr<PgStore>> PgStore::Create(
    const std::string& conninfo, size_t events_in_memory) {
  TKP_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> writer,
                       PgConnection::Connect(conninfo));
  TKP_RETURN_IF_ERROR(MigratePgSchema(*writer));
  return std::unique_ptr<PgStore>(
      new PgStore(conninfo, std::move(writer), events_in_memory));
}

absl::StatusOr<PgConnection*> PgStore::Writer() {
  if (writer_ == nullptr || !writer_->Probe()) {
    writer_.reset();
    absl::StatusOr<std::unique_ptr<PgConnection>> conn =
        PgConnection::Connect(conninfo_);
    connected_.store(conn.ok(), std::memory_order_release);
    if (!conn.ok()) return conn.status();
    writer_ = *std::move(conn);
  }
  return writer_.get();
}

absl::Status PgStore::Restore(std::vector<std::string>* errors) {
  MutexLock commit_lock(&commit_mu_);
  TKP_ASSIGN_OR_RETURN(PgConnection * conn, Writer());
  MutexLock apply_lock(&apply_mu_);
  Snapshot::Map publications;
  int64_t last = 0;
  std::vector<v1::PublicationEvent> recent;
  TKP_RETURN_IF_ERROR(InTransaction(
      *conn, "ISOLATION LEVEL REPEATABLE READ READ ONLY",
      [&]() -> absl::Status {
        TKP_ASSIGN_OR_RETURN(
            PgResult head,
            conn->Exec("SELECT last_sequence FROM tkp.log_head WHERE id = 1"));
        last = head.rows() == 1 ? head.Int(0, 0) : 0;
        // Every event writes a sequence number of 1 or more.
        TKP_RETURN_IF_ERROR(ReadPublications(*conn, /*written_after=*/0,
                                             &publications, errors));
        TKP_ASSIGN_OR_RETURN(
            recent, ReadEventsAfter(
                        *conn, last - static_cast<int64_t>(events_in_memory_)));
        return absl::OkStatus();
      }));
  current_.store(std::make_shared<const Snapshot>(std::move(publications)));
  applied_.store(last, std::memory_order_release);
  window_.Append(std::move(recent));
  ready_.store(true, std::memory_order_release);
  return absl::OkStatus();
}

absl::Status PgStore::CatchUp(std::vector<std::string>* problems) {
  MutexLock lock(&commit_mu_);
  TKP_ASSIGN_OR_RETURN(PgConnection * conn, Writer());
  return CatchUpWith(*conn, problems);
}

absl::Status PgStore::CatchUpWith(PgConnection& conn,
                                  std::vector<std::string>* problems) {
  MutexLock lock(&apply_mu_);
  const int64_t applied = applied_.load(std::memory_order_acquire);
  std::vector<v1::PublicationEvent> events;
  Snapshot::Map next;
  TKP_RETURN_IF_ERROR(InTransaction(
      conn, "ISOLATION LEVEL REPEATABLE READ READ ONLY", [&]() -> absl::Status {
        TKP_ASSIGN_OR_RETURN(events, ReadEventsAfter(conn, applied));
        if (events.empty()) return absl::OkStatus();
        // Whatever an event touched is as the newest row says (a row
        // written since `applied`), or gone: a row older than `applied`
        // was applied before.
        next = current_.load()->publications();
        for (const v1::PublicationEvent& e : events) {
          next.erase({e.region().key(), FromProto(e.period())});
        }
        TKP_RETURN_IF_ERROR(ReadPublications(conn, applied, &next, problems));
        return absl::OkStatus();
      }));
  if (events.empty()) return absl::OkStatus();
  current_.store(std::make_shared<const Snapshot>(std::move(next)));
  applied_.store(events.back().sequence(), std::memory_order_release);
  window_.Append(std::move(events));
  return absl::OkStatus();
}

void PgStore::ServeCommitted(PgConnection& conn) {
  // The commit stands whatever happens here: if the connection is lost
  // now, the listener catches up once it is back. A row that does not
  // decode (never one a server wrote; one edited by hand) is left out
  // unreported here; a restart reports it.
  std::vector<std::string> problems;
  CatchUpWith(conn, &problems).IgnoreError();
}

absl::Status PgStore::InWriteTransaction(
    absl::FunctionRef<absl::Status(PgConnection&)> body) {
  for (int attempt = 0;; ++attempt) {
    TKP_ASSIGN_OR_RETURN(PgConnection * conn, Writer());
    absl::Status began = conn->Run("BEGIN ISOLATION LEVEL READ COMMITTED");
    if (began.ok()) return EndTransaction(*conn, body(*conn));
    if (conn->ok() || attempt > 0) return began;
    writer_.reset();
  }
}

absl::StatusOr<std::vector<Store::CommitResult>> PgStore::CommitAll(
    std::vector<v1::RegionFigures> batch, bool replace) {
  MutexLock lock(&commit_mu_);
  std::vector<CommitResult> results;
  int64_t first = 0;
  int64_t last = 0;
  TKP_RETURN_IF_ERROR(
      InWriteTransaction([&](PgConnection& conn) -> absl::Status {
        TKP_ASSIGN_OR_RETURN(first, LockLogHead(conn));
        last = first;
        // Every outcome is decided against what the last writer committed
        // (READ COMMITTED: each statement sees it once the head is ours).
        for (const v1::RegionFigures& figures : batch) {
          TKP_ASSIGN_OR_RETURN(CommitResult result,
                               WriteOne(conn, figures, replace, &last));
          results.push_back(std::move(result));
        }
        if (last == first) return absl::OkStatus();
        TKP_RETURN_IF_ERROR(AdvanceLogHead(conn, last));
        CrashPoint("db-before-commit");
        return absl::OkStatus();
      }));
  for (size_t i = 0; i < batch.size(); ++i) {
    if (results[i].figures == nullptr) {
      results[i].figures =
          std::make_shared<const v1::RegionFigures>(std::move(batch[i]));
    }
  }
  if (last == first) return results;
  CrashPoint("db-committed");
  ServeCommitted(*writer_);
  return results;
}

absl::StatusOr<FiguresPtr> PgStore::Remove(const PublicationKey& key) {
  MutexLock lock(&commit_mu_);
  FiguresPtr removed;
  TKP_RETURN_IF_ERROR(
      InWriteTransaction([&](PgConnection& conn) -> absl::Status {
        TKP_ASSIGN_OR_RETURN(const int64_t last, LockLogHead(conn));
        TKP_ASSIGN_OR_RETURN(
            PgResult gone,
            conn.Exec("DELETE FROM tkp.publications WHERE region_key = $1 "
                      "AND year = $2 AND quarter = $3 "
                      "RETURNING region_key, year, quarter, figures",
                      KeyParams(key)));
        if (gone.rows() == 0) {
          return absl::NotFoundError(absl::StrCat("nothing loaded for ",
                                                  key.region_key, " ",
                                                  FormatPeriod(key.period)));
        }
        TKP_ASSIGN_OR_RETURN(removed, FiguresOfRow(gone, 0, 3));
        TKP_RETURN_IF_ERROR(InsertEvent(
            conn,
            EventOf(last + 1, v1::PublicationEvent::KIND_REMOVED, *removed)));
        return AdvanceLogHead(conn, last + 1);
      }));
  ServeCommitted(*writer_);
  return removed;
}

std::vector<v1::PublicationEvent> PgStore::EventsAfter(int64_t sequence,
                                                       size_t max) const {
  if (std::optional<std::vector<v1::PublicationEvent>> recent =
          window_.After(sequence, max)) {
    return *std::move(recent);
  }
  // Older than the window (a watcher that was away for thousands of
  // imports): from the database. When it cannot be reached, nothing yet:
  // the watcher waits and asks again, rather than skip what it missed.
  MutexLock lock(&history_mu_);
  if (history_ == nullptr || !history_->ok()) {
    absl::StatusOr<std::unique_ptr<PgConnection>> conn =
        PgConnection::Connect(conninfo_);
    if (!conn.ok()) return {};
    history_ = *std::move(conn);
  }
  absl::StatusOr<PgResult> rows = history_->Exec(
      absl::StrCat("SELECT ", kEventColumns,
                   " FROM tkp.events WHERE sequence > $1 AND sequence <= $2 "
                   "ORDER BY sequence LIMIT $3"),
      {PgParam::Int(sequence), PgParam::Int(applied_sequence()),
       PgParam::Int(static_cast<int64_t>(max))});
  return rows.ok() ? EventsFrom(*rows) : std::vector<v1::PublicationEvent>{};
}

void PgStore::Follow(absl::Duration interval,
                     std::function<void(const std::string&)> report) {
  follower_ = std::thread([this, interval, report = std::move(report)] {
    FollowLoop(interval, report);
  });
}

void PgStore::FollowLoop(
    absl::Duration interval,
    const std::function<void(const std::string&)>& report) {
  const absl::Duration slice = std::min(interval, absl::Milliseconds(250));
  const absl::Duration max_backoff = absl::Seconds(30);
  absl::Duration backoff = std::min(interval, max_backoff);
  std::unique_ptr<PgConnection> listener;
  bool was_lost = false;
  absl::Time next_catch_up = absl::InfinitePast();
  const auto sleep = [&](absl::Duration length) {
    for (const absl::Time end = absl::Now() + length;
         !stop_.load() && absl::Now() < end;) {
      absl::SleepFor(std::min(slice, end - absl::Now()));
    }
  };
  while (!stop_.load()) {
    std::vector<std::string> problems;
    absl::Status status;
    if (listener == nullptr || !listener->ok()) {
      // LISTEN first, then catch up: nothing committed in between is lost.
      absl::StatusOr<std::unique_ptr<PgConnection>> conn =
          PgConnection::Connect(conninfo_);
      status = conn.status();
      if (status.ok()) {
        listener = *std::move(conn);
        status = listener->Run(absl::StrCat("LISTEN ", kPgEventsChannel));
      }
      next_catch_up = absl::InfinitePast();
    }
    if (status.ok() && absl::Now() >= next_catch_up) {
      status = CatchUpWith(*listener, &problems);
      next_catch_up = absl::Now() + kCatchUpEvery;
    }
    if (status.ok()) {
      absl::StatusOr<std::vector<std::string>> woken =
          listener->WaitForNotifications(slice);
      status = woken.status();
      if (status.ok() && !woken->empty()) next_catch_up = absl::InfinitePast();
    }
    for (const std::string& problem : problems) report(problem);
    connected_.store(status.ok(), std::memory_order_release);
    if (status.ok()) {
      if (was_lost) {
        report(absl::StrCat("following ", listener->description(), " again"));
        was_lost = false;
      }
      backoff = std::min(interval, max_backoff);
      continue;
    }
    listener.reset();
    report(absl::StrCat(status.message(), "; serving what is in memory, ",
                        "trying again in ", absl::FormatDuration(backoff)));
    was_lost = true;
    sleep(backoff);
    backoff = std::min(2 * backoff, max_backoff);
  }
}

}  // namespace tkp
