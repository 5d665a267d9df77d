// A zygote: a worker that confined itself and loaded the plugins once,
// then forks a child for each document, so that a document's worker is
// ready in a fraction of a millisecond instead of loading poppler again
// (Android's zygote, Chromium's). Each child is a copy of a process that
// has never read a document, and reads one: nothing of one import reaches
// the next. The children are forked in the server's name (CLONE_PARENT),
// so the server waits for them as for any worker, and they die with it.

#ifndef TKP_WORKER_ZYGOTE_H_
#define TKP_WORKER_ZYGOTE_H_

#include <sys/types.h>

#include <optional>

#include "absl/status/statusor.h"

namespace tkp {

// Before the first fork: refuses a zygote whose plugins made memory as they
// loaded that its children would share and could write (a shared mapping
// of an in-memory file, say), which would carry one document into the
// next. `smaps` is /proc/self/smaps, opened before the sandbox closed
// /proc.
absl::Status CheckNothingShared(int smaps);

// Before the first fork: refuses a zygote whose plugins kept in-memory
// files (memfd_create) open as they loaded. Each child closes them, so
// they carry nothing, but their memory is outside every address-space
// limit, in a process that lives as long as the server.
absl::Status CheckNoFilesInMemory();

// Forks a child for each request on the control socket (`in` and `out`,
// worker/protocol/worker.proto) until the server closes it. Returns in the
// zygote when the server is done (nullopt) or the exchange broke (an
// error); returns in each child, once it is set up and confined for
// good, with the child's protocol socket.
absl::StatusOr<std::optional<int>> ServeForks(int in, int out, pid_t server);

}  // namespace tkp

#endif  // TKP_WORKER_ZYGOTE_H_
