#include "plugins/sdk/text.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/count_rule.h"

namespace tkp::sdk {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// ASCII's case folded, every other byte as it is (what std::tolower does
// in the "C" locale, without a call per character).
inline char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Length of the white-space character starting at text[pos], 0 if none.
// Asked for every character of every line, several times over: the common
// case (a printable character that leads no white space) answers first.
inline size_t WhiteSpaceLength(std::string_view text, size_t pos) {
  const unsigned char c = text[pos];
  if (c > ' ' && c != 0xC2 && c != 0xE2) return 0;
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
      c == '\v') {
    return 1;
  }
  if (c != 0xC2 && c != 0xE2) return 0;  // another control character
  const std::string_view rest = text.substr(pos);
  // U+00A0 no-break space.
  if (rest.starts_with("\xC2\xA0")) return 2;
  // U+2007 figure space, U+202F narrow no-break space, U+2009 thin space.
  if (rest.starts_with("\xE2\x80\x87") || rest.starts_with("\xE2\x80\xAF") ||
      rest.starts_with("\xE2\x80\x89")) {
    return 3;
  }
  return 0;
}

// Length of the white space that ends text[0, end), 0 if none.
size_t TrailingWhiteSpaceLength(std::string_view text) {
  if (text.empty()) return 0;
  if (WhiteSpaceLength(text, text.size() - 1) == 1) return 1;
  if (text.size() >= 2 && WhiteSpaceLength(text, text.size() - 2) == 2) {
    return 2;
  }
  if (text.size() >= 3 && WhiteSpaceLength(text, text.size() - 3) == 3) {
    return 3;
  }
  return 0;
}

}  // namespace

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  int number = 1;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\n' && text[i] != '\r') continue;
    lines.push_back({text.substr(start, i - start), number++});
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < text.size()) lines.push_back({text.substr(start), number});
  return lines;
}

std::string_view Trim(std::string_view text) {
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t n = WhiteSpaceLength(text, begin);
    if (n == 0) break;
    begin += n;
  }
  text.remove_prefix(begin);
  while (size_t n = TrailingWhiteSpaceLength(text)) text.remove_suffix(n);
  return text;
}

bool IsBlank(std::string_view text) { return Trim(text).empty(); }

std::vector<std::string_view> SplitWords(std::string_view text) {
  std::vector<std::string_view> words;
  words.reserve(16);  // a table's line, in one allocation
  size_t pos = 0;
  size_t word_start = std::string_view::npos;
  while (pos < text.size()) {
    const size_t n = WhiteSpaceLength(text, pos);
    if (n > 0) {
      if (word_start != std::string_view::npos) {
        words.push_back(text.substr(word_start, pos - word_start));
        word_start = std::string_view::npos;
      }
      pos += n;
    } else {
      if (word_start == std::string_view::npos) word_start = pos;
      ++pos;
    }
  }
  if (word_start != std::string_view::npos) {
    words.push_back(text.substr(word_start));
  }
  return words;
}

std::vector<std::string> SplitTabs(std::string_view text) {
  std::vector<std::string> cells;
  size_t start = 0;
  while (true) {
    const size_t tab = text.find('\t', start);
    const std::string_view cell = text.substr(
        start,
        tab == std::string_view::npos ? std::string_view::npos : tab - start);
    cells.emplace_back(Trim(cell));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return cells;
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  for (std::string_view word : SplitWords(text)) {
    if (!out.empty()) out += ' ';
    out += word;
  }
  return out;
}

bool IsWordRunOf(std::string_view part, std::string_view whole) {
  const std::vector<std::string_view> words = SplitWords(part);
  const std::vector<std::string_view> all = SplitWords(whole);
  if (words.empty()) return false;
  for (size_t from = 0; from + words.size() <= all.size(); ++from) {
    if (std::equal(words.begin(), words.end(),
                   all.begin() + static_cast<std::ptrdiff_t>(from))) {
      return true;
    }
  }
  return false;
}

void AppendWrapped(std::string* text, std::string_view next) {
  const std::string part = CollapseSpaces(next);
  if (part.empty()) return;
  const size_t n = text->size();
  const bool broken_after_hyphen =
      n >= 2 && (*text)[n - 1] == '-' &&
      std::isalpha(static_cast<unsigned char>((*text)[n - 2])) != 0 &&
      std::isupper(static_cast<unsigned char>(part[0])) != 0;
  if (!text->empty() && !broken_after_hyphen) *text += ' ';
  *text += part;
}

bool LooksLikeNumber(std::string_view token) {
  return ::tkp::LooksLikeCount(token);
}

bool LooksLikeRegionCode(std::string_view token) {
  if (LooksLikeNumber(token)) return true;
  return token.size() == 4 && (token[0] == 'A' || token[0] == 'a') &&
         (token[1] == 'M' || token[1] == 'm') && IsDigit(token[2]) &&
         IsDigit(token[3]);
}

NameAndNumbers SplitNameAndNumbers(std::string_view line) {
  std::vector<std::string_view> words = SplitWords(line);
  size_t first_number = words.size();
  while (first_number > 0 && LooksLikeNumber(words[first_number - 1])) {
    --first_number;
  }
  NameAndNumbers result;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i < first_number) {
      if (!result.name.empty()) result.name += ' ';
      result.name += words[i];
    } else {
      result.numbers.emplace_back(words[i]);
    }
  }
  return result;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (AsciiLower(text[i]) != AsciiLower(prefix[i])) return false;
  }
  return true;
}

