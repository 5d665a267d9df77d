// The last piece of a worker's confinement: a seccomp allowlist of the
// system calls a plugin needs (worker/README.md has the table and why);
// anything else traps (worker/syscall_trap.h). A zygote may also fork for
// the server; its children take those calls back with a second filter.

#ifndef TKP_WORKER_SYSCALL_ALLOWLIST_H_
#define TKP_WORKER_SYSCALL_ALLOWLIST_H_

#include "absl/status/status.h"

namespace tkp {

// Installs the allowlist on the calling process, irreversibly. With
// `zygote`, also the calls a zygote needs (worker/syscall_rules.h), with
// `own_domain_ruleset` (or -1) the only Landlock ruleset it may apply, and
// the children's filter is compiled first, for InstallChildFilter.
absl::Status InstallAllowlist(bool zygote, int own_domain_ruleset);

// In a zygote's child: the filter that takes back the zygote's extra calls
// (none without a zygote's allowlist, as under --no-seccomp).
absl::Status InstallChildFilter();

}  // namespace tkp

#endif  // TKP_WORKER_SYSCALL_ALLOWLIST_H_
