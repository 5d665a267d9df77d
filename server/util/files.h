// Reading files, and what a failed file operation is as a Status: shared by
// the store, the plugin files, the token file and the TLS files.

#ifndef TKP_SERVER_UTIL_FILES_H_
#define TKP_SERVER_UTIL_FILES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp {

// "cannot WHAT PATH: strerror": FAILED_PRECONDITION when the file system
// refuses (permissions, read-only), which an operator must fix, and
// UNAVAILABLE otherwise (a full disk, an I/O error), which may pass.
absl::Status ErrnoStatus(int error, absl::string_view what,
                         const std::string& path);

// Reads a whole file.
absl::StatusOr<std::string> ReadFile(const std::string& path);

}  // namespace tkp

#endif  // TKP_SERVER_UTIL_FILES_H_
