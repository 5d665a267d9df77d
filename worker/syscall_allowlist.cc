#include "worker/syscall_allowlist.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "worker/syscall_rules.h"
#include "worker/syscall_trap.h"

namespace tkp {
namespace {

// The system calls a plugin needs, and why (worker/README.md).
struct Allowed {
  const char* name;
};
constexpr Allowed kAllowed[] = {
    // Reading what it was given and answering: the protocol's pipes, and
    // files opened read-only (Landlock decides which).
    {"read"},
    {"readv"},
    {"pread64"},
    {"write"},
    {"writev"},
    {"lseek"},
    {"close"},
    {"fstat"},
    {"newfstatat"},
    {"statx"},
    {"getdents64"},
    {"readlink"},
    {"readlinkat"},
    {"access"},
    {"faccessat"},
    {"faccessat2"},
    {"getcwd"},
    // Memory: the allocator, and the dynamic loader's mappings.
    {"brk"},
    {"munmap"},
    {"mremap"},
    {"madvise"},
    // Locks, time, identity (glibc and libstdc++ ask).
    {"futex"},
    {"sched_yield"},
    {"sched_getaffinity"},
    {"set_robust_list"},
    {"rseq"},
    {"clock_gettime"},
    {"clock_getres"},
    {"gettimeofday"},
    {"time"},
    {"nanosleep"},
    {"clock_nanosleep"},
    {"getpid"},
    {"gettid"},
    {"getppid"},
    {"getuid"},
    {"geteuid"},
    {"getgid"},
    {"getegid"},
    {"uname"},
    {"getrandom"},
    {"getrlimit"},
    // Signals: returning from a handler, masks, abort() on itself.
    {"rt_sigreturn"},
    {"rt_sigprocmask"},
    {"sigaltstack"},
    // Ending.
    {"exit"},
    {"exit_group"},
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    // A sanitizer's runtime: ASan tests whether memory is readable by
    // writing it into a pipe.
    {"pipe"},
    {"pipe2"},
#endif
};

// The zygote's children's filter, on top of the zygote's: its extra calls
// trap again. Compiled in the zygote before its own filter (which allows
// no pipe to export it through), installed in each child.
std::vector<sock_filter> child_filter;

absl::Status CompileChildFilter() {
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
  if (filter == nullptr) return absl::InternalError("seccomp_init failed");
  int rc = 0;
  for (const int number : {SCMP_SYS(clone), SCMP_SYS(recvmsg), SCMP_SYS(prctl),
                           SCMP_SYS(landlock_restrict_self)}) {
    if (rc == 0) rc = seccomp_rule_add(filter, SCMP_ACT_TRAP, number, 0);
  }
  // Once forked, nothing more is made executable: the libraries are in.
  if (rc == 0) {
    rc = seccomp_rule_add(filter, SCMP_ACT_TRAP, SCMP_SYS(mmap), 1,
                          SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, PROT_EXEC));
  }
  int pipe[2] = {-1, -1};
  if (rc == 0 && ::pipe2(pipe, O_CLOEXEC) != 0) rc = -errno;
  if (rc == 0) rc = seccomp_export_bpf(filter, pipe[1]);
  seccomp_release(filter);
  if (pipe[1] >= 0) ::close(pipe[1]);
  // A few dozen instructions: far below what a pipe holds.
  sock_filter instruction;
  while (rc == 0 && ::read(pipe[0], &instruction, sizeof(instruction)) ==
                        static_cast<ssize_t>(sizeof(instruction))) {
    child_filter.push_back(instruction);
  }
  if (pipe[0] >= 0) ::close(pipe[0]);
  if (rc != 0 || child_filter.empty()) {
    return absl::InternalError(
        absl::StrCat("seccomp: the zygote's child filter: ",
                     rc != 0 ? std::strerror(-rc) : "nothing was exported"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status InstallAllowlist(bool zygote, int own_domain_ruleset) {
  if (zygote) {
    if (absl::Status s = CompileChildFilter(); !s.ok()) return s;
  }
  if (absl::Status s = InstallSyscallTrap(); !s.ok()) return s;
  scmp_filter_ctx filter = seccomp_init(SCMP_ACT_TRAP);
  if (filter == nullptr) return absl::InternalError("seccomp_init failed");
  const auto fail = [&](const char* what, int rc) {
    seccomp_release(filter);
    return absl::InternalError(
        absl::StrCat("seccomp: ", what, ": ", std::strerror(-rc)));
  };
  const auto allow = [&](const Allowed& allowed) {
    const int number = seccomp_syscall_resolve_name(allowed.name);
    if (number == __NR_SCMP_ERROR) return 0;  // not on this architecture
    return seccomp_rule_add(filter, SCMP_ACT_ALLOW, number, 0);
  };
  for (const Allowed& allowed : kAllowed) {
    if (int rc = allow(allowed); rc != 0) return fail(allowed.name, rc);
  }
  for (const auto& [name, add] :
       {std::pair<const char*, RuleAdder>{"fcntl", AllowFcntl},
        {"prlimit64", AllowReadingLimits},
        {"mmap", AllowMemory}}) {
    if (int rc = add(filter); rc != 0) return fail(name, rc);
  }
  // open and openat only to read: no creating, writing or truncating,
  // whatever Landlock allows.
  constexpr scmp_datum_t kWriteFlags =
      O_ACCMODE | O_CREAT | O_TRUNC | O_APPEND | (O_TMPFILE & ~O_DIRECTORY);
  for (const auto& [name, flags_arg] :
       {std::pair{"openat", 2u}, std::pair{"open", 1u}}) {
    const int number = seccomp_syscall_resolve_name(name);
    if (number == __NR_SCMP_ERROR) continue;
    const struct scmp_arg_cmp read_only = {flags_arg, SCMP_CMP_MASKED_EQ,
                                           kWriteFlags, O_RDONLY};
    if (int rc = seccomp_rule_add_array(filter, SCMP_ACT_ALLOW, number, 1,
                                        &read_only);
        rc != 0) {
      return fail(name, rc);
    }
  }
  if (zygote) {
    if (int rc = AllowZygoteCalls(filter, own_domain_ruleset); rc != 0)
      return fail("zygote", rc);
  }
  // An anonymous memory file for a library that reads only from a path
  // (FreeXL), reopened through /proc/self/fd; RLIMIT_FSIZE bounds it.
  if (int rc = seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(memfd_create),
                                1, SCMP_A1(SCMP_CMP_EQ, MFD_CLOEXEC));
      rc != 0) {
    return fail("memfd_create", rc);
  }
  // Terminal probes (isatty) get "not a terminal" instead of the end.
  if (int rc = seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOTTY),
                                seccomp_syscall_resolve_name("ioctl"), 0);
      rc != 0) {
    return fail("ioctl", rc);
  }
  const int rc = seccomp_load(filter);
  seccomp_release(filter);
  if (rc != 0) return fail("seccomp_load", rc);
  return absl::OkStatus();
}

absl::Status InstallChildFilter() {
  if (child_filter.empty()) return absl::OkStatus();  // --no-seccomp
  struct sock_fprog program = {};
  program.len = static_cast<unsigned short>(child_filter.size());
  program.filter = child_filter.data();
  if (::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
    return absl::InternalError(
        absl::StrCat("seccomp (the child's filter): ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace tkp
