#include "server/store/rescan_gate.h"

#include <sys/stat.h>

#include <algorithm>

namespace tkp {
namespace {

int64_t Nanos(const struct timespec& t) {
  return static_cast<int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

}  // namespace

std::optional<DirectoryStamp> StampOf(const std::string& directory) {
  struct stat info {};
  if (::stat(directory.c_str(), &info) != 0) return std::nullopt;
  return DirectoryStamp{info.st_ino, Nanos(info.st_mtim), Nanos(info.st_ctim)};
}

bool RescanGate::NeedsRescan(const std::optional<DirectoryStamp>& stamp,
                             absl::Time now) const {
  return !stamp.has_value() || !trusted_.has_value() || *stamp != *trusted_ ||
         now - last_rescan_ >= full_rescan_every_;
}

void RescanGate::Rescanned(const std::optional<DirectoryStamp>& stamp,
                           absl::Time started, bool settled) {
  last_rescan_ = started;
  trusted_.reset();
  if (!settled || !stamp.has_value()) return;
  const absl::Time changed =
      absl::FromUnixNanos(std::max(stamp->mtime_nanos, stamp->ctime_nanos));
  if (started - changed >= kSettle) trusted_ = stamp;
}

}  // namespace tkp
