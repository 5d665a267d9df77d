// The system calls a worker may make only with some arguments, as
// libseccomp rules (libseccomp ORs the rules of one call). Each adder
// returns libseccomp's error, or 0. The allowlist itself and the filters
// are in worker/syscall_allowlist.cc.

#ifndef TKP_WORKER_SYSCALL_RULES_H_
#define TKP_WORKER_SYSCALL_RULES_H_

#include <seccomp.h>

namespace tkp {

using RuleAdder = int (*)(scmp_filter_ctx);

// fcntl for descriptors' flags and copies only.
int AllowFcntl(scmp_filter_ctx filter);

// prlimit64 for reading the process's own limits only (getrlimit).
int AllowReadingLimits(scmp_filter_ctx filter);

// mmap and mprotect: never writable and executable, executable only from a
// file, never shared and anonymous; mprotect makes nothing executable.
int AllowMemory(scmp_filter_ctx filter);

// A zygote's extra calls; `own_domain_ruleset` (or -1) is the only ruleset
// landlock_restrict_self may be given.
int AllowZygoteCalls(scmp_filter_ctx filter, int own_domain_ruleset);

}  // namespace tkp

#endif  // TKP_WORKER_SYSCALL_RULES_H_
