// One rule for text from outside (a document, a plugin, a worker's stderr)
// that could end up on an operator's terminal or in a log: control
// characters (C0 but tab, DEL, C1) can move the cursor, retitle the
// window or clear the screen, and bidirectional controls reorder what is
// shown ("Borne" shown as "enroB"), so neither is stored, and neither is
// printed raw. Bytes that are not UTF-8 are treated the same.

#ifndef TKP_CORE_PRINTABLE_H_
#define TKP_CORE_PRINTABLE_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace tkp {

struct UnprintableCharacter {
  size_t offset = 0;        // in bytes
  std::string description;  // "U+001B, a control character"
};

// The first character of `utf8` that may not be stored, or nullopt.
std::optional<UnprintableCharacter> FindUnprintable(absl::string_view utf8);

// `text` with each such character written as an escape ("\x1b",
// "\u202e"; a byte that is not UTF-8 as "\xff"), so it is safe to print.
// A tab is kept; text without such characters comes back unchanged.
std::string EscapeUnprintable(absl::string_view text);

}  // namespace tkp

#endif  // TKP_CORE_PRINTABLE_H_
