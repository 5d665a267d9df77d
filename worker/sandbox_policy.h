// What a worker's confinement is to be (SandboxPolicy) and what it came to
// (SandboxReport); worker/sandbox.h applies it.

#ifndef TKP_WORKER_SANDBOX_POLICY_H_
#define TKP_WORKER_SANDBOX_POLICY_H_

#include <sched.h>

#include <csignal>
#include <cstdint>
#include <string>
#include <vector>

namespace tkp {

// How a zygote forks: in the server's name, so the child is the server's
// to wait for and dies with it. The only clone its filter allows.
inline constexpr unsigned long kZygoteCloneFlags = CLONE_PARENT | SIGCHLD;

struct SandboxPolicy {
  // Address space (RLIMIT_AS); 0: no limit.
  int64_t memory_bytes = int64_t{1} << 30;
  // CPU time (RLIMIT_CPU); the server's deadline comes first, this is the
  // backstop if the server cannot kill.
  int cpu_seconds = 30;
  // Open descriptors (RLIMIT_NOFILE).
  int max_files = 64;
  // The largest file it may write (RLIMIT_FSIZE): the only files it can
  // write are anonymous memory files (memfd_create), such as the .xls
  // importer hands FreeXL the document in.
  int64_t max_file_bytes = 0;
  // The only paths the worker may read (directories with everything
  // beneath them, or single files); nothing may be written.
  std::vector<std::string> read_only_paths;
  // Install the system-call allowlist.
  bool seccomp = true;
  // A zygote (worker/zygote.h) may also fork children for the server
  // (clone with exactly CLONE_PARENT | SIGCHLD), receive their descriptors
  // and give them the parent-death signal and a further filter. Its
  // children lose those calls again (ConfineForkedChild) before they read
  // anything.
  bool zygote = false;
};

struct SandboxReport {
  std::vector<std::string> active;   // in words
  std::vector<std::string> missing;  // in words, with why
};

}  // namespace tkp

#endif  // TKP_WORKER_SANDBOX_POLICY_H_
