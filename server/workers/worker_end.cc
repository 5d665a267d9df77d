#include "server/workers/worker_end.h"

#include <string.h>
#include <sys/wait.h>

#include <csignal>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "worker/protocol/exit_codes.h"

namespace tkp {
namespace {

std::string SignalName(int signal) {
  const char* abbrev = ::sigabbrev_np(signal);
  return abbrev != nullptr ? absl::StrCat("SIG", abbrev)
                           : absl::StrCat("signal ", signal);
}

// The call named after worker::kForbiddenSyscallPrefix, if the worker got
// to write it. It comes from the worker, so it is only ever a name.
std::string ForbiddenCall(const std::string& stderr_tail) {
  const size_t at = stderr_tail.rfind(worker::kForbiddenSyscallPrefix);
  if (at == std::string::npos) return "";
  std::string name;
  for (size_t i = at + strlen(worker::kForbiddenSyscallPrefix);
       i < stderr_tail.size() && name.size() < 32; ++i) {
    const char c = stderr_tail[i];
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') break;
    name += c;
  }
  return name;
}

}  // namespace

absl::string_view WorkerEndLabel(WorkerEndReason reason) {
  switch (reason) {
    case WorkerEndReason::kOk:
      return "ok";
    case WorkerEndReason::kCrash:
      return "crash";
    case WorkerEndReason::kAbort:
      return "abort";
    case WorkerEndReason::kMemory:
      return "memory";
    case WorkerEndReason::kTimeout:
      return "timeout";
    case WorkerEndReason::kCpu:
      return "cpu";
    case WorkerEndReason::kProtocol:
      return "protocol";
    case WorkerEndReason::kExit:
      return "exit";
    case WorkerEndReason::kForbiddenSyscall:
      return "forbidden_syscall";
    case WorkerEndReason::kUnconfined:
      return "unconfined";
    case WorkerEndReason::kCallerDeadline:
      return "caller_deadline";
  }
  return "exit";
}

WorkerEnd DescribeWorkerEnd(int status, bool killed_at_deadline,
                            absl::Duration deadline, int memory_mib,
                            const std::string& stderr_tail) {
  if (killed_at_deadline) {
    return {WorkerEndReason::kTimeout,
            absl::StrCat("was stopped after ", absl::FormatDuration(deadline),
                         " (the server's --parse-timeout-seconds)")};
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  // A worker that raised a signal on itself ends with its number instead
  // (worker/protocol/exit_codes.h); it means the same.
  const bool raised =
      code > worker::kExitRaisedSignalBase &&
      code <= worker::kExitRaisedSignalBase + worker::kMaxSignal;
  if (WIFSIGNALED(status) || raised) {
    const int signal =
        raised ? code - worker::kExitRaisedSignalBase : WTERMSIG(status);
    switch (signal) {
      case SIGABRT:
        return {WorkerEndReason::kAbort, "aborted (SIGABRT)"};
      case SIGXCPU:
        return {WorkerEndReason::kCpu, "used up its CPU time (SIGXCPU)"};
      case SIGSYS:
        return {WorkerEndReason::kForbiddenSyscall,
                "tried a forbidden system call"};
      case SIGKILL:
        return {WorkerEndReason::kCrash,
                "was killed (SIGKILL; the kernel's out-of-memory "
                "killer, or an operator)"};
      default:
        return {WorkerEndReason::kCrash,
                absl::StrCat("crashed (", SignalName(signal), ")")};
    }
  }
  switch (code) {
    case worker::kExitDone:
      return {WorkerEndReason::kOk, "ended"};
    case worker::kExitOutOfMemory:
      return {WorkerEndReason::kMemory,
              absl::StrCat("went over its ", memory_mib, " MiB memory limit")};
    case worker::kExitForbiddenSyscall: {
      const std::string call = ForbiddenCall(stderr_tail);
      return {WorkerEndReason::kForbiddenSyscall,
              absl::StrCat("tried a forbidden system call (",
                           call.empty() ? "unnamed" : call, ")")};
    }
    case worker::kExitStartup:
      return {WorkerEndReason::kExit, "could not start or confine itself"};
    case worker::kExitProtocol:
      return {WorkerEndReason::kProtocol,
              "broke off the exchange with the server"};
    default:
      return {WorkerEndReason::kExit,
              absl::StrCat("exited with status ", code)};
  }
}

}  // namespace tkp
