// The worker confines itself before any plugin code runs: resource limits,
// no new privileges, Landlock (read-only access to a few paths, no writing
// anywhere) and a seccomp allowlist of system calls. What the kernel cannot
// give is reported, not hidden: the server logs it loudly and shows it in
// ListImporters.
//
// The pieces, in the order they go on: worker/resource_limits.h,
// worker/landlock.h, worker/syscall_allowlist.h (with worker/syscall_rules.h
// and the trap that names a forbidden call, worker/syscall_trap.h).

#ifndef TKP_WORKER_SANDBOX_H_
#define TKP_WORKER_SANDBOX_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "worker/sandbox_policy.h"

namespace tkp {

// Applies the policy to the calling process, irreversibly. An error means
// the worker must not go on (a protection that the kernel offers failed to
// apply); protections the kernel lacks are listed in `missing` instead.
absl::StatusOr<SandboxReport> ConfineProcess(const SandboxPolicy& policy);

// In a zygote's child, right after the fork: the filter that takes back
// the zygote's extra calls. Only after ConfineProcess with `zygote`.
absl::Status ConfineForkedChild();

// The paths poppler, fontconfig and the dynamic loader read, plus `extra`,
// those of them that exist.
std::vector<std::string> DefaultReadOnlyPaths(
    const std::vector<std::string>& extra);

}  // namespace tkp

#endif  // TKP_WORKER_SANDBOX_H_
