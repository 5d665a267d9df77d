#include "tests/support/subprocess.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

extern char** environ;

namespace tkp::testing {
namespace {

using Clock = std::chrono::steady_clock;

// Spawns argv (argv[0] searched in PATH) with stdout and stderr on pipes, stdin
// from /dev/null. Returns the pid, or -1.
pid_t Spawn(const std::vector<std::string>& argv,
            const std::vector<std::string>& extra_env, int* out_fd,
            int* err_fd) {
  int out_pipe[2];
  int err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    return -1;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);

  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& a : argv)
    args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  for (const std::string& e : extra_env) env_strings.push_back(e);
  std::vector<char*> env;
  env.reserve(env_strings.size() + 1);
  for (std::string& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);

  pid_t pid = -1;
  // spawnp: a launcher may be named without its path (taskset).
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), env.data()) !=
      0) {
    pid = -1;
  }
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  *out_fd = out_pipe[0];
  *err_fd = err_pipe[0];
  return pid;
}

// Appends what is readable on `fd` within `timeout_ms`; false at end of file.
bool ReadSome(int fd, std::string* into, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return true;
  char buffer[4096];
  const ssize_t n = read(fd, buffer, sizeof(buffer));
  if (n <= 0) return false;
  into->append(buffer, static_cast<size_t>(n));
  return true;
}

int ExitCodeOf(int wait_status) {
  if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
  if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
  return -1;
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv,
                         const std::vector<std::string>& extra_env,
                         int timeout_seconds) {
  ProcessResult result;
  int out_fd = -1;
  int err_fd = -1;
  const pid_t pid = Spawn(argv, extra_env, &out_fd, &err_fd);
  if (pid < 0) {
    result.err = absl::StrCat("cannot start ", argv[0]);
    return result;
  }
  const auto deadline = Clock::now() + std::chrono::seconds(timeout_seconds);
  bool out_open = true;
  bool err_open = true;
  while ((out_open || err_open) && Clock::now() < deadline) {
    if (out_open) out_open = ReadSome(out_fd, &result.out, 10);
    if (err_open) err_open = ReadSome(err_fd, &result.err, 10);
  }
  if (out_open || err_open) kill(pid, SIGKILL);
  close(out_fd);
  close(err_fd);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = ExitCodeOf(status);
  return result;
}

int64_t ResidentKib(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

double CpuSeconds(pid_t pid) {
  std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  std::getline(stat, line);
  // The command name, in parentheses, may hold spaces: count fields after
  // it. utime and stime are fields 14 and 15, in clock ticks.
  const size_t name_end = line.rfind(')');
  if (name_end == std::string::npos || name_end + 2 > line.size()) return 0;
  const std::vector<std::string> fields =
      absl::StrSplit(line.substr(name_end + 2), ' ');
  int64_t utime = 0, stime = 0;
  if (fields.size() < 13 || !absl::SimpleAtoi(fields[11], &utime) ||
      !absl::SimpleAtoi(fields[12], &stime)) {
    return 0;
  }
  return static_cast<double>(utime + stime) /
         static_cast<double>(sysconf(_SC_CLK_TCK));
}

ServerProcess::ServerProcess(const std::vector<std::string>& extra_args,
                             bool until_listening,
                             const std::vector<std::string>& extra_env,
                             const std::vector<std::string>& launcher,
                             const std::string& binary) {
  std::vector<std::string> argv = launcher;
  argv.insert(argv.end(), {binary, "--listen", "127.0.0.1:0"});
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  int out_fd = -1;
  pid_ = Spawn(argv, extra_env, &out_fd, &log_fd_);
  close(out_fd);
  if (pid_ < 0) return;
  const std::regex listening(until_listening
                                 ? R"(listening on port (\d+))"
                                 : R"(serving on \S+ \(port (\d+)\))");
  drain_ = std::thread([this] { DrainLog(); });
  // Woken by each piece of log, so the benchmarks can time start-up. The
  // bound only ends a start that never comes (a sanitizer build on a loaded
  // machine takes seconds).
  const auto deadline = Clock::now() + std::chrono::seconds(120);
  std::unique_lock<std::mutex> lock(log_mu_);
  size_t searched = 0;
  while (Clock::now() < deadline) {
    if (log_.size() > searched) {
      searched = log_.size();
      std::smatch match;
      if (std::regex_search(log_, match, listening)) {
        port_ = std::stoi(match[1]);
        return;
      }
    }
    if (log_closed_) return;  // it exited
    log_grew_.wait_until(lock, deadline);
  }
}

void ServerProcess::DrainLog() {
  std::string chunk;
  bool open = true;
  while (open) {
    chunk.clear();
    open = ReadSome(log_fd_, &chunk, 50);
    {
      const std::lock_guard<std::mutex> lock(log_mu_);
      log_ += chunk;
      log_closed_ = !open;
    }
    log_grew_.notify_all();
  }
}

std::string ServerProcess::log() const {
  const std::lock_guard<std::mutex> lock(log_mu_);
  return log_;
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Stop();
  if (drain_.joinable()) drain_.join();
}

std::string ServerProcess::address() const {
  return absl::StrCat("127.0.0.1:", port_);
}

int ServerProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  // The log closes when the process exits. Still open after the deadline
  // means it hangs: that fails the exit code check of whoever stops it.
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  const auto closed = [this] {
    const std::lock_guard<std::mutex> lock(log_mu_);
    return log_closed_;
  };
  while (!closed() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (!closed()) kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  if (drain_.joinable()) drain_.join();
  close(log_fd_);
  pid_ = -1;
  return ExitCodeOf(status);
}

// The live children of `parent` (its workers).
std::vector<pid_t> ChildrenOf(pid_t parent) {
  std::vector<pid_t> children;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return children;
  while (const dirent* entry = ::readdir(proc)) {
    int pid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &pid)) continue;
    std::ifstream stat(absl::StrCat("/proc/", pid, "/stat"));
    std::string line;
    std::getline(stat, line);
    // pid (comm) state ppid ...: comm may hold spaces, so after the ')'.
    const size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    const std::vector<std::string> fields =
        absl::StrSplit(line.substr(close + 2), ' ');
    int ppid = 0;
    if (fields.size() > 1 && absl::SimpleAtoi(fields[1], &ppid) &&
        ppid == parent && fields[0] != "Z") {
      children.push_back(pid);
    }
  }
  ::closedir(proc);
  return children;
}

// CPU seconds of the server and its live workers.
double TreeCpuSeconds(pid_t server) {
  double seconds = CpuSeconds(server);
  for (pid_t child : ChildrenOf(server)) seconds += CpuSeconds(child);
  return seconds;
}

}  // namespace tkp::testing
