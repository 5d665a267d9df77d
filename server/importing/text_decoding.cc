#include "server/importing/text_decoding.h"

#include <unicode/ucnv.h>
#include <unicode/utf8.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tkp {
namespace {

// The first byte of an invalid UTF-8 sequence, or npos.
size_t FirstInvalidUtf8(absl::string_view bytes) {
  const auto* s = reinterpret_cast<const uint8_t*>(bytes.data());
  const int32_t length = static_cast<int32_t>(bytes.size());
  int32_t i = 0;
  while (i < length) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c < 0) return static_cast<size_t>(start);
  }
  return absl::string_view::npos;
}

int LineOf(absl::string_view bytes, size_t offset) {
  return 1 + static_cast<int>(
                 std::count(bytes.begin(), bytes.begin() + offset, '\n'));
}

// Control characters have no place in a table; they mean binary data. With
// `utf8` set the text is valid UTF-8 and C1 controls (U+0080-U+009F, which
// is what undefined Windows-1252 bytes decode to) are refused too.
absl::Status RejectControlBytes(absl::string_view text,
                                absl::string_view file_name, bool utf8) {
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    const bool c1 = utf8 && c == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) < 0xA0;
    if (c1 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "file %s line %d: byte 0x%02X at offset %d is a control "
          "character; this looks like a binary file, not a text table",
          file_name, LineOf(text, i), c1 ? text[i + 1] & 0xFF : c, i));
    }
  }
  return absl::OkStatus();
}

// Converts with ICU, failing on any byte the source encoding leaves
// undefined instead of substituting U+FFFD.
absl::StatusOr<std::string> Convert(absl::string_view bytes,
                                    const char* from_encoding,
                                    absl::string_view file_name) {
  UErrorCode error = U_ZERO_ERROR;
  UConverter* from = ucnv_open(from_encoding, &error);
  UConverter* to = ucnv_open("UTF-8", &error);
  if (U_SUCCESS(error)) {
    ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr,
                        nullptr, &error);
  }
  std::string out(bytes.size() * 3 + 4, '\0');
  char* target = out.data();
  const char* source = bytes.data();
  if (U_SUCCESS(error)) {
    ucnv_convertEx(to, from, &target, out.data() + out.size(), &source,
                   bytes.data() + bytes.size(), nullptr, nullptr, nullptr,
                   nullptr, true, true, &error);
  }
  ucnv_close(from);
  ucnv_close(to);
  if (U_FAILURE(error)) {
    const size_t offset = source > bytes.data()
                              ? static_cast<size_t>(source - bytes.data()) - 1
                              : 0;
    return absl::InvalidArgumentError(absl::StrFormat(
        "file %s line %d: byte offset %d cannot be decoded as %s (%s); "
        "save the file as UTF-8",
        file_name, LineOf(bytes, offset), offset, from_encoding,
        u_errorName(error)));
  }
  out.resize(static_cast<size_t>(target - out.data()));
  return out;
}

}  // namespace

absl::StatusOr<DecodedText> DecodeText(absl::string_view bytes,
                                       absl::string_view file_name) {
  // A PDF is no text table even where all of it is 7-bit (ReportLab writes
  // its streams ASCII85-encoded): PDF readers look for the header in the
  // first 1024 bytes, and so does the pdf importer.
  if (absl::StrContains(bytes.substr(0, 1024), "%PDF-")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "file ", file_name, " is a PDF document, not a text table"));
  }
  DecodedText decoded;
  if (absl::StartsWith(bytes, "\xFF\xFE") ||
      absl::StartsWith(bytes, "\xFE\xFF")) {
    auto utf8 = Convert(bytes, "UTF-16", file_name);
    if (!utf8.ok()) return utf8.status();
    decoded.utf8 = std::move(*utf8);
    if (decoded.utf8.starts_with("\xEF\xBB\xBF")) decoded.utf8.erase(0, 3);
    decoded.note = "decoded from UTF-16";
  } else {
    if (absl::StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
    if (FirstInvalidUtf8(bytes) == absl::string_view::npos) {
      decoded.utf8 = std::string(bytes);
    } else {
      // Binary data is mostly not UTF-8 either: call it binary before
      // Windows-1252 complains about some undefined byte in it.
      if (const absl::Status s = RejectControlBytes(bytes, file_name, false);
          !s.ok()) {
        return s;
      }
      auto utf8 = Convert(bytes, "windows-1252", file_name);
      if (!utf8.ok()) return utf8.status();
      decoded.utf8 = std::move(*utf8);
      decoded.note = "not valid UTF-8; decoded as Windows-1252";
    }
  }
  if (const absl::Status s = RejectControlBytes(decoded.utf8, file_name, true);
      !s.ok()) {
    return s;
  }
  return decoded;
}

}  // namespace tkp
