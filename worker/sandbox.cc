#include "worker/sandbox.h"

#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "worker/landlock.h"
#include "worker/protocol/exit_codes.h"
#include "worker/syscall_rules.h"

namespace tkp {
namespace {

// ---------------------------------------------------------------------------
// Resource limits.

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

// ---------------------------------------------------------------------------
// seccomp: an allowlist; anything else traps, and the handler below names
// the call and ends the worker.

constexpr int kMaxSyscall = 512;
char syscall_names[kMaxSyscall][32];  // filled before the filter goes on

// The first three arguments of the trapped call, from the registers.
bool SyscallArguments(void* context, long args[3]) {
  const auto* uc = static_cast<const ucontext_t*>(context);
#if defined(__x86_64__)
  args[0] = uc->uc_mcontext.gregs[REG_RDI];
  args[1] = uc->uc_mcontext.gregs[REG_RSI];
  args[2] = uc->uc_mcontext.gregs[REG_RDX];
  return true;
#elif defined(__aarch64__)
  for (int i = 0; i < 3; ++i) {
    args[i] = static_cast<long>(uc->uc_mcontext.regs[i]);
  }
  return true;
#else
  (void)uc;
  (void)args;
  return false;
#endif
}

// The signal a trapped kill call sent to this very process (abort()'s
// SIGABRT), or 0 when it aimed elsewhere.
int SignalToSelf(int number, void* context) {
  long args[3];
  if (!SyscallArguments(context, args)) return 0;
  const long pid = ::syscall(SYS_getpid);
  long signal = 0;
  if (number == SYS_tgkill && args[0] == pid) signal = args[2];
  if (number == SYS_tkill && args[0] == ::syscall(SYS_gettid)) {
    signal = args[1];
  }
  if (number == SYS_kill && (args[0] == pid || args[0] == 0)) {
    signal = args[1];
  }
  return signal > 0 && signal <= worker::kMaxSignal ? static_cast<int>(signal)
                                                    : 0;
}

void OnForbiddenSyscall(int, siginfo_t* info, void* context) {
  // Only async-signal-safe calls, all on the allowlist.
  const int number = info->si_syscall;
  if (const int signal = SignalToSelf(number, context); signal != 0) {
    // Ends as the signal would have ended it, in the server's eyes.
    ::syscall(SYS_exit_group, worker::kExitRaisedSignalBase + signal);
  }
  const char* name =
      number >= 0 && number < kMaxSyscall && syscall_names[number][0] != '\0'
          ? syscall_names[number]
          : "unknown";
  char line[96];
  size_t length = 0;
  for (const char* part : {worker::kForbiddenSyscallPrefix, name, "\n"}) {
    for (; *part != '\0' && length < sizeof(line); ++part) {
      line[length++] = *part;
    }
  }
  [[maybe_unused]] ssize_t ignored = ::write(2, line, length);
  ::syscall(SYS_exit_group, worker::kExitForbiddenSyscall);
}

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

// The descriptor of the ruleset each of a zygote's children makes its own
// Landlock layer from (worker/landlock.h); -1 without one.
int own_domain_ruleset = -1;

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

absl::Status ApplySeccomp(bool zygote) {
  if (zygote) {
    if (absl::Status s = CompileChildFilter(); !s.ok()) return s;
  }
  for (int number = 0; number < kMaxSyscall; ++number) {
    char* name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, number);
    if (name != nullptr) {
      std::strncpy(syscall_names[number], name,
                   sizeof(syscall_names[number]) - 1);
      std::free(name);
    }
  }
  struct sigaction action = {};
  action.sa_sigaction = OnForbiddenSyscall;
  action.sa_flags = SA_SIGINFO;
  if (::sigaction(SIGSYS, &action, nullptr) != 0) {
    return absl::InternalError(
        absl::StrCat("sigaction(SIGSYS): ", std::strerror(errno)));
  }
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

}  // namespace

absl::Status ConfineForkedChild() {
  if (own_domain_ruleset >= 0) {
    if (absl::Status s = ApplyRuleset(own_domain_ruleset); !s.ok()) return s;
    ::close(own_domain_ruleset);
    own_domain_ruleset = -1;
  }
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

namespace {

bool Exists(const std::string& path) {
  struct stat info {};
  return ::stat(path.c_str(), &info) == 0;
}

}  // namespace

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

  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    return absl::InternalError(
        absl::StrCat("PR_SET_NO_NEW_PRIVS: ", std::strerror(errno)));
  }
  report.active.push_back("no new privileges");

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

  if (policy.seccomp) {
    if (absl::Status s = ApplySeccomp(policy.zygote); !s.ok()) return s;
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
