#include "plugins/sdk/page_number.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/sdk/text.h"

namespace tkp::sdk {

namespace {

bool IsWebAddress(std::string_view word) {
  return word.find("://") != std::string_view::npos ||
         sdk::StartsWithIgnoreCase(word, "www.");
}

// "12/6/26,", "2024-12-06", "06-12-2024", "14:23", "2:23", "PM": what a
// browser prints beside an address: digits with separators, or AM/PM.
bool IsDateOrTime(std::string_view word) {
  while (!word.empty() && word.back() == ',') word.remove_suffix(1);
  if (word == "AM" || word == "PM") return true;
  bool digit = false;
  for (const char c : word) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '/' && c != '-' && c != ':' && c != '.') {
      return false;
    }
  }
  return digit && word.find_first_of("/-:") != std::string_view::npos;
}

// Whether `text` has more than `n` words apart by ASCII white space: a
// lower bound on its words (one apart by a no-break space counts with its
// neighbour), counted without splitting, so most lines of a table are
// told from a page's number at once.
bool MoreWordsThan(std::string_view text, size_t n) {
  size_t words = 0;
  bool in_word = false;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
                       c == '\f' || c == '\v';
    if (!space && !in_word && ++words > n) return true;
    in_word = !space;
  }
  return false;
}

}  // namespace

bool IsPageFurniture(std::string_view text) {
  if (IsPageNumber(text)) return true;
  // A browser's header or footer names the page's address.
  if (text.find("://") == std::string_view::npos &&
      !sdk::ContainsIgnoreCase(text, "www.")) {
    return false;
  }
  std::vector<std::string_view> words = sdk::SplitWords(text);
  const auto address = std::find_if(words.begin(), words.end(), IsWebAddress);
  if (address == words.end()) return false;
  words.erase(address);
  std::erase_if(words, IsDateOrTime);
  std::string rest;
  for (const std::string_view w : words) {
    if (!rest.empty()) rest += ' ';
    rest += w;
  }
  return rest.empty() || IsPageNumber(rest);
}

bool IsPageNumber(std::string_view text) {
  if (MoreWordsThan(text, 4)) return false;  // "Pagina 3 van 10" at most
  std::vector<std::string_view> words = sdk::SplitWords(text);
  if (!words.empty() && (sdk::StartsWithIgnoreCase(words[0], "pagina") ||
                         sdk::StartsWithIgnoreCase(words[0], "page"))) {
    words.erase(words.begin());
  }
  const auto digits = [](std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) {
      return c >= '0' && c <= '9';
    });
  };
  if (words.size() == 1) {
    const size_t slash = words[0].find('/');
    return slash == std::string_view::npos
               ? digits(words[0])
               : digits(words[0].substr(0, slash)) &&
                     digits(words[0].substr(slash + 1));
  }
  return words.size() == 3 && digits(words[0]) &&
         (words[1] == "van" || words[1] == "of") && digits(words[2]);
}

}  // namespace tkp::sdk
