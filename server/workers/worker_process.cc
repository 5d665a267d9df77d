#include "server/workers/worker_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/workers/confinement.h"
#include "worker/protocol/framing.h"
#include "worker/protocol/worker.pb.h"

namespace tkp {
namespace {

constexpr size_t kStderrTailBytes = 8 << 10;

absl::Status Errno(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

std::vector<char*> Pointers(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const std::string& s : strings) {
    pointers.push_back(const_cast<char*>(s.c_str()));
  }
  pointers.push_back(nullptr);
  return pointers;
}

int MillisUntil(absl::Time deadline) {
  const absl::Duration left = deadline - absl::Now();
  if (left <= absl::ZeroDuration()) return 0;
  return static_cast<int>(
      std::min<int64_t>(absl::ToInt64Milliseconds(left) + 1, 60'000));
}

// A new worker's socket and stderr pipe: the server's ends and the
// worker's, which the server closes once they are handed over.
struct Ends {
  int socket = -1;
  int stderr_pipe = -1;
  int worker_socket = -1;
  int worker_stderr = -1;

  void CloseWorkerEnds() {
    ::close(worker_socket);
    ::close(worker_stderr);
  }
  void CloseServerEnds() {
    ::close(socket);
    ::close(stderr_pipe);
  }
};

absl::StatusOr<Ends> OpenEnds() {
  int sockets[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0) {
    return Errno("socketpair");
  }
  int err[2];
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(sockets[0]);
    ::close(sockets[1]);
    return Errno("pipe2");
  }
  ::fcntl(sockets[0], F_SETFL, O_NONBLOCK);
  ::fcntl(err[0], F_SETFL, O_NONBLOCK);
  return Ends{sockets[0], err[0], sockets[1], err[1]};
}

// Whether `pid` is a child of this process's, alive or not yet waited for.
bool IsOurChild(pid_t pid) {
  siginfo_t info{};
  return ::waitid(P_PID, static_cast<id_t>(pid), &info,
                  WEXITED | WNOHANG | WNOWAIT) == 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<WorkerProcess>> WorkerProcess::Spawn(
    const std::vector<std::string>& argv, const std::vector<std::string>& env) {
  absl::StatusOr<Ends> ends = OpenEnds();
  if (!ends.ok()) return ends.status();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, ends->worker_socket, 0);
  posix_spawn_file_actions_adddup2(&actions, ends->worker_socket, 1);
  posix_spawn_file_actions_adddup2(&actions, ends->worker_stderr, 2);
  // Nothing else of the server's: not its listening sockets, not its data
  // dir, whether or not they were opened close-on-exec.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);  // a group of its own, to kill whole
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK |
                                      POSIX_SPAWN_SETSIGDEF |
                                      POSIX_SPAWN_SETPGROUP);
  std::vector<char*> args = Pointers(argv);
  std::vector<char*> envp = Pointers(env);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0].c_str(), &actions, &attr,
                               args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ends->CloseWorkerEnds();
  if (rc != 0) {
    ends->CloseServerEnds();
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot start the import worker ", argv[0], ": ", std::strerror(rc)));
  }
  return std::unique_ptr<WorkerProcess>(
      new WorkerProcess(pid, ends->socket, ends->stderr_pipe));
}

absl::StatusOr<std::unique_ptr<WorkerProcess>> WorkerProcess::ForkFrom(
    WorkerProcess& zygote, absl::Time deadline) {
  absl::StatusOr<Ends> ends = OpenEnds();
  if (!ends.ok()) return ends.status();
  absl::Status sent =
      zygote.SendDescriptors({ends->worker_socket, ends->worker_stderr});
  ends->CloseWorkerEnds();
  absl::StatusOr<std::string> answer =
      sent.ok() ? zygote.Exchange("", 4096, deadline) : sent;
  worker::Forked forked;
  if (answer.ok() && !forked.ParseFromString(*answer)) {
    answer = absl::InvalidArgumentError("an answer that does not parse");
  }
  if (answer.ok() && !forked.error().empty()) {
    answer = absl::UnavailableError(forked.error());
  }
  // The zygote is untrusted too: the pid it names must be a child of the
  // server's, and not the zygote, before the server kills or waits for it.
  const pid_t pid = forked.pid();
  if (answer.ok() && (pid <= 0 || pid == zygote.pid() || !IsOurChild(pid))) {
    answer = absl::InvalidArgumentError(
        absl::StrCat("named process ", pid, ", which is not its child"));
  }
  if (!answer.ok()) {
    ends->CloseServerEnds();
    return absl::UnavailableError(
        absl::StrCat("the import zygote could not fork a worker: ",
                     answer.status().message()));
  }
  return std::unique_ptr<WorkerProcess>(
      new WorkerProcess(pid, ends->socket, ends->stderr_pipe));
}

absl::Status WorkerProcess::SendDescriptors(
    const std::vector<int>& descriptors) {
  char byte = 'f';
  struct iovec data = {&byte, 1};
  std::vector<char> control(CMSG_SPACE(sizeof(int) * descriptors.size()));
  struct msghdr message = {};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  struct cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int) * descriptors.size());
  std::memcpy(CMSG_DATA(header), descriptors.data(),
              sizeof(int) * descriptors.size());
  // A one-byte message fits any socket buffer with room, so a zygote that
  // stopped reading is seen as a full buffer (EAGAIN), not a hang.
  ssize_t n;
  do {
    n = ::sendmsg(socket_, &message, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n != 1) return absl::UnavailableError("it stopped reading");
  return absl::OkStatus();
}

