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

}  // namespace

bool IsPageFurniture(std::string_view text) {
  if (IsPageNumber(text)) return true;
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
