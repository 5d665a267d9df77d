// The import workers: each forked by the zygote (server/workers/zygote.h)
// of one plugin library, which loaded that plugin alone, or for a reload's
// probe started on their own; all from one long-lived thread (so each dies
// with it, and the server). A few per plugin are kept ready so an import
// does not wait, each used for one document and then gone.

#ifndef TKP_SERVER_WORKERS_WORKER_POOL_H_
#define TKP_SERVER_WORKERS_WORKER_POOL_H_

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "server/workers/worker_end.h"
#include "server/workers/worker_process.h"
#include "server/workers/zygote.h"
#include "worker/protocol/worker.pb.h"

namespace tkp {

class WorkerPool;

struct WorkerOptions {
  std::string binary;  // tkp-import-worker
  int memory_mib = 1024;
  // The largest document the server accepts (--max-document-mib).
  size_t max_document_bytes = size_t{8} << 20;
  // How long one answer may take (--parse-timeout-seconds).
  absl::Duration parse_timeout = absl::Seconds(10);
  // How long a worker may take to confine itself and load its plugins.
  absl::Duration startup_timeout = absl::Seconds(10);
  // The directory of the plugin copies, which workers may read.
  std::string copy_dir;
  // Started workers kept waiting for a document, per plugin library.
  int idle_workers = 2;
  // Workers kept, per plugin library, to rate the next document once they
  // rated one (WorkerPool::TakeRater).
  int kept_raters = 2;
};

// One document's time, shared by every worker that answers for it (its
// raters, then its parser): all their answers within the parse timeout,
// counted from the first request any of them is sent, and never past the
// caller's own deadline. Used by one import's thread alone.
class DocumentClock {
 public:
  DocumentClock(absl::Duration parse_timeout, absl::Time caller_deadline)
      : parse_timeout_(parse_timeout), caller_deadline_(caller_deadline) {}

  // The deadline; the first call starts the clock.
  absl::Time Deadline() {
    if (!deadline_) {
      deadline_ = std::min(absl::Now() + parse_timeout_, caller_deadline_);
    }
    return *deadline_;
  }
  // Whether the caller's deadline is the one that applies.
  bool CallerFirst() const { return deadline_ == caller_deadline_; }

 private:
  const absl::Duration parse_timeout_;
  const absl::Time caller_deadline_;
  std::optional<absl::Time> deadline_;
};

// The answers the server accepts from a worker are bounded: a publication
// is a few kilobytes of text, a national document a few hundred.
inline constexpr size_t kMaxHelloBytes = 1 << 20;
inline constexpr size_t kMaxAnswerBytes = 32 << 20;

// A started worker that said Hello: one document's requests, or (a rater
// the pool keeps) one rating for each of several documents.
class Worker {
 public:
  using EndListener = std::function<void(const WorkerEnd&, absl::Duration)>;

  // `pool` (may be null) is told when it ended, to start the next worker
  // of `library` then.
  Worker(std::unique_ptr<WorkerProcess> process, worker::Hello hello,
         const WorkerOptions* options, const EndListener* on_end,
         WorkerPool* pool = nullptr, std::string library = "")
      : process_(std::move(process)),
        hello_(std::move(hello)),
        options_(options),
        on_end_(on_end),
        pool_(pool),
        library_(std::move(library)),
        own_clock_(options->parse_timeout, absl::InfiniteFuture()) {}
  // A worker let go without Finish is killed (and counted as it ended).
  ~Worker() { Finish(); }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  const worker::Hello& hello() const { return hello_; }
  // The plugin library it loaded (empty for a reload's probe).
  const std::string& library() const { return library_; }

  // The document it answers for next, whose clock bounds its answers (a
  // client that gave up leaves nothing busy). Without one, its answers
  // have a clock of their own. `clock` must outlive the answers.
  void StartDocument(DocumentClock* clock);
  // After a rater's answer: true when it may rate another document (it
  // answered well, has time left under its CPU limit, and wrote nothing
  // unasked); what it wrote on stderr so far is then forgotten, so no
  // later error carries an earlier document's words.
  bool ReadyForNext();

  // Sends one request and reads its answer, by the document's deadline. A
  // failure ends the worker; end() then says how.
  absl::StatusOr<worker::Response> Call(const worker::Request& request);
  // Call in two halves (Call is Ask, then Answer), so several workers can
  // work on one document at once.
  absl::Status Ask(const worker::Request& request);
  absl::StatusOr<worker::Response> Answer();

  // After the last answer: closes its input, waits briefly for it to exit
  // on its own (killing it if it does not) and says how it ended.
  WorkerEnd Finish();
  // Closes its input only, so it exits on its own while the caller goes
  // on; Finish (or letting it go) then reaps it. Several workers are let
  // go at once by calling Done on each before Finish on any.
  void Done();

  // How it ended, once Call failed or Finish ran.
  const WorkerEnd& end() const { return end_; }
  absl::Duration busy() const { return busy_; }

 private:
  std::unique_ptr<WorkerProcess> process_;
  worker::Hello hello_;
  // Records how it ended, once.
  void Ended(WorkerEnd end);
  // Kills it after a failed exchange (`why`) and records how it ended;
  // ABORTED with that, in words.
  absl::Status Failed(const absl::Status& why);

  const WorkerOptions* options_;
  const EndListener* on_end_;
  WorkerPool* const pool_;
  const std::string library_;
  bool ended_ = false;  // end_ says how
  WorkerEnd end_;
  absl::Duration busy_;  // time spent answering, every document's
  int documents_ = 0;    // StartDocument calls
  DocumentClock own_clock_;
  DocumentClock* clock_ = &own_clock_;
};

class WorkerPool {
 public:
  // `on_end` is told how every worker ended, with its busy time (metrics).
  WorkerPool(WorkerOptions options, Worker::EndListener on_end);
  ~WorkerPool();

