// How a tkp-import-worker ended, in words an operator can act on and as a
// label for the metrics.

#ifndef TKP_SERVER_WORKERS_WORKER_END_H_
#define TKP_SERVER_WORKERS_WORKER_END_H_

#include <string>

#include "absl/time/time.h"

namespace tkp {

struct WorkerEnd {
  // For tkp_import_worker_exits_total{reason}: "ok", "crash", "abort",
  // "memory", "timeout", "cpu", "forbidden_syscall", "protocol", "exit".
  std::string reason;
  // Completes "importer pdf ...": "crashed (SIGSEGV)", "went over its
  // 1024 MiB memory limit", "was stopped after 10s", "tried a forbidden
  // system call (socket)".
  std::string words;
};

// `status` as waitpid gives it; `stopped_after` is set when the server
// killed it at its deadline; `stderr_tail` is the end of what it wrote on
// stderr (where a forbidden call is named).
WorkerEnd DescribeWorkerEnd(int status, bool killed_at_deadline,
                            absl::Duration deadline, int memory_mib,
                            const std::string& stderr_tail);

}  // namespace tkp

#endif  // TKP_SERVER_WORKERS_WORKER_END_H_
