#include "worker/syscall_trap.h"

#include <seccomp.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "worker/protocol/exit_codes.h"

namespace tkp {
namespace {

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

}  // namespace

absl::Status InstallSyscallTrap() {
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
  return absl::OkStatus();
}

}  // namespace tkp