  // A worker that loaded the plugin `library` (a plugin copy) and nothing
  // else, ready for a document: one started earlier if there is one, else
  // a new one. When it ends, the pool starts the next for the same
  // library, if it is one of those kept: after the worker's answer, so the
  // fork does not compete with the parse for the CPU. Errors: the worker
  // could not be started, or did not say Hello (how it ended, in words).
  absl::StatusOr<std::unique_ptr<Worker>> Take(const std::string& library);

  // A new worker for `library` (none: a worker without plugins), kept
  // nowhere. A probe (a reload's) is started on its own rather than forked,
  // and binds every symbol as it loads, so a library missing one is
  // reported.
  absl::StatusOr<std::unique_ptr<Worker>> Start(const std::string& library,
                                                bool probe = false);
  // Start for each of `libraries`, all started before any is greeted, so
  // they load at the same time: a reload waits for the slowest plugin, not
  // for the sum of them. One answer per library, in the same order.
  std::vector<absl::StatusOr<std::unique_ptr<Worker>>> StartEach(
      const std::vector<std::string>& libraries, bool probe = false);

  // A worker of `library` to rate a document: one kept by KeepRater after
  // rating others (`reused`), or else a new one as Take gives. A parse
  // never goes to a rater: it takes a new worker, which has seen no other
  // document.
  struct Rater {
    std::unique_ptr<Worker> worker;
    bool reused = false;
  };
  absl::StatusOr<Rater> TakeRater(const std::string& library);
  // After its rating: keeps `worker` for the next document's if it is
  // ReadyForNext, its library is in use and fewer than kept_raters wait;
  // else retires it.
  void KeepRater(std::unique_ptr<Worker> worker);

  // Lets go of a worker once its answers are in: it is told no more
  // requests come and is reaped (and counted) on a thread of the pool's,
  // so the import does not wait for it to exit.
  void Retire(std::unique_ptr<Worker> worker);

  // The libraries imports use now (after a reload): workers are kept ready
  // for each of them, and the zygotes and waiting workers of any other are
  // let go.
  void Keep(const std::vector<std::string>& libraries);

  const WorkerOptions& options() const { return options_; }

 private:
  // The command line of a worker for `library`.
  std::vector<std::string> Argv(const std::string& library, bool probe = false,
                                bool zygote = false) const;

  // Starts a worker on the spawner thread and waits for it.
  absl::StatusOr<std::unique_ptr<WorkerProcess>> SpawnOnThread(
      std::string library, bool probe);
  void SpawnerLoop();
  // On the spawner thread: a worker forked by the zygote of `library`,
  // which is started (or replaced) first if need be.
  absl::StatusOr<std::unique_ptr<WorkerProcess>> Fork(
      const std::string& library);
  // On the spawner thread: lets go of the zygotes of libraries not kept.
  void PruneZygotes();

  // Reads the Hello of a started worker or zygote; an error says how it
  // ended instead.
  absl::StatusOr<worker::Hello> ReadHello(WorkerProcess& process);
  // `library`: what the worker loaded, to be replaced once it ends (none
  // for a probe).
  absl::StatusOr<std::unique_ptr<Worker>> Greet(
      std::unique_ptr<WorkerProcess> process, const std::string& library);
  // Asks the spawner for workers of `library` up to idle_workers waiting,
  // if it is kept. Called by a Worker as it ends.
  friend class Worker;
  void Refill(const std::string& library);

  const WorkerOptions options_;
  const Worker::EndListener on_end_;
  const std::vector<std::string> env_;
  const std::vector<std::string> zygote_env_;

  std::mutex mu_;
  std::condition_variable wake_;
  struct Job {
    std::string library;
    bool probe = false;
    bool prune = false;  // only PruneZygotes
    // Done on the spawner thread; null for a refill of the idle list.
    std::function<void(absl::StatusOr<std::unique_ptr<WorkerProcess>>)> done;
  };
  std::deque<Job> jobs_;  // guarded by mu_
  // A kept library's workers started (and greeted) and not yet taken, and
  // the refills asked for.
  struct Waiting {
    std::deque<std::unique_ptr<Worker>> workers;
    int refills_pending = 0;
  };
  std::map<std::string, Waiting> waiting_;  // by library; guarded by mu_
  std::set<std::string> kept_;              // guarded by mu_
  bool stopping_ = false;                   // guarded by mu_
  // One zygote per plugin library, so a plugin shares a process only with
  // itself. The spawner thread's alone.
  std::map<std::string, std::unique_ptr<Zygote>> zygotes_;
  // Libraries whose zygote would not start, why, and until when that is
  // the answer: a plugin that hangs as it loads costs its imports the
  // start-up deadline once, not every time. The spawner thread's alone.
  struct Broken {
    absl::Status why;
    absl::Time retry_after;
  };
  std::map<std::string, Broken> broken_;
  // Raters waiting for the next document, by library. Guarded by mu_.
  std::map<std::string, std::vector<std::unique_ptr<Worker>>> raters_;
  // Workers let go of, for the reaper thread. Guarded by mu_.
  std::vector<std::unique_ptr<Worker>> retired_;
  void ReaperLoop();
  // Last: started once the rest is ready.
  std::thread spawner_;
  std::thread reaper_;
};

}  // namespace tkp

#endif  // TKP_SERVER_WORKERS_WORKER_POOL_H_
