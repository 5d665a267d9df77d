#include "server/importing/plugin_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/util/files.h"
#include "server/util/sha256.h"

namespace tkp {
namespace {

// Group- or world-writable. A symbolic link is judged by its target.
bool WritableByOthers(const struct stat& info) {
  return (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const PluginCopy>> PluginCopy::Make(
    const std::string& file, const std::string& copy_dir) {
  absl::StatusOr<std::string> content = ReadFile(file);
  if (!content.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(file, ": ", content.status().message()));
  }
  std::string sha256 = Sha256Hex(*content);
  // A name of its own for every copy, so one copy's removal never takes
  // another's file.
  static std::atomic<uint64_t> copies{0};
  std::string path = absl::StrCat(
      copy_dir, "/", sha256.substr(0, 16), "-", copies.fetch_add(1), "-",
      std::filesystem::path(file).filename().string());
  // A private scratch copy: it need not survive a crash.
  std::ofstream copy(path, std::ios::binary | std::ios::trunc);
  copy.write(content->data(), static_cast<std::streamsize>(content->size()));
  copy.close();
  if (!copy) {
    ::unlink(path.c_str());
    return absl::FailedPreconditionError(
        absl::StrCat(file, ": cannot copy it to ", path, " to load it"));
  }
  return std::shared_ptr<const PluginCopy>(
      new PluginCopy(file, std::move(path), std::move(sha256)));
}

PluginCopy::~PluginCopy() { ::unlink(path_.c_str()); }

absl::StatusOr<PluginFiles> ListPluginFiles(const std::string& directory) {
  struct stat info {};
  if (::stat(directory.c_str(), &info) == 0 && WritableByOthers(info)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "plugin directory %s has mode %04o: others than its owner can write "
        "to it, and so make this server run their code; refusing to load "
        "plugins from it (chmod go-w %s)",
        directory, info.st_mode & 07777, directory));
  }
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".so") files.push_back(entry.path());
  }
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin directory ", directory, " cannot be read: ", error.message()));
  }
  std::sort(files.begin(), files.end());
  PluginFiles found;
  for (const auto& file : files) {
    if (::stat(file.c_str(), &info) == 0 && WritableByOthers(info)) {
      found.problems.push_back(
          {file.string(),
           absl::StrFormat("has mode %04o: others than its owner can write "
                           "to it; skipped (chmod go-w %s)",
                           info.st_mode & 07777, file.string())});
      continue;
    }
    found.files.push_back(file.string());
  }
  return found;
}

}  // namespace tkp