bool ContainsIgnoreCase(std::string_view text, std::string_view word) {
  if (word.empty()) return true;
  for (size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (AsciiLower(text[i]) != AsciiLower(word[0])) continue;
    size_t k = 1;
    while (k < word.size() && AsciiLower(text[i + k]) == AsciiLower(word[k])) {
      ++k;
    }
    if (k == word.size()) return true;
  }
  return false;
}

namespace {
constexpr std::string_view kQuarterWords[] = {"Eerste", "Tweede", "Derde",
                                              "Vierde"};
}  // namespace

std::string PeriodPhrase(int year, int quarter) {
  return std::string(kQuarterWords[quarter - 1]) + " kwartaal " +
         std::to_string(year);
}

std::optional<int> QuarterFromWord(std::string_view word) {
  static constexpr std::string_view kOrdinals[] = {"1e", "2e", "3e", "4e"};
  for (int q = 0; q < 4; ++q) {
    if ((word.size() == kQuarterWords[q].size() &&
         StartsWithIgnoreCase(word, kQuarterWords[q])) ||
        (word.size() == kOrdinals[q].size() &&
         StartsWithIgnoreCase(word, kOrdinals[q]))) {
      return q + 1;
    }
  }
  return std::nullopt;
}

std::optional<PeriodMention> FindPeriod(std::string_view line) {
  // Most lines name no quarter: those without the word are done at once.
  if (!ContainsIgnoreCase(line, "kwartaal")) return std::nullopt;
  const std::vector<std::string_view> words = SplitWords(line);
  for (size_t i = 0; i + 2 < words.size(); ++i) {
    const std::optional<int> quarter = QuarterFromWord(words[i]);
    if (!quarter || words[i + 1].size() != 8 ||
        !StartsWithIgnoreCase(words[i + 1], "kwartaal")) {
      continue;
    }
    const std::string_view year_word = words[i + 2];
    int year = 0;
    const auto [end, error] = std::from_chars(
        year_word.data(), year_word.data() + year_word.size(), year);
    if (error != std::errc() || end != year_word.data() + year_word.size() ||
        year_word.size() != 4) {
      continue;
    }
    PeriodMention mention{year, *quarter, {}};
    for (size_t j = i + 3; j < words.size(); ++j) {
      if (!mention.rest.empty()) mention.rest += ' ';
      mention.rest += words[j];
    }
    return mention;
  }
  return std::nullopt;
}

std::optional<YearQuarter> FindPeriodCode(std::string_view text) {
  for (size_t i = 0; i + 6 <= text.size(); ++i) {
    const std::string_view s = text.substr(i, 6);
    if (!IsDigit(s[0]) || !IsDigit(s[1]) || !IsDigit(s[2]) || !IsDigit(s[3]) ||
        (s[4] != 'Q' && s[4] != 'q') || s[5] < '1' || s[5] > '4') {
      continue;
    }
    if ((i > 0 && IsDigit(text[i - 1])) ||
        (i + 6 < text.size() && IsDigit(text[i + 6]))) {
      continue;
    }
    return YearQuarter{(s[0] - '0') * 1000 + (s[1] - '0') * 100 +
                           (s[2] - '0') * 10 + (s[3] - '0'),
                       s[5] - '0'};
  }
  return std::nullopt;
}

}  // namespace tkp::sdk
