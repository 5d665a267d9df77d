// Landlock (the kernel's Documentation/userspace-api/landlock.rst) through
// its system calls: glibc 2.36 has no wrappers, and Debian 12's headers
// stop at ABI 2, so the later fields and flags are spelled out here.
//
// A worker gets two kinds of layer. Its first layer limits files (read
// only a few paths, write nothing) and, from ABI 6 on, scopes signals and
// abstract unix sockets to its domain. Each child a zygote forks then adds
// a layer of its own, which takes no further file access away but puts it
// in a domain of its own: a sandboxed process may reach another (ptrace,
// /proc/PID/fd and /proc/PID/mem, signals under ABI 6) only when that one
// is in its own domain or beneath it, so no two forked workers can reach
// each other, and none can reach the server.

#ifndef TKP_WORKER_LANDLOCK_H_
#define TKP_WORKER_LANDLOCK_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tkp {

// The kernel's Landlock ABI version; 0 without Landlock, with `why`.
int LandlockAbi(std::string* why);

// Whether a layer made under `abi` scopes signals and abstract unix
// sockets (ABI 6).
bool LandlockScopes(int abi);

// The first layer: reads only `paths` (directories with what is beneath
// them, or single files), writes nothing; scoped where `abi` allows.
absl::Status RestrictFiles(int abi, const std::vector<std::string>& paths);

// A ruleset for a child's own layer (see above), made before the system-
// call filter goes on; its descriptor (close-on-exec). Applied with
// ApplyRuleset in each child, any number of times.
absl::StatusOr<int> OwnDomainRuleset(int abi);

// Puts the calling process in a new layer made from `ruleset`.
absl::Status ApplyRuleset(int ruleset);

}  // namespace tkp

#endif  // TKP_WORKER_LANDLOCK_H_
