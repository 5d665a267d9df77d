// Columns of text that keeps a table's layout (`pdftotext -layout`), in
// characters, not bytes. Internal to the SDK: not installed.

#ifndef TKP_PLUGINS_SDK_TEXT_COLUMNS_H_
#define TKP_PLUGINS_SDK_TEXT_COLUMNS_H_

#include <string_view>

namespace tkp::sdk {

// The characters (not bytes) of UTF-8 `text`.
inline int CharactersIn(std::string_view text) {
  int characters = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
  }
  return characters;
}

// The column at which `part` begins in `text`; -1 when `text` does not
// hold it.
inline int ColumnOf(std::string_view text, std::string_view part) {
  const size_t at = part.empty() ? std::string_view::npos : text.find(part);
  if (at == std::string_view::npos) return -1;
  return CharactersIn(text.substr(0, at));
}

// Whether `text` holds a digit: a cell's text that does is no part of a
// wrapped name.
inline bool HasDigit(std::string_view text) {
  for (const char c : text) {
    if (c >= '0' && c <= '9') return true;
  }
  return false;
}

// The column at which `word`, a view into `text`, begins.
inline int ColumnAt(std::string_view text, std::string_view word) {
  return CharactersIn(
      text.substr(0, static_cast<size_t>(word.data() - text.data())));
}

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_TEXT_COLUMNS_H_
