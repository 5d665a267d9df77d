// What happens when a worker makes a system call its filter does not allow
// (the filter traps): a SIGSYS handler writes "forbidden system call:
// NAME" on stderr and ends the worker with worker::kExitForbiddenSyscall,
// which the server reads back (server/workers/worker_end.h). A trapped
// kill aimed at the worker itself (abort()) ends it as that signal would.

#ifndef TKP_WORKER_SYSCALL_TRAP_H_
#define TKP_WORKER_SYSCALL_TRAP_H_

#include "absl/status/status.h"

namespace tkp {

// Learns the names of the system calls (the handler may not allocate) and
// installs the SIGSYS handler. Before the filter goes on.
absl::Status InstallSyscallTrap();

}  // namespace tkp

#endif  // TKP_WORKER_SYSCALL_TRAP_H_
