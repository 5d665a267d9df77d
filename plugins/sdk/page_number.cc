#include "plugins/sdk/page_number.h"

#include <algorithm>
#include <string_view>
#include <vector>

#include "plugins/sdk/text.h"

namespace tkp::sdk {

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
