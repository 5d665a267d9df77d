// How a tkp-import-worker says why it ended when it ends on its own; the
// server maps these (and the signals that end it otherwise) to errors.

#ifndef TKP_WORKER_PROTOCOL_EXIT_CODES_H_
#define TKP_WORKER_PROTOCOL_EXIT_CODES_H_

namespace tkp::worker {

// Answered, and done.
inline constexpr int kExitDone = 0;
// Bad arguments, or it could not confine itself: nothing was read.
inline constexpr int kExitStartup = 90;
// The server's messages made no sense, or it went away.
inline constexpr int kExitProtocol = 91;
// An allocation failed at the memory limit.
inline constexpr int kExitOutOfMemory = 92;
// A system call outside the allowlist; its name went to stderr as
// "forbidden system call: NAME".
inline constexpr int kExitForbiddenSyscall = 93;

// A worker that signals itself (abort() raising SIGABRT) cannot: the
// allowlist has no kill calls, since a zygote's children could not be
// named in it. It ends with this plus the signal's number instead, which
// the server reads as that signal.
inline constexpr int kExitRaisedSignalBase = 100;
inline constexpr int kMaxSignal = 64;

inline constexpr char kForbiddenSyscallPrefix[] = "forbidden system call: ";

}  // namespace tkp::worker

#endif  // TKP_WORKER_PROTOCOL_EXIT_CODES_H_
