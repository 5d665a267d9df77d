#include "server/workers/worker_pool.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "worker/protocol/answer_bounds.h"
#include "worker/protocol/framing.h"

namespace tkp {
namespace {

// A rater retires after this many documents, whatever else: what a
// plugin keeps from one document to the next grows no further.
constexpr int kMaxDocumentsPerRater = 1000;

// How long a plugin whose zygote would not start is not tried again
// (unless the plugins are reloaded).
constexpr absl::Duration kRetryBrokenZygote = absl::Seconds(30);

// Workers get no environment but what a sanitizer build needs to report.
std::vector<std::string> WorkerEnvironment() {
  std::vector<std::string> env;
  for (const char* name : {"UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"}) {
    if (const char* value = std::getenv(name)) {
      env.push_back(absl::StrCat(name, "=", value));
    }
  }
#if defined(__SANITIZE_ADDRESS__)
  // In a worker, AddressSanitizer leaves SIGSEGV and the like to the kernel,
  // so a crash ends the worker as it does in a normal build, and reports
  // without starting a symbolizer (a worker may not start programs).
  const char* asan = std::getenv("ASAN_OPTIONS");
  env.push_back(absl::StrCat("ASAN_OPTIONS=", asan != nullptr ? asan : "",
                             asan != nullptr ? ":" : "",
                             "handle_segv=0:handle_sigbus=0:handle_sigfpe=0:"
                             "handle_sigill=0:symbolize=0"));
#else
  if (const char* asan = std::getenv("ASAN_OPTIONS")) {
    env.push_back(absl::StrCat("ASAN_OPTIONS=", asan));
  }
#endif
  return env;
}

// A zygote binds every symbol of every library as it starts (the loader's
// LD_BIND_NOW), so the workers it forks inherit them bound: resolving them
// lazily would cost each worker the same lookups again, on every import.
std::vector<std::string> ZygoteEnvironment(std::vector<std::string> env) {
  env.push_back("LD_BIND_NOW=1");
  return env;
}

// "; it said: ..." with the end of its stderr, for start-up failures.
std::string Said(const std::string& tail) {
  if (tail.empty()) return "";
  const size_t keep = 400;
  return absl::StrCat("; it said: ", tail.size() > keep
                                         ? tail.substr(tail.size() - keep)
                                         : tail);
}

}  // namespace

absl::StatusOr<worker::Response> Worker::Call(const worker::Request& request) {
  if (absl::Status asked = Ask(request); !asked.ok()) return asked;
  return Answer();
}

void Worker::StartDocument(DocumentClock* clock) {
  clock_ = clock;
  ++documents_;
}

bool Worker::ReadyForNext() {
  clock_ = &own_clock_;
  // Its CPU limit (--cpu-seconds, parse timeout and start-up deadline
  // together) is for its whole life: a rater retires while one more
  // document's timeout still fits under it.
  return !ended_ && busy_ < options_->parse_timeout &&
         documents_ < kMaxDocumentsPerRater && process_->ReadyForNext();
}

absl::Status Worker::Ask(const worker::Request& request) {
  const absl::Time start = absl::Now();
  absl::Status sent =
      process_->Send(worker::Frame(request), clock_->Deadline());
  busy_ += absl::Now() - start;
  return sent.ok() ? sent : Failed(sent);
}

absl::StatusOr<worker::Response> Worker::Answer() {
  const absl::Time start = absl::Now();
  absl::StatusOr<std::string> answer =
      process_->Receive(kMaxAnswerBytes, clock_->Deadline());
  busy_ += absl::Now() - start;
  if (!answer.ok()) return Failed(answer.status());
  // Bounded before anything is built from it.
  if (absl::Status bounded = worker::CheckAnswerBounds(*answer);
      !bounded.ok()) {
    return Failed(bounded);
  }
  worker::Response response;
  if (!response.ParseFromString(*answer)) {
    return Failed(absl::InvalidArgumentError("an answer that does not parse"));
  }
  return response;
}

absl::Status Worker::Failed(const absl::Status& why) {
  const int status = process_->KillAndReap();
  // The caller's deadline came first (and ended it), not the parse timeout.
  const bool caller_gone =
      absl::IsDeadlineExceeded(why) && clock_->CallerFirst();
  Ended(caller_gone ? WorkerEnd{WorkerEndReason::kCallerDeadline,
                                "was stopped when the caller's deadline passed"}
        : absl::IsInvalidArgument(why)
            ? WorkerEnd{WorkerEndReason::kProtocol,
                        absl::StrCat("gave an answer the server refuses (",
                                     why.message(), ")")}
            : DescribeWorkerEnd(status, absl::IsDeadlineExceeded(why),
                                options_->parse_timeout, options_->memory_mib,
                                process_->stderr_tail()));
  return absl::AbortedError(end_.words);
}

WorkerEnd Worker::Finish() {
  if (ended_) return end_;
  // A worker asked only to rate, or only to say Hello, is waiting for its
  // next request: the end of its input lets it go.
  process_->CloseInput();
  std::optional<int> status = process_->WaitFor(absl::Seconds(1));
  if (!status) status = process_->KillAndReap();
  Ended(DescribeWorkerEnd(*status, false, options_->parse_timeout,
                          options_->memory_mib, process_->stderr_tail()));
  return end_;
}

void Worker::Done() {
  if (!ended_) process_->CloseInput();
}

void Worker::Ended(WorkerEnd end) {
  end_ = std::move(end);
  ended_ = true;
  if (on_end_ != nullptr && *on_end_) (*on_end_)(end_, busy_);
  if (pool_ != nullptr && !library_.empty()) pool_->Refill(library_);
}

WorkerPool::WorkerPool(WorkerOptions options, Worker::EndListener on_end)
    : options_(std::move(options)),
      on_end_(std::move(on_end)),
      env_(WorkerEnvironment()),
      zygote_env_(ZygoteEnvironment(env_)),
      spawner_([this] { SpawnerLoop(); }),
      reaper_([this] { ReaperLoop(); }) {}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  spawner_.join();
  reaper_.join();
  raters_.clear();   // ends them
  waiting_.clear();  // kills and reaps them
}

