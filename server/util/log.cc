#include "server/util/log.h"

#include <cstdio>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/printable.h"

namespace tkp {

void LogLine(absl::string_view message) {
  // One line per event, whatever a plugin, a worker's stderr or a document
  // put in the message: escaped (core/printable.h), never raw.
  const std::string line =
      absl::StrCat(absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                    absl::UTCTimeZone()),
                   " tkp-server: ", EscapeUnprintable(message), "\n");
  // One write per line, so lines from several threads do not interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace tkp
