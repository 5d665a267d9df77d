// The server's side of a zygote (worker/zygote.h): the process that loaded
// one plugin library, confined, and forks a worker for each
// document. Used from the worker pool's spawner thread only.

#ifndef TKP_SERVER_WORKERS_ZYGOTE_H_
#define TKP_SERVER_WORKERS_ZYGOTE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/workers/worker_process.h"

namespace tkp {

class Zygote {
 public:
  // Takes a started `tkp-import-worker --zygote` that said Hello (for one
  // plugin library). Refused (and stopped, with everything it started) if a
  // plugin started a process of its own as it loaded: the zygote forks
  // only when the server asks, and only then.
  static absl::StatusOr<std::unique_ptr<Zygote>> Adopt(
      std::unique_ptr<WorkerProcess> process);

  // Lets it go: it exits when its control socket closes (killed if it does
  // not, within a second). Workers it forked carry on with their imports.
  ~Zygote();
  Zygote(const Zygote&) = delete;
  Zygote& operator=(const Zygote&) = delete;

  // A new worker for one document, forked before `deadline`. An error
  // means the zygote is of no more use. The worker is to be checked from
  // outside once it said Hello (WorkerProcess::CheckConfined).
  absl::StatusOr<std::unique_ptr<WorkerProcess>> Fork(absl::Time deadline);

 private:
  Zygote(std::unique_ptr<WorkerProcess> process, int filters)
      : process_(std::move(process)), filters_(filters) {}

  std::unique_ptr<WorkerProcess> process_;
  // The zygote's own system-call filters, as the kernel counted them before
  // it forked anything; each child adds one.
  int filters_;
};

}  // namespace tkp

#endif  // TKP_SERVER_WORKERS_ZYGOTE_H_