std::vector<std::string> WorkerPool::Argv(const std::string& library,
                                          bool probe, bool zygote) const {
  std::vector<std::string> argv = {
      options_.binary, absl::StrCat("--parent=", ::getpid()),
      absl::StrCat("--memory-mib=", options_.memory_mib),
      absl::StrCat("--max-document-mib=",
                   (options_.max_document_bytes + (1 << 20) - 1) >> 20),
      // The backstop behind the server's deadline.
      absl::StrCat("--cpu-seconds=",
                   absl::ToInt64Seconds(options_.parse_timeout +
                                        options_.startup_timeout) +
                       1),
      absl::StrCat("--read-only=", options_.copy_dir)};
  if (probe) argv.push_back("--bind-now");
  if (zygote) argv.push_back("--zygote");
  if (!library.empty()) argv.push_back(absl::StrCat("--plugin=", library));
  return argv;
}

void WorkerPool::SpawnerLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) break;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    if (job.prune) {
      lock.unlock();
      PruneZygotes();
      lock.lock();
      continue;
    }
    lock.unlock();
    // A probe loads the library afresh, binding every symbol; imports fork
    // from the library's zygote.
    absl::StatusOr<std::unique_ptr<WorkerProcess>> process =
        job.probe ? WorkerProcess::Spawn(Argv(job.library, true), env_)
                  : Fork(job.library);
    if (job.done) {
      job.done(std::move(process));
      lock.lock();
      continue;
    }
    // Greeted here, off any import's path: its Hello read and its
    // confinement checked from outside before it waits for a document.
    absl::StatusOr<std::unique_ptr<Worker>> ready =
        process.ok() ? Greet(*std::move(process), job.library)
                     : process.status();
    lock.lock();
    Waiting& waiting = waiting_[job.library];
    --waiting.refills_pending;
    // Kept only while the library is in use.
    if (ready.ok() && kept_.contains(job.library)) {
      waiting.workers.push_back(*std::move(ready));
    } else if (ready.ok()) {
      lock.unlock();
      Retire(*std::move(ready));
      lock.lock();
    }
  }
  zygotes_.clear();
  // Callers still waiting get an answer.
  for (Job& job : jobs_) {
    if (job.done) job.done(absl::UnavailableError("the server is stopping"));
  }
}

void WorkerPool::Retire(std::unique_ptr<Worker> worker) {
  if (worker == nullptr) return;
  worker->Done();
  {
    std::lock_guard<std::mutex> lock(mu_);
    retired_.push_back(std::move(worker));
  }
  wake_.notify_all();
}

void WorkerPool::ReaperLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || !retired_.empty(); });
    if (retired_.empty()) break;  // stopping, and none left
    std::vector<std::unique_ptr<Worker>> batch;
    batch.swap(retired_);
    lock.unlock();
    // Each was told to end: most have, and Finish kills any that did not
    // within its second.
    for (std::unique_ptr<Worker>& worker : batch) worker->Finish();
    batch.clear();
    lock.lock();
  }
}

