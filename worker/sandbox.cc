#include "worker/sandbox.h"

#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "worker/landlock.h"
#include "worker/resource_limits.h"
#include "worker/syscall_allowlist.h"

namespace tkp {
namespace {

// The descriptor of the ruleset each of a zygote's children makes its own
// Landlock layer from (worker/landlock.h); -1 without one.
int own_domain_ruleset = -1;

bool Exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

// Landlock's layer: files read from `read_only_paths` only, signals scoped
// where the kernel can; a zygote's ruleset for its children's own domains.
absl::Status ConfineFiles(const SandboxPolicy& policy, SandboxReport& report) {
  std::string why_no_landlock;
  const int abi = LandlockAbi(&why_no_landlock);
  if (abi > 0) {
    if (absl::Status s = RestrictFiles(abi, policy.read_only_paths); !s.ok()) {
      return s;
    }
    report.active.push_back(absl::StrCat(
        "Landlock (ABI ", abi, "): reads only ",
        absl::StrJoin(policy.read_only_paths, ", "), "; writes nothing"));
    if (LandlockScopes(abi)) {
      report.active.push_back(
          "Landlock scopes: signals and abstract unix sockets reach no "
          "process outside the worker");
    } else {
      report.missing.push_back(absl::StrCat(
          "Landlock scopes (ABI 6): the kernel offers ABI ", abi,
          ", so signals are held back by the system-call filter alone"));
    }
    if (policy.zygote) {
      absl::StatusOr<int> ruleset = OwnDomainRuleset(abi);
      if (!ruleset.ok()) return ruleset.status();
      own_domain_ruleset = *ruleset;
      report.active.push_back(
          "Landlock: each forked worker in a domain of its own, so none can "
          "reach another's descriptors or memory through /proc");
    }
  } else {
    report.missing.push_back(absl::StrCat(
        "Landlock: the kernel does not offer it (", why_no_landlock,
        "), so file access is limited only by the system-call filter "
        "(read-only opens) and the user's permissions, and forked workers "
        "are kept from each other only by being the server's children"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ConfineForkedChild() {
  if (own_domain_ruleset >= 0) {
    if (absl::Status s = ApplyRuleset(own_domain_ruleset); !s.ok()) return s;
    ::close(own_domain_ruleset);
    own_domain_ruleset = -1;
  }
  return InstallChildFilter();
}

std::vector<std::string> DefaultReadOnlyPaths(
    const std::vector<std::string>& extra) {
  // The loader (libraries and its cache), glibc's character-set modules
  // (under /usr/lib), and what poppler and fontconfig read.
  std::vector<std::string> paths = {"/usr/lib",
                                    "/lib",
                                    "/lib64",
                                    "/usr/lib64",
                                    "/etc/ld.so.cache",
                                    "/etc/fonts",
                                    "/usr/share/fonts",
                                    "/usr/share/poppler",
                                    "/var/cache/fontconfig"};
  paths.insert(paths.end(), extra.begin(), extra.end());
  std::vector<std::string> existing;
  for (const std::string& path : paths) {
    if (Exists(path)) existing.push_back(path);
  }
  return existing;
}

absl::StatusOr<SandboxReport> ConfineProcess(const SandboxPolicy& policy) {
  SandboxReport report;
  if (absl::Status s = ApplyResourceLimits(policy, report); !s.ok()) return s;
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return absl::InternalError(
        absl::StrCat("PR_SET_NO_NEW_PRIVS: ", std::strerror(errno)));
  }
  report.active.push_back("no new privileges");

  if (absl::Status s = ConfineFiles(policy, report); !s.ok()) return s;

  if (policy.seccomp) {
    if (absl::Status s = InstallAllowlist(policy.zygote, own_domain_ruleset);
        !s.ok())
      return s;
    report.active.push_back(
        "seccomp: an allowlist of system calls; no sockets, no new "
        "processes or threads, no opening for writing, no signals (fcntl "
        "neither: no F_SETOWN, F_SETSIG or O_ASYNC); no memory both "
        "writable and executable, and none made executable but a mapped "
        "library");
    if (policy.zygote) {
      report.active.push_back(
          "zygote: the plugins load once; each document is read by a "
          "fresh fork of the loaded, confined process, which may not fork "
          "or receive descriptors");
    }
  } else {
    report.missing.push_back("seccomp: turned off (--no-seccomp)");
  }
  return report;
}

}  // namespace tkp
