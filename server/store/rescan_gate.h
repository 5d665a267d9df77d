// Whether the data dir watcher must list the publications directory again.
//
// Every commit, by any server sharing the data dir, renames a file into
// (or removes one from) the publications directory, and that changes the
// directory's modification time. So while the directory carries the stamp
// it had at the last full rescan, no one has committed, and the listing
// (a stat per publication: milliseconds of CPU with thousands of them,
// taken from the reads every interval) can be skipped. Two cases rescan
// anyway:
// - a stamp too recent to trust: file systems stamp from a coarse clock
//   (ticks of milliseconds on ext4, of seconds on some others), so a rename
//   in the same tick as the last rescan leaves the stamp as it was;
// - every `full_rescan_every`, for what no commit does: a file edited in
//   place, and clocks on a network file system that disagree with ours.

#ifndef TKP_SERVER_STORE_RESCAN_GATE_H_
#define TKP_SERVER_STORE_RESCAN_GATE_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/time/time.h"

namespace tkp {

// What stat(2) says of a directory that changes when an entry is added,
// renamed or removed.
struct DirectoryStamp {
  ino_t inode = 0;
  int64_t mtime_nanos = 0;
  int64_t ctime_nanos = 0;

  bool operator==(const DirectoryStamp& other) const = default;
};

// The directory's stamp now, or nullopt when it cannot be read.
std::optional<DirectoryStamp> StampOf(const std::string& directory);

class RescanGate {
 public:
  // A stamp younger than this when a rescan starts is not trusted.
  static constexpr absl::Duration kSettle = absl::Seconds(2);

  explicit RescanGate(absl::Duration full_rescan_every)
      : full_rescan_every_(full_rescan_every) {}

  // Whether to rescan now, with the directory at `stamp` (nullopt: it could
  // not be read; the rescan reports why).
  bool NeedsRescan(const std::optional<DirectoryStamp>& stamp,
                   absl::Time now) const;

  // A rescan that started with the directory at `stamp` is done. `settled`:
  // it found nothing left pending (no error, no unfinished batch); when it
  // did, the next check rescans too.
  void Rescanned(const std::optional<DirectoryStamp>& stamp, absl::Time started,
                 bool settled);

 private:
  const absl::Duration full_rescan_every_;
  std::optional<DirectoryStamp> trusted_;
  absl::Time last_rescan_ = absl::InfinitePast();
};

}  // namespace tkp

#endif  // TKP_SERVER_STORE_RESCAN_GATE_H_
