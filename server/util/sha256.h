// SHA-256 of a document, to tell identical imports from different ones.

#ifndef TKP_SERVER_UTIL_SHA256_H_
#define TKP_SERVER_UTIL_SHA256_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tkp {

// Lower-case hex digest.
std::string Sha256Hex(absl::string_view bytes);

}  // namespace tkp

#endif  // TKP_SERVER_UTIL_SHA256_H_
