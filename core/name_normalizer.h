// The key that identifies a region or municipality across publications
// whose spellings differ: "Groot Amsterdam" and "Groot-Amsterdam", "Food
// Valley" and "FoodValley", "’s-Hertogenbosch" with a typographic apostrophe,
// "Súdwest-Fryslân", and the ligature "Ĳ" that PDF extraction produces all
// reduce to the same lower-case ASCII letters and digits.

#ifndef TKP_CORE_NAME_NORMALIZER_H_
#define TKP_CORE_NAME_NORMALIZER_H_

#include <string>

#include "absl/strings/string_view.h"

namespace tkp {

// Compatibility-decomposes (NFKD, so "Ĳ" becomes "IJ"), drops combining
// marks, folds case, and keeps only letters and digits. Letters outside
// ASCII that have no decomposition are kept as UTF-8.
std::string NormalizeName(absl::string_view utf8_name);

// The name as it is served: compatibility characters replaced by what they
// stand for (NFKC), so the typographic ligatures a PDF holds ("Midden-
// Del\uFB02and" from a word processor's "fl", "\u0132sselstein") read as
// the letters ("Midden-Delfland", "IJsselstein"); case, accents and
// punctuation are kept. Invalid UTF-8 is returned unchanged.
std::string PlainLetters(absl::string_view utf8_name);

// Whether `printed` is `name` with spaces where a word was broken (a cell
// too narrow for the name broke a word where it wrapped: "Midden-Groning"
// above "en"): the same without spaces, and more of them.
bool IsBrokenSpelling(absl::string_view printed, absl::string_view name);

}  // namespace tkp

#endif  // TKP_CORE_NAME_NORMALIZER_H_
