#include "server/store/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/store/crash_points.h"
#include "server/util/files.h"
#include "server/util/status_macros.h"

namespace tkp {
namespace {

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

namespace {

// Writes `content` to a new temporary file beside `path` and fsyncs it.
absl::StatusOr<std::string> WriteTemporary(const std::string& path,
                                           absl::string_view content) {
  const std::string temporary =
      absl::StrCat(path, ".", ::getpid(), kTemporarySuffix);
  const int fd =
      ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(errno, "create", temporary);
  const absl::string_view first_half = content.substr(0, content.size() / 2);
  bool written = WriteAll(fd, first_half);
  CrashPoint("temp-half-written");
  written = written && WriteAll(fd, content.substr(first_half.size()));
  if (!written || ::fsync(fd) != 0) {
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
  CrashPoint("temp-synced");
  return temporary;
}

// Names only, so a data dir that moved between crash and restart still
// completes.
std::string IntentLine(const std::string& from, const std::string& to) {
  return absl::StrCat(std::filesystem::path(from).filename().string(), "\t",
                      std::filesystem::path(to).filename().string(), "\n");
}

}  // namespace

absl::Status WriteFileDurably(const std::string& path,
                              absl::string_view content) {
  absl::StatusOr<std::string> written = WriteTemporary(path, content);
  if (!written.ok()) return written.status();
  const std::string& temporary = *written;
  if (::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    return ErrnoStatus(error, "rename into place", path);
  }
  CrashPoint("renamed");
  return SyncDirectory(std::filesystem::path(path).parent_path().string());
}

absl::Status WriteFilesDurably(const std::string& directory,
                               const std::vector<FileWrite>& files) {
  if (files.size() == 1) {
    return WriteFileDurably(files[0].path, files[0].content);
  }
  std::vector<std::string> temporaries;
  const auto discard = [&] {
    for (const std::string& t : temporaries) ::unlink(t.c_str());
  };
  std::string intent;
  for (const FileWrite& file : files) {
    absl::StatusOr<std::string> temporary =
        WriteTemporary(file.path, file.content);
    if (!temporary.ok()) {
      discard();
      return temporary.status();
    }
    temporaries.push_back(*temporary);
    intent += IntentLine(*temporary, file.path);
  }
  CrashPoint("batch-temps-written");
  const std::string intent_path =
      absl::StrCat(directory, "/batch.", ::getpid(), kBatchSuffix);
  if (absl::Status s = WriteFileDurably(intent_path, intent); !s.ok()) {
    discard();
    return s;
  }
  CrashPoint("batch-intent-written");
  // Committed: from here on the batch completes, now or at the next start.
  absl::StatusOr<int> done = CompleteInterruptedBatches(directory);
  if (!done.ok()) {
    return absl::UnavailableError(
        absl::StrCat(done.status().message(),
                     "; the import is committed and completes when a server "
                     "next starts on this data dir"));
  }
  return absl::OkStatus();
}

bool HasBatchIntent(const std::string& directory) {
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(directory, error)) {
    if (absl::EndsWith(entry.path().string(), kBatchSuffix)) return true;
  }
  return false;
}

absl::StatusOr<int> CompleteInterruptedBatches(const std::string& directory) {
  std::error_code error;
  std::vector<std::string> intents;
  for (const auto& entry :
       std::filesystem::directory_iterator(directory, error)) {
    if (absl::EndsWith(entry.path().string(), kBatchSuffix)) {
      intents.push_back(entry.path().string());
    }
  }
  if (error) return ErrnoStatus(error.value(), "read directory", directory);
  int renamed = 0;
  for (const std::string& intent : intents) {
    absl::StatusOr<std::string> content = ReadFile(intent);
    if (!content.ok()) return content.status();
    for (absl::string_view line :
         absl::StrSplit(*content, '\n', absl::SkipEmpty())) {
      const std::vector<std::string> pair = absl::StrSplit(line, '\t');
      if (pair.size() != 2) continue;
      const std::string from = absl::StrCat(directory, "/", pair[0]);
      const std::string to = absl::StrCat(directory, "/", pair[1]);
      // Gone: renamed before the crash.
      if (::access(from.c_str(), F_OK) != 0) continue;
      if (::rename(from.c_str(), to.c_str()) != 0) {
        return ErrnoStatus(errno, "rename into place", to);
      }
      ++renamed;
      CrashPoint("batch-first-renamed");
    }
    TKP_RETURN_IF_ERROR(SyncDirectory(directory));
    if (::unlink(intent.c_str()) != 0) {
      return ErrnoStatus(errno, "remove", intent);
    }
    TKP_RETURN_IF_ERROR(SyncDirectory(directory));
  }
  return renamed;
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
