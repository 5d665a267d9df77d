// One-line log messages on stderr with a UTC timestamp. Abseil 20220623 has
// no logging library, and the server logs little: start-up, plugin and
// restore problems, and failed imports.

#ifndef TKP_SERVER_UTIL_LOG_H_
#define TKP_SERVER_UTIL_LOG_H_

#include "absl/strings/string_view.h"

namespace tkp {

void LogLine(absl::string_view message);

}  // namespace tkp

#endif  // TKP_SERVER_UTIL_LOG_H_
