#include "core/name_normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "absl/strings/str_replace.h"

namespace tkp {

std::string NormalizeName(absl::string_view utf8_name) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(error);
  const icu::UnicodeString input =
      icu::UnicodeString::fromUTF8(icu::StringPiece(
          utf8_name.data(), static_cast<int32_t>(utf8_name.size())));
  icu::UnicodeString decomposed =
      U_SUCCESS(error) ? nfkd->normalize(input, error) : input;
  if (U_FAILURE(error)) decomposed = input;
  decomposed.foldCase();

  icu::UnicodeString kept;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_isalnum(c)) kept.append(c);
  }
  std::string key;
  kept.toUTF8String(key);
  return key;
}

std::string PlainLetters(absl::string_view utf8_name) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(error);
  if (U_FAILURE(error)) return std::string(utf8_name);
  const icu::UnicodeString input =
      icu::UnicodeString::fromUTF8(icu::StringPiece(
          utf8_name.data(), static_cast<int32_t>(utf8_name.size())));
  // Already plain: the common case, and how invalid UTF-8 (which ICU reads
  // as U+FFFD) is left as it came.
  if (nfkc->isNormalized(input, error) || U_FAILURE(error)) {
    return std::string(utf8_name);
  }
  const icu::UnicodeString plain = nfkc->normalize(input, error);
  if (U_FAILURE(error)) return std::string(utf8_name);
  std::string out;
  plain.toUTF8String(out);
  return out;
}

bool IsBrokenSpelling(absl::string_view printed, absl::string_view name) {
  const auto spaces = [](absl::string_view s) {
    return std::count(s.begin(), s.end(), ' ');
  };
  return spaces(printed) > spaces(name) &&
         absl::StrReplaceAll(printed, {{" ", ""}}) ==
             absl::StrReplaceAll(name, {{" ", ""}});
}

}  // namespace tkp
