// The first piece of a worker's confinement: its resource limits (address
// space, CPU time, open files, file size, no core dumps), and an end with
// a code of its own when an allocation fails at the memory limit.

#ifndef TKP_WORKER_RESOURCE_LIMITS_H_
#define TKP_WORKER_RESOURCE_LIMITS_H_

#include "absl/status/status.h"
#include "worker/sandbox_policy.h"

namespace tkp {

// Applies the policy's limits to the calling process and says so in
// `report` (a limit the policy leaves off, in `missing`).
absl::Status ApplyResourceLimits(const SandboxPolicy& policy,
                                 SandboxReport& report);

}  // namespace tkp

#endif  // TKP_WORKER_RESOURCE_LIMITS_H_
