#include "server/durable_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"

namespace tkp {
namespace {

absl::Status ErrnoStatus(int error, absl::string_view what,
                         const std::string& path) {
  const std::string message =
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(error));
  if (error == EACCES || error == EPERM || error == EROFS) {
    return absl::FailedPreconditionError(message);
  }
  return absl::UnavailableError(message);
}

// Writes all of `content` to `fd`, retrying short writes.
bool WriteAll(int fd, absl::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

absl::Status SyncDirectory(const std::string& directory) {
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus(errno, "open directory", directory);
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus(error, "sync directory", directory);
  return absl::OkStatus();
}

absl::Status WriteFileDurably(const std::string& path,
                              absl::string_view content) {
  const std::string temporary =
      absl::StrCat(path, ".", ::getpid(), kTemporarySuffix);
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(errno, "create", temporary);
  if (!WriteAll(fd, content) || ::fsync(fd) != 0) {
    const int error = errno;
    ::close(fd);
    ::unlink(temporary.c_str());
    return ErrnoStatus(error, "write", temporary);
  }
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return ErrnoStatus(error, "close", temporary);
  }
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return ErrnoStatus(error, "rename into place", path);
  }
  return SyncDirectory(std::filesystem::path(path).parent_path().string());
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ErrnoStatus(errno, "open", path);
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return ErrnoStatus(errno, "read", path);
  return std::move(content).str();
}

absl::Status MakeDirectories(const std::string& path) {
  const std::filesystem::path target =
      std::filesystem::absolute(path).lexically_normal();
  // The directories that do not exist yet, outermost first.
  std::vector<std::filesystem::path> missing;
  for (std::filesystem::path p = target;
       !p.empty() && !std::filesystem::exists(p); p = p.parent_path()) {
    missing.insert(missing.begin(), p);
    if (p == p.parent_path()) break;
  }
  std::error_code error;
  std::filesystem::create_directories(target, error);
  if (error) {
    return ErrnoStatus(error.value(), "create directory", path);
  }
  for (const std::filesystem::path& created : missing) {
    absl::Status synced = SyncDirectory(created.parent_path().string());
    if (!synced.ok()) return synced;
  }
  return absl::OkStatus();
}

}  // namespace tkp
