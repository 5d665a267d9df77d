#include "worker/resource_limits.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "absl/strings/str_cat.h"
#include "worker/protocol/exit_codes.h"

namespace tkp {
namespace {

absl::Status SetLimit(int resource, rlim_t value, const char* name) {
  const struct rlimit limit = {value, value};
  if (::setrlimit(resource, &limit) != 0) {
    return absl::InternalError(
        absl::StrCat("setrlimit(", name, "): ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// An allocation that fails at the memory limit ends the worker with a code
// the server reads as "over its memory limit", instead of an abort that
// looks like any other crash.
void OutOfMemory() {
  static constexpr char kMessage[] = "out of memory\n";
  [[maybe_unused]] ssize_t ignored = ::write(2, kMessage, sizeof(kMessage) - 1);
  ::syscall(SYS_exit_group, worker::kExitOutOfMemory);
}

}  // namespace

absl::Status ApplyResourceLimits(const SandboxPolicy& policy,
                                 SandboxReport& report) {
  if (absl::Status s = SetLimit(RLIMIT_CORE, 0, "RLIMIT_CORE"); !s.ok()) {
    return s;
  }
  if (absl::Status s = SetLimit(RLIMIT_NOFILE, policy.max_files, "NOFILE");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = SetLimit(RLIMIT_CPU, policy.cpu_seconds, "CPU");
      !s.ok()) {
    return s;
  }
  report.active.push_back(absl::StrCat("limits: ", policy.cpu_seconds,
                                       " s of CPU, ", policy.max_files,
                                       " open files, no core dumps"));
  if (absl::Status s = SetLimit(
          RLIMIT_FSIZE, static_cast<rlim_t>(policy.max_file_bytes), "FSIZE");
      !s.ok()) {
    return s;
  }
  report.active.push_back(absl::StrCat("files in memory (memfd) at most ",
                                       policy.max_file_bytes >> 20,
                                       " MiB each, the largest document"));
  if (policy.memory_bytes > 0) {
    if (absl::Status s = SetLimit(RLIMIT_AS, policy.memory_bytes, "AS");
        !s.ok()) {
      return s;
    }
    report.active.push_back(absl::StrCat("address space at most ",
                                         policy.memory_bytes >> 20, " MiB"));
  } else {
    report.missing.push_back(
        "no memory limit (a sanitizer build, whose shadow memory needs the "
        "address space)");
  }
  std::set_new_handler(OutOfMemory);
  return absl::OkStatus();
}

}  // namespace tkp
