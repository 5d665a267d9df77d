// A worker's confinement as the kernel reports it (/proc/PID/status), so
// the server can check a forked worker from outside before it trusts it
// with a document: the code that confines a child runs in its zygote,
// where plugins have run too.

#ifndef TKP_SERVER_WORKERS_CONFINEMENT_H_
#define TKP_SERVER_WORKERS_CONFINEMENT_H_

#include <sys/types.h>

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace tkp {

struct Confinement {
  bool no_new_privs = false;
  int seccomp_mode = 0;     // 2: filtered
  int seccomp_filters = 0;  // how many filters are stacked
};

// The text of /proc/`pid`/`name`; nullopt when the process is gone. Read
// with read(2), not a stream: a process that exits between the open and
// the read makes the read fail (ESRCH), and libstdc++'s file streams throw
// on a failed read where an iterator reads them, which ended a test
// process under load. Any process may exit so: /proc is scanned whole.
std::optional<std::string> ReadProcFile(pid_t pid, const char* name);

// What /proc/`pid`/status says; NOT_FOUND when the process is gone.
absl::StatusOr<Confinement> ReadConfinement(pid_t pid);

// OK when `pid` has no new privileges and exactly `filters` system-call
// filters (its zygote's and its own); else FAILED_PRECONDITION, in words.
absl::Status CheckForkedWorker(pid_t pid, int filters);

}  // namespace tkp

#endif  // TKP_SERVER_WORKERS_CONFINEMENT_H_
