#include "server/util/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace tkp {

absl::Status ErrnoStatus(int error, absl::string_view what,
                         const std::string& path) {
  const std::string message =
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(error));
  if (error == EACCES || error == EPERM || error == EROFS) {
    return absl::FailedPreconditionError(message);
  }
  return absl::UnavailableError(message);
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "open", path);
  // Sized once from fstat (one byte more, to see the end in the same
  // read): plugin libraries are tens of megabytes, publications a few
  // kilobytes, and a stream grows its buffer many times over. A file that
  // grows meanwhile doubles the buffer.
  struct stat info {};
  const size_t expected = ::fstat(fd, &info) == 0 && info.st_size > 0
                              ? static_cast<size_t>(info.st_size)
                              : 4095;
  std::string content(expected + 1, '\0');
  size_t have = 0;
  for (;;) {
    if (have == content.size()) content.resize(2 * content.size());
    const ssize_t n = ::read(fd, content.data() + have, content.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      return ErrnoStatus(error, "read", path);
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  content.resize(have);
  ::close(fd);
  return content;
}

}  // namespace tkp