WorkerProcess::~WorkerProcess() {
  KillAndReap();
  if (socket_ >= 0) ::close(socket_);
  if (stderr_ >= 0) ::close(stderr_);
}

void WorkerProcess::DrainStderr() {
  char buffer[4096];
  // Bounded, so a worker flooding its stderr cannot keep the server here
  // past the deadline; the rest waits for the next round.
  for (int round = 0; round < 16; ++round) {
    const ssize_t n = ::read(stderr_, buffer, sizeof(buffer));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) {  // it closed stderr: nothing more will come
        ::close(stderr_);
        stderr_ = -1;
      }
      return;
    }
    stderr_tail_.append(buffer, static_cast<size_t>(n));
    if (stderr_tail_.size() > kStderrTailBytes) {
      stderr_tail_.erase(0, stderr_tail_.size() - kStderrTailBytes);
    }
  }
}

absl::StatusOr<std::string> WorkerProcess::Exchange(const std::string& frame,
                                                    size_t max_answer,
                                                    absl::Time deadline) {
  if (absl::Status sent = Send(frame, deadline); !sent.ok()) return sent;
  return Receive(max_answer, deadline);
}

absl::StatusOr<bool> WorkerProcess::AwaitSocket(int events,
                                                absl::Time deadline) {
  struct pollfd fds[2];
  fds[0] = {socket_, static_cast<short>(events), 0};
  fds[1] = {stderr_, POLLIN, 0};
  const int ready = ::poll(fds, stderr_ >= 0 ? 2 : 1, MillisUntil(deadline));
  if (ready < 0 && errno == EINTR) return false;
  if (ready < 0) return Errno("poll");
  if (ready == 0 && absl::Now() >= deadline) {
    return absl::DeadlineExceededError(events == POLLOUT
                                           ? "the worker did not read in time"
                                           : "the worker did not answer in "
                                             "time");
  }
  if (stderr_ >= 0 && (fds[1].revents & (POLLIN | POLLHUP)) != 0) {
    DrainStderr();
  }
  return (fds[0].revents & (events | POLLHUP | POLLERR)) != 0;
}

