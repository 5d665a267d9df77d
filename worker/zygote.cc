#include "worker/zygote.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "worker/protocol/exit_codes.h"
#include "worker/protocol/framing.h"
#include "worker/protocol/worker.pb.h"
#include "worker/sandbox.h"

namespace tkp {
namespace {

// What a fork request carries: the child's socket and its stderr pipe.
constexpr int kDescriptorsPerChild = 2;

struct Received {
  bool done = false;  // the server closed the control socket
  int socket = -1;
  int stderr_pipe = -1;
};

absl::StatusOr<Received> ReceiveRequest(int in) {
  char byte = 0;
  struct iovec data = {&byte, 1};
  alignas(struct cmsghdr) char
      control[CMSG_SPACE(sizeof(int) * kDescriptorsPerChild)];
  struct msghdr message = {};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof(control);
  ssize_t n;
  do {
    n = ::recvmsg(in, &message, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n == 0) return Received{.done = true};
  if (n < 0) {
    return absl::InternalError(absl::StrCat("recvmsg: ", std::strerror(errno)));
  }
  const struct cmsghdr* header = CMSG_FIRSTHDR(&message);
  if (header == nullptr || header->cmsg_level != SOL_SOCKET ||
      header->cmsg_type != SCM_RIGHTS ||
      header->cmsg_len != CMSG_LEN(sizeof(int) * kDescriptorsPerChild) ||
      (message.msg_flags & MSG_CTRUNC) != 0) {
    return absl::InvalidArgumentError(
        "a fork request without the child's two descriptors");
  }
  int fds[kDescriptorsPerChild];
  std::memcpy(fds, CMSG_DATA(header), sizeof(fds));
  return Received{.socket = fds[0], .stderr_pipe = fds[1]};
}

// In the child: its own stderr, nothing of the zygote's control socket,
// the server's death as its own, and the zygote's extra calls gone.
void SetUpChild(int in, int out, const Received& ends, pid_t server) {
  ::close(in);
  ::close(out);
  // No dup2 on the allowlist: closing makes these the lowest free.
  for (const int standard : {1, 2}) {
    ::close(standard);
    if (::fcntl(ends.stderr_pipe, F_DUPFD, standard) != standard) {
      ::_exit(worker::kExitStartup);
    }
  }
  ::close(ends.stderr_pipe);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != server) ::_exit(worker::kExitStartup);
  if (absl::Status s = ConfineForkedChild(); !s.ok()) {
    const std::string line = absl::StrCat(s.message(), "\n");
    [[maybe_unused]] ssize_t ignored = ::write(2, line.data(), line.size());
    ::_exit(worker::kExitStartup);
  }
  // Nothing the zygote held (what its plugins opened as they loaded, an
  // in-memory file among them) is shared with the child: every descriptor
  // but its standard ones and its socket is closed.
  struct rlimit files {};
  ::getrlimit(RLIMIT_NOFILE, &files);
  const int last = static_cast<int>(std::min<rlim_t>(files.rlim_cur, 4096));
  for (int fd = 3; fd < last; ++fd) {
    if (fd != ends.socket) ::close(fd);
  }
}

}  // namespace

absl::Status CheckNothingShared(int smaps) {
  // Read from the start each time (the kernel makes the text afresh). No
  // stdio: it may not open /proc any more.
  std::string text;
  char buffer[16384];
  for (off_t at = 0;;) {
    const ssize_t n = ::pread(smaps, buffer, sizeof(buffer), at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      return absl::InternalError(
          absl::StrCat("reading /proc/self/smaps: ", std::strerror(errno)));
    }
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
    at += n;
  }
  // Each mapping: its header line ("start-end perms offset dev inode
  // path"), some counters, then "VmFlags: rd wr sh mr mw ...": sh is a
  // shared mapping, mw one that may be made writable.
  std::string mapping;
  std::vector<std::string> shared;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (!line.empty() && absl::ascii_isxdigit(line[0]) &&
        line.find('-') < line.find(' ')) {
      mapping = std::string(line);
      continue;
    }
    if (!absl::ConsumePrefix(&line, "VmFlags:")) continue;
    const std::vector<absl::string_view> flags =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    const auto has = [&](absl::string_view flag) {
      return std::find(flags.begin(), flags.end(), flag) != flags.end();
    };
    if (has("sh") && has("mw")) shared.push_back(mapping);
  }
  if (shared.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the plugins made ", shared.size(),
      " shared writable mapping(s) as they loaded (", shared.front(),
      "), which every worker forked from this one would share, so one "
      "document could reach the next; refused"));
}

absl::Status CheckNoFilesInMemory() {
  // An in-memory file (memfd_create) is the one kind of descriptor whose
  // seals can be read: any other gives EINVAL.
  struct rlimit files {};
  ::getrlimit(RLIMIT_NOFILE, &files);
  const int last = static_cast<int>(std::min<rlim_t>(files.rlim_cur, 4096));
  int kept = 0;
  for (int fd = 3; fd < last; ++fd) {
    if (::fcntl(fd, F_GET_SEALS) >= 0) ++kept;
  }
  if (kept == 0) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the plugins kept ", kept,
      " in-memory file(s) open as they loaded, which would hold memory "
      "outside the workers' limits for as long as the zygote lives; "
      "refused"));
}

absl::StatusOr<std::optional<int>> ServeForks(int in, int out, pid_t server) {
  for (;;) {
    absl::StatusOr<Received> request = ReceiveRequest(in);
    if (!request.ok()) return request.status();
    if (request->done) return std::nullopt;
    // A raw clone: the zygote has one thread, so no lock is held that a
    // fork handler would need to release.
    const long pid =
        ::syscall(SYS_clone, kZygoteCloneFlags, nullptr, nullptr, nullptr, 0);
    if (pid == 0) {
      SetUpChild(in, out, *request, server);
      return request->socket;
    }
    const int error = errno;
    ::close(request->socket);
    ::close(request->stderr_pipe);
    worker::Forked forked;
    if (pid > 0) {
      forked.set_pid(static_cast<int32_t>(pid));
    } else {
      forked.set_error(absl::StrCat("clone: ", std::strerror(error)));
    }
    if (absl::Status s = worker::WriteFrame(out, forked); !s.ok()) return s;
  }
}

}  // namespace tkp
