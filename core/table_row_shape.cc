#include "core/table_row_shape.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace tkp {

bool LooksLikeTableRow(absl::string_view line) {
  // No-break spaces (U+00A0, U+2007, U+202F) count as white space.
  const std::string spaced = absl::StrReplaceAll(
      line, {{"\xC2\xA0", " "}, {"\xE2\x80\x87", " "}, {"\xE2\x80\xAF", " "}});
  const std::vector<absl::string_view> words = absl::StrSplit(
      spaced, absl::ByAnyChar(" \t\r\n\f\v"), absl::SkipWhitespace());
  // The TOTAAL AMR label with a count after it (prose that wraps so that a
  // line begins with the words has none).
  if (words.size() >= 3 && absl::EqualsIgnoreCase(words[0], "totaal") &&
      absl::EqualsIgnoreCase(words[1], "amr") &&
      std::any_of(words.begin() + 2, words.end(), [](absl::string_view w) {
        return LooksLikeCount(std::string_view(w.data(), w.size()));
      })) {
    return true;
  }
  int trailing = 0;
  for (auto word = words.rbegin();
       word != words.rend() &&
       LooksLikeCount(std::string_view(word->data(), word->size()));
       ++word) {
    ++trailing;
  }
  return trailing >= 2;
}

}  // namespace tkp
