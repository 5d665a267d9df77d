// Writing a file so that after a crash either the old or the new content is
// there, never a mix: temporary file, fsync, rename, fsync of the directory.

#ifndef TKP_SERVER_STORE_DURABLE_FILE_H_
#define TKP_SERVER_STORE_DURABLE_FILE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp {

// The suffix of temporary files; leftovers are partial writes to delete.
inline constexpr absl::string_view kTemporarySuffix = ".tmp";

// Replaces `path` with `content` atomically and durably. FAILED_PRECONDITION
// when the directory refuses writing (permissions, read-only), UNAVAILABLE
// for other failures (a full disk).
absl::Status WriteFileDurably(const std::string& path,
                              absl::string_view content);

// The suffix of a batch's intent file (see WriteFilesDurably).
inline constexpr absl::string_view kBatchSuffix = ".tkpbatch";

// One file of a batch: where it goes and what it holds.
struct FileWrite {
  std::string path;
  std::string content;
};

// Writes several files in one directory, all or nothing even across a
// crash: every file goes to a temporary name and is fsynced; then an
// intent file naming them all is written durably (the commit point); then
// each is renamed into place and the intent removed. A crash before the
// commit point leaves only temporary files; after it,
// CompleteInterruptedBatches finishes the renames.
absl::Status WriteFilesDurably(const std::string& directory,
                               const std::vector<FileWrite>& files);

// True when `directory` holds an intent file, i.e. a batch that a crash
// interrupted (or one being committed right now, if the caller does not
// hold the lock commits take).
bool HasBatchIntent(const std::string& directory);

// Finishes every interrupted batch in `directory`. The caller must hold the
// lock commits take, so no batch is in progress. Returns how many files it
// put in place.
absl::StatusOr<int> CompleteInterruptedBatches(const std::string& directory);

// fsyncs a directory, so entries created, renamed or removed in it last.
absl::Status SyncDirectory(const std::string& directory);

// Creates a directory and its parents, and makes the new entries durable
// (fsyncs each parent whose listing changed).
absl::Status MakeDirectories(const std::string& path);

}  // namespace tkp

#endif  // TKP_SERVER_STORE_DURABLE_FILE_H_
