// How a tkp-import-worker ended, in words an operator can act on and as a
// label for the metrics.

#ifndef TKP_SERVER_WORKERS_WORKER_END_H_
#define TKP_SERVER_WORKERS_WORKER_END_H_

#include <array>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace tkp {

// Why a worker ended. The callers act on it (a timeout is the import's
// DEADLINE_EXCEEDED, a memory limit its RESOURCE_EXHAUSTED) and the metrics
// count it under its label.
enum class WorkerEndReason {
  kOk,                // it answered and ended when told
  kCrash,             // a signal: SIGSEGV, SIGKILL, ...
  kAbort,             // SIGABRT
  kMemory,            // over --worker-memory-mib
  kTimeout,           // stopped at --parse-timeout-seconds
  kCpu,               // SIGXCPU: its CPU-time limit
  kProtocol,          // broke off the exchange, or an answer the server refuses
  kExit,              // any other exit status
  kForbiddenSyscall,  // the seccomp filter stopped it
  kUnconfined,        // could not be confined, so never used
  kCallerDeadline,    // stopped when the caller's deadline passed
};

// Every reason, in the order the metrics list them.
inline constexpr std::array<WorkerEndReason, 11> kWorkerEndReasons = {
    WorkerEndReason::kOk,
    WorkerEndReason::kCrash,
    WorkerEndReason::kAbort,
    WorkerEndReason::kMemory,
    WorkerEndReason::kTimeout,
    WorkerEndReason::kCpu,
    WorkerEndReason::kProtocol,
    WorkerEndReason::kExit,
    WorkerEndReason::kForbiddenSyscall,
    WorkerEndReason::kUnconfined,
    WorkerEndReason::kCallerDeadline};

// The label of tkp_import_worker_exits_total{reason}: "ok", "crash",
// "forbidden_syscall", ... (a public surface: dashboards alert on them).
absl::string_view WorkerEndLabel(WorkerEndReason reason);

struct WorkerEnd {
  WorkerEndReason reason = WorkerEndReason::kExit;
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
