#include "core/printable.h"

#include <unicode/utf8.h>

#include <cstdint>

#include "absl/strings/str_format.h"

namespace tkp {
namespace {

bool IsControl(UChar32 c) {
  return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F);
}

// The bidirectional formatting characters (Unicode's Bidi_Control).
bool IsBidiControl(UChar32 c) {
  return c == 0x061C || c == 0x200E || c == 0x200F ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// Decodes the character at `*at`, advancing past it; a negative value for
// bytes that are not UTF-8 (one byte is consumed).
UChar32 Next(absl::string_view text, int32_t* at) {
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), *at,
          static_cast<int32_t>(text.size()), c);
  return c;
}

}  // namespace

std::optional<UnprintableCharacter> FindUnprintable(absl::string_view utf8) {
  for (int32_t at = 0; at < static_cast<int32_t>(utf8.size());) {
    const int32_t start = at;
    const UChar32 c = Next(utf8, &at);
    const char* kind = c < 0              ? "bytes that are not UTF-8"
                       : IsControl(c)     ? "a control character"
                       : IsBidiControl(c) ? "a bidirectional control"
                                          : nullptr;
    if (kind == nullptr) continue;
    return UnprintableCharacter{
        static_cast<size_t>(start),
        c < 0 ? std::string(kind) : absl::StrFormat("U+%04X, %s", c, kind)};
  }
  return std::nullopt;
}

std::string EscapeUnprintable(absl::string_view text) {
  if (!FindUnprintable(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 16);
  for (int32_t at = 0; at < static_cast<int32_t>(text.size());) {
    const int32_t start = at;
    const UChar32 c = Next(text, &at);
    if (c < 0) {
      absl::StrAppendFormat(
          &out, "\\x%02x",
          static_cast<uint8_t>(text[static_cast<size_t>(start)]));
    } else if (IsControl(c) && c <= 0xFF) {
      absl::StrAppendFormat(&out, "\\x%02x", c);
    } else if (IsBidiControl(c)) {
      absl::StrAppendFormat(&out, "\\u%04x", c);
    } else {
      out.append(text.data() + start, static_cast<size_t>(at - start));
    }
  }
  return out;
}

}  // namespace tkp