void WorkerPool::PruneZygotes() {
  std::set<std::string> kept;
  {
    std::lock_guard<std::mutex> lock(mu_);
    kept = kept_;
  }
  std::erase_if(zygotes_,
                [&](const auto& entry) { return !kept.contains(entry.first); });
  broken_.clear();  // a reload tries every plugin again
}

absl::StatusOr<std::unique_ptr<WorkerProcess>> WorkerPool::Fork(
    const std::string& library) {
  if (const auto it = broken_.find(library);
      it != broken_.end() && absl::Now() < it->second.retry_after) {
    return it->second.why;
  }
  absl::Status failed;
  std::unique_ptr<Zygote>& zygote = zygotes_[library];
  // Its zygote would not start: the import and those for the next while
  // get why, without waiting for it again.
  const auto broken = [&](absl::Status why) {
    broken_[library] = {why, absl::Now() + kRetryBrokenZygote};
    return why;
  };
  // A zygote that ended meanwhile (its CPU limit, an operator) is replaced
  // once.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (zygote == nullptr) {
      absl::StatusOr<std::unique_ptr<WorkerProcess>> process =
          WorkerProcess::Spawn(Argv(library, false, true), zygote_env_);
      if (!process.ok()) return broken(process.status());
      absl::StatusOr<worker::Hello> hello = ReadHello(**process);
      if (!hello.ok()) return broken(hello.status());
      absl::StatusOr<std::unique_ptr<Zygote>> adopted =
          Zygote::Adopt(*std::move(process));
      if (!adopted.ok()) return broken(adopted.status());
      zygote = *std::move(adopted);
    }
    absl::StatusOr<std::unique_ptr<WorkerProcess>> child =
        zygote->Fork(absl::Now() + options_.startup_timeout);
    if (child.ok()) return child;
    failed = child.status();
    zygote.reset();
  }
  return failed;
}

absl::StatusOr<std::unique_ptr<WorkerProcess>> WorkerPool::SpawnOnThread(
    std::string library, bool probe) {
  std::mutex done_mu;
  std::condition_variable done_cv;
  std::optional<absl::StatusOr<std::unique_ptr<WorkerProcess>>> result;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return absl::UnavailableError("the server is stopping");
    jobs_.push_front(
        {std::move(library), probe, false,
         [&](absl::StatusOr<std::unique_ptr<WorkerProcess>> process) {
           std::lock_guard<std::mutex> done_lock(done_mu);
           result = std::move(process);
           done_cv.notify_one();
         }});
  }
  wake_.notify_all();
  std::unique_lock<std::mutex> done_lock(done_mu);
  done_cv.wait(done_lock, [&] { return result.has_value(); });
  return std::move(*result);
}

absl::StatusOr<std::unique_ptr<Worker>> WorkerPool::Greet(
    std::unique_ptr<WorkerProcess> process, const std::string& library) {
  absl::StatusOr<worker::Hello> hello = ReadHello(*process);
  if (!hello.ok()) return hello.status();
  // Confined as it says, seen from outside, before it sees a document.
  if (absl::Status confined = process->CheckConfined(); !confined.ok()) {
    process->KillAndReap();
    if (on_end_) {
      on_end_(WorkerEnd{WorkerEndReason::kUnconfined,
                        std::string(confined.message())},
              absl::ZeroDuration());
    }
    return absl::FailedPreconditionError(
        absl::StrCat("the import worker was refused: ", confined.message()));
  }
  return std::make_unique<Worker>(std::move(process), *std::move(hello),
                                  &options_, &on_end_, this, library);
}

absl::StatusOr<worker::Hello> WorkerPool::ReadHello(WorkerProcess& process) {
  absl::StatusOr<std::string> hello_bytes = process.Exchange(
      "", kMaxHelloBytes, absl::Now() + options_.startup_timeout);
  worker::Hello hello;
  if (hello_bytes.ok() && hello.ParseFromString(*hello_bytes)) return hello;
  // What its plugins started as they loaded goes with it (a worker that
  // never said Hello forked nothing for the server).
  const int status = process.KillAndReapGroup();
  // A start-up that hangs is the plugins' loading, not a parse.
  const WorkerEnd end =
      absl::IsDeadlineExceeded(hello_bytes.status())
          ? WorkerEnd{WorkerEndReason::kTimeout,
                      absl::StrCat(
                          "was not ready within ",
                          absl::FormatDuration(options_.startup_timeout),
                          " of starting (a plugin hangs as it loads, "
                          "or the machine is overloaded)")}
          : DescribeWorkerEnd(status, false, options_.startup_timeout,
                              options_.memory_mib, process.stderr_tail());
  if (on_end_) on_end_(end, absl::ZeroDuration());
  return absl::UnavailableError(
      absl::StrCat("the import worker did not start: it ", end.words,
                   Said(process.stderr_tail())));
}