absl::Status WorkerProcess::Send(const std::string& frame,
                                 absl::Time deadline) {
  for (size_t sent = 0; sent < frame.size();) {
    absl::StatusOr<bool> ready = AwaitSocket(POLLOUT, deadline);
    if (!ready.ok()) return ready.status();
    if (!*ready) continue;
    const ssize_t n =
        ::send(socket_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
    if (n > 0) sent += static_cast<size_t>(n);
    if (n < 0 && errno != EAGAIN && errno != EINTR) {
      DrainStderr();
      return absl::UnavailableError("the worker stopped reading");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> WorkerProcess::Receive(size_t max_answer,
                                                   absl::Time deadline) {
  std::string answer;
  size_t wanted = 0;  // the answer's frame size, once its header is in
  for (;;) {
    absl::StatusOr<bool> ready = AwaitSocket(POLLIN, deadline);
    if (!ready.ok()) return ready.status();
    if (!*ready) continue;
    char buffer[64 << 10];
    const size_t limit =
        (wanted == 0 ? worker::kFrameHeaderBytes : wanted) - answer.size();
    const ssize_t n =
        ::recv(socket_, buffer, std::min(limit, sizeof(buffer)), 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
      DrainStderr();
      return absl::UnavailableError("the worker ended without an answer");
    }
    if (n < 0) continue;
    answer.append(buffer, static_cast<size_t>(n));
    if (wanted == 0 && answer.size() == worker::kFrameHeaderBytes) {
      const uint32_t size = worker::FrameLength(answer);
      if (size > max_answer) {
        return absl::InvalidArgumentError(
            absl::StrCat("the worker's answer is ", size, " bytes, over the ",
                         max_answer, " allowed"));
      }
      wanted = worker::kFrameHeaderBytes + size;
    }
    if (wanted != 0 && answer.size() == wanted) {
      return answer.substr(worker::kFrameHeaderBytes);
    }
  }
}

bool WorkerProcess::ReadyForNext() {
  if (status_) return false;
  int status = 0;
  const pid_t done = ::waitpid(pid_, &status, WNOHANG);
  if (done == pid_) status_ = status;
  if (done != 0) return false;
  if (stderr_ >= 0) DrainStderr();
  struct pollfd fds[2];
  fds[0] = {socket_, POLLIN, 0};
  fds[1] = {stderr_, POLLIN, 0};
  // Nothing left to read on either: it is blocked reading its next request
  // (and cannot run code meanwhile: no timers, no signals, no threads).
  if (::poll(fds, stderr_ >= 0 ? 2 : 1, 0) != 0) return false;
  stderr_tail_.clear();
  return true;
}

void WorkerProcess::CloseInput() {
  if (socket_ >= 0) ::shutdown(socket_, SHUT_WR);
}

std::optional<int> WorkerProcess::WaitFor(absl::Duration timeout) {
  const absl::Time until = absl::Now() + timeout;
  while (!status_) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      status_ = status;
      break;
    }
    if (done < 0 && errno != EINTR) {
      status_ = 0;  // not ours to wait for any more
      break;
    }
    if (absl::Now() >= until) return std::nullopt;
    absl::SleepFor(absl::Milliseconds(1));
  }
  if (stderr_ >= 0) DrainStderr();
  return status_;
}

int WorkerProcess::KillAndReapGroup() {
  const int status = KillAndReap();
  // Killed with the group; ECHILD once none of it is left.
  while (::waitpid(-pid_, nullptr, 0) > 0 || errno == EINTR) {
  }
  return status;
}

absl::Status WorkerProcess::CheckConfined() const {
  if (expected_filters_ == 0) return absl::OkStatus();
  return CheckForkedWorker(pid_, expected_filters_);
}

int WorkerProcess::KillAndReap() {
  if (status_) return *status_;
  // The group: anything it managed to start goes too.
  ::kill(-pid_, SIGKILL);
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  status_ = status;
  if (stderr_ >= 0) DrainStderr();
  return status;
}

}  // namespace tkp
