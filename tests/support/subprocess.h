// Running the real binaries from tests: a command to completion, or a
// tkp-server process kept running on a free port.

#ifndef TKP_TESTS_SUPPORT_SUBPROCESS_H_
#define TKP_TESTS_SUPPORT_SUBPROCESS_H_

#include <sys/types.h>

#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tkp::testing {

struct ProcessResult {
  int exit_code = -1;  // 128 + signal when killed by one
  std::string out;
  std::string err;
};

// Runs argv[0] with the arguments and extra environment ("NAME=value"),
// waits at most `timeout_seconds`, then kills it.
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& extra_env = {},
                         int timeout_seconds = 60);

// A process's resident memory (VmRSS) in KiB; 0 when it cannot be read.
int64_t ResidentKib(pid_t pid);

// The CPU time a process has used, user and system; 0 when it cannot be
// read.
double CpuSeconds(pid_t pid);

// The live children of `parent` (a server's workers).
std::vector<pid_t> ChildrenOf(pid_t parent);

// The CPU time of a process and its live children.
double TreeCpuSeconds(pid_t pid);

// tkp-server as a child process listening on 127.0.0.1 with a free port
// (read back from its log). Stopped with SIGTERM at destruction.
class ServerProcess {
 public:
  // Waits until the server serves; with `until_listening`, only until it
  // listens (it may still be restoring its data dir). `launcher` comes
  // before the server's path on the command line (setpriv ..., say).
  // `binary`: another server that logs as tkp-server does (the
  // benchmarks' echo server).
  explicit ServerProcess(const std::vector<std::string>& extra_args,
                         bool until_listening = false,
                         const std::vector<std::string>& extra_env = {},
                         const std::vector<std::string>& launcher = {},
                         const std::string& binary = TKP_SERVER_BIN);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  bool running() const { return pid_ > 0 && port_ > 0; }
  pid_t pid() const { return pid_; }
  std::string address() const;
  // Sends `signal` (SIGTERM: a graceful stop) and returns the exit code
  // (128 + signal when the signal killed it).
  int Stop(int signal = SIGTERM);
  // What the server logged until now (after Stop: everything). A thread
  // reads the log as it comes, so a chatty server never blocks on a full
  // pipe.
  std::string log() const;

 private:
  void DrainLog();

  pid_t pid_ = -1;
  int port_ = 0;
  int log_fd_ = -1;
  mutable std::mutex log_mu_;
  std::condition_variable log_grew_;
  std::string log_;          // guarded by log_mu_
  bool log_closed_ = false;  // guarded by log_mu_
  std::thread drain_;
};

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_SUBPROCESS_H_
