#include "server/workers/confinement.h"

#include <fstream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace tkp {

absl::StatusOr<Confinement> ReadConfinement(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  if (!status) {
    return absl::NotFoundError(absl::StrCat("process ", pid, " is gone"));
  }
  Confinement confinement;
  for (std::string line; std::getline(status, line);) {
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
