#include "server/workers/confinement.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace tkp {

std::optional<std::string> ReadProcFile(pid_t pid, const char* name) {
  const std::string path = absl::StrCat("/proc/", pid, "/", name);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string text;
  char buffer[4096];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ::close(fd);
      return std::nullopt;
    }
    if (got == 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  return text;
}

absl::StatusOr<Confinement> ReadConfinement(pid_t pid) {
  const std::optional<std::string> status = ReadProcFile(pid, "status");
  if (!status) {
    return absl::NotFoundError(absl::StrCat("process ", pid, " is gone"));
  }
  Confinement confinement;
  for (const absl::string_view line : absl::StrSplit(*status, '\n')) {
    absl::string_view rest = line;
    int value = 0;
    if (absl::ConsumePrefix(&rest, "NoNewPrivs:") &&
        absl::SimpleAtoi(rest, &value)) {
      confinement.no_new_privs = value == 1;
    } else if (absl::ConsumePrefix(&rest, "Seccomp:") &&
               absl::SimpleAtoi(rest, &value)) {
      confinement.seccomp_mode = value;
    } else if (absl::ConsumePrefix(&rest, "Seccomp_filters:") &&
               absl::SimpleAtoi(rest, &value)) {
      confinement.seccomp_filters = value;
    }
  }
  return confinement;
}

absl::Status CheckForkedWorker(pid_t pid, int filters) {
  absl::StatusOr<Confinement> seen = ReadConfinement(pid);
  if (!seen.ok()) return seen.status();
  if (seen->no_new_privs && seen->seccomp_mode == 2 &&
      seen->seccomp_filters == filters) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "the worker forked for it is not confined as it must be (no new "
      "privileges: ",
      seen->no_new_privs ? "yes" : "no", ", seccomp mode ", seen->seccomp_mode,
      " with ", seen->seccomp_filters,
      " filter(s), where its zygote's and its own make ", filters,
      "): a plugin has changed how its zygote forks"));
}

}  // namespace tkp
