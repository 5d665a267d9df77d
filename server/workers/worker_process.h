// One tkp-import-worker process seen from the server: started with
// posix_spawn (never fork, in a process running gRPC's threads), in a
// process group of its own, with nothing of the server's open but a socket
// for the protocol and a pipe for its stderr. Destroying it kills what is
// left of it and reaps it, so no process outlives its use.

#ifndef TKP_SERVER_WORKERS_WORKER_PROCESS_H_
#define TKP_SERVER_WORKERS_WORKER_PROCESS_H_

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tkp {

class WorkerProcess {
 public:
  // Starts `argv` (argv[0] is the binary's path) with `env`. Call it from
  // one long-lived thread: the worker dies with the thread that started
  // it (PR_SET_PDEATHSIG).
  static absl::StatusOr<std::unique_ptr<WorkerProcess>> Spawn(
      const std::vector<std::string>& argv,
      const std::vector<std::string>& env);

  // A worker that a zygote (worker/zygote.h) forks for the server: the
  // server's own child (the zygote forks with CLONE_PARENT), in the
  // zygote's process group. Call it from the thread that started the
  // zygote; `zygote` must have said Hello.
  static absl::StatusOr<std::unique_ptr<WorkerProcess>> ForkFrom(
      WorkerProcess& zygote, absl::Time deadline);

  ~WorkerProcess();
  WorkerProcess(const WorkerProcess&) = delete;
  WorkerProcess& operator=(const WorkerProcess&) = delete;

  // Sends `frame` (may be empty) and reads one answer frame of at most
  // `max_answer` bytes, both before `deadline`; returns the answer's body.
  // DEADLINE_EXCEEDED when time ran out, UNAVAILABLE when the worker closed
  // its end (it ended), INVALID_ARGUMENT for an answer over the bound.
  // Meanwhile its stderr is kept (the last 8 KiB).
  absl::StatusOr<std::string> Exchange(const std::string& frame,
                                       size_t max_answer, absl::Time deadline);
  // Exchange in two halves, so several workers can be sent a document
  // before any answer is read: Send writes the whole frame, Receive reads
  // one answer, each before `deadline` and with the same errors.
  absl::Status Send(const std::string& frame, absl::Time deadline);
  absl::StatusOr<std::string> Receive(size_t max_answer, absl::Time deadline);

  // Kills it (its whole process group, if it leads one) unless it has
  // ended, and waits for it; the wait status. Idempotent.
  int KillAndReap();

  // KillAndReap, then waits for every other process of its group that is
  // the server's child too (forked with CLONE_PARENT), so none is left a
  // zombie. Only for a worker that forked nothing for the server: a zygote
  // that did has workers of other imports in its group.
  int KillAndReapGroup();

  // Between two documents of a worker that rates several: true when it is
  // alive and wrote nothing unasked, on its socket or over 64 KiB on its
  // stderr. What it wrote on stderr is then forgotten.
  bool ReadyForNext();

  // Tells it no more requests come (it then exits).
  void CloseInput();

  // Waits up to `timeout` for it to end on its own; the wait status, or
  // nullopt if it is still running.
  std::optional<int> WaitFor(absl::Duration timeout);

  // A forked worker must show `filters` system-call filters (and no new
  // privileges) once it said Hello; see CheckConfined.
  void ExpectFilters(int filters) { expected_filters_ = filters; }

  // For a forked worker that said Hello: OK when the kernel reports it
  // confined as ExpectFilters asked (or nothing was asked).
  absl::Status CheckConfined() const;

  pid_t pid() const { return pid_; }
  // The end of what it wrote on stderr.
  const std::string& stderr_tail() const { return stderr_tail_; }

 private:
  WorkerProcess(pid_t pid, int socket, int stderr_pipe)
      : pid_(pid), socket_(socket), stderr_(stderr_pipe) {}

  // Waits (up to `deadline`) for the socket to be ready for `events`
  // (POLLIN or POLLOUT) or to hang up, keeping its stderr meanwhile; false
  // when it is not ready yet, DEADLINE_EXCEEDED when time ran out.
  absl::StatusOr<bool> AwaitSocket(int events, absl::Time deadline);

  // Appends what the stderr pipe holds now, keeping the tail.
  void DrainStderr();

  // Hands `descriptors` over on the socket (a zygote's fork request).
  absl::Status SendDescriptors(const std::vector<int>& descriptors);

  const pid_t pid_;
  int socket_;
  int stderr_;
  std::optional<int> status_;  // once reaped
  int expected_filters_ = 0;   // 0: not checked (not forked)
  std::string stderr_tail_;
};

}  // namespace tkp

#endif  // TKP_SERVER_WORKERS_WORKER_PROCESS_H_