absl::StatusOr<std::unique_ptr<Worker>> WorkerPool::Take(
    const std::string& library) {
  for (;;) {
    std::unique_ptr<Worker> waiting;
    {
      std::lock_guard<std::mutex> lock(mu_);
      const auto found = waiting_.find(library);
      if (found == waiting_.end() || found->second.workers.empty()) break;
      waiting = std::move(found->second.workers.front());
      found->second.workers.pop_front();
    }
    if (waiting->ReadyForNext()) return waiting;
    // It died waiting (killed from outside?): the next, or a new one, gets
    // the document.
    Retire(std::move(waiting));
  }
  return Start(library);
}

absl::StatusOr<std::unique_ptr<Worker>> WorkerPool::Start(
    const std::string& library, bool probe) {
  return std::move(StartEach({library}, probe).front());
}

std::vector<absl::StatusOr<std::unique_ptr<Worker>>> WorkerPool::StartEach(
    const std::vector<std::string>& libraries, bool probe) {
  std::vector<absl::StatusOr<std::unique_ptr<WorkerProcess>>> spawned;
  spawned.reserve(libraries.size());
  for (const std::string& library : libraries) {
    spawned.push_back(SpawnOnThread(library, probe));
  }
  std::vector<absl::StatusOr<std::unique_ptr<Worker>>> started;
  started.reserve(libraries.size());
  for (size_t i = 0; i < libraries.size(); ++i) {
    started.push_back(spawned[i].ok() ? Greet(*std::move(spawned[i]),
                                              probe ? "" : libraries[i])
                                      : spawned[i].status());
  }
  return started;
}

void WorkerPool::Refill(const std::string& library) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || !kept_.contains(library)) return;
    Waiting& waiting = waiting_[library];
    for (int missing = options_.idle_workers -
                       static_cast<int>(waiting.workers.size()) -
                       waiting.refills_pending;
         missing > 0; --missing) {
      jobs_.push_back({library, false, false, nullptr});
      ++waiting.refills_pending;
    }
  }
  wake_.notify_all();
}

absl::StatusOr<WorkerPool::Rater> WorkerPool::TakeRater(
    const std::string& library) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (const auto found = raters_.find(library);
        found != raters_.end() && !found->second.empty()) {
      Rater rater{std::move(found->second.back()), true};
      found->second.pop_back();
      return rater;
    }
  }
  absl::StatusOr<std::unique_ptr<Worker>> fresh = Take(library);
  if (!fresh.ok()) return fresh.status();
  return Rater{*std::move(fresh), false};
}

void WorkerPool::KeepRater(std::unique_ptr<Worker> worker) {
  if (worker == nullptr) return;
  if (worker->ReadyForNext()) {
    std::lock_guard<std::mutex> lock(mu_);
    const std::string& library = worker->library();
    std::vector<std::unique_ptr<Worker>>& kept = raters_[library];
    if (!stopping_ && kept_.contains(library) &&
        static_cast<int>(kept.size()) < options_.kept_raters) {
      kept.push_back(std::move(worker));
      return;
    }
  }
  Retire(std::move(worker));
}

void WorkerPool::Keep(const std::vector<std::string>& libraries) {
  std::vector<std::unique_ptr<Worker>> stale;  // let go outside the lock
  {
    std::lock_guard<std::mutex> lock(mu_);
    kept_ = std::set<std::string>(libraries.begin(), libraries.end());
    for (auto it = raters_.begin(); it != raters_.end();) {
      if (kept_.contains(it->first)) {
        ++it;
        continue;
      }
      for (auto& rater : it->second) stale.push_back(std::move(rater));
      it = raters_.erase(it);
    }
    for (auto& [library, waiting] : waiting_) {
      if (kept_.contains(library)) continue;
      for (auto& process : waiting.workers) stale.push_back(std::move(process));
      waiting.workers.clear();
    }
    std::erase_if(waiting_, [&](const auto& entry) {
      return !kept_.contains(entry.first) && entry.second.refills_pending == 0;
    });
    jobs_.push_back({"", false, true, nullptr});
  }
  wake_.notify_all();
  for (std::unique_ptr<Worker>& worker : stale) Retire(std::move(worker));
}

}  // namespace tkp
