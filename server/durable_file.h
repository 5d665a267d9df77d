// Writing a file so that after a crash either the old or the new content is
// there, never a mix: temporary file, fsync, rename, fsync of the directory.

#ifndef TKP_SERVER_DURABLE_FILE_H_
#define TKP_SERVER_DURABLE_FILE_H_

#include <string>

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

// fsyncs a directory, so entries created, renamed or removed in it last.
absl::Status SyncDirectory(const std::string& directory);

// Reads a whole file.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// Creates a directory and its parents, and makes the new entries durable
// (fsyncs each parent whose listing changed).
absl::Status MakeDirectories(const std::string& path);

}  // namespace tkp

#endif  // TKP_SERVER_DURABLE_FILE_H_
