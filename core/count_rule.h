// What a count is, once for all of tkp: how one looks in a document, how
// it is read and how it is printed. The validator, the fail-closed check
// on what an importer left unread, the plugin SDK and every importer use
// these; nothing else decides. Header-only and free of dependencies beyond
// the standard library, since it is installed with the plugin SDK.

#ifndef TKP_CORE_COUNT_RULE_H_
#define TKP_CORE_COUNT_RULE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tkp {

// True for a token printed like a count: digits, optionally grouped with
// '.' or ',' and optionally signed ("1.209", "11,031", "-3"), beginning
// and ending with a digit. "6." and "2024," end a sentence or a clause,
// so they are prose; whether a count-like token is a valid count is
// ReadCount's question.
constexpr bool LooksLikeCount(std::string_view token) noexcept {
  if (!token.empty() && (token.front() == '-' || token.front() == '+')) {
    token.remove_prefix(1);
  }
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (token.empty() || !digit(token.front()) || !digit(token.back())) {
    return false;
  }
  for (const char c : token) {
    if (!digit(c) && c != '.' && c != ',') return false;
  }
  return true;
}

// 8169 -> "8.169", as Dutch documents print counts.
inline std::string FormatCount(int64_t value) {
  const std::string digits = std::to_string(
      value < 0 ? -static_cast<uint64_t>(value) : static_cast<uint64_t>(value));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

// A count read from its printed form, or why it is not one.
struct CountReading {
  std::optional<int64_t> value;
  std::string error;  // e.g. "\"1.2.3\" is not a whole count (...)"
};

// Digits grouped by '.' or ',' in threes ("1.209", "11,031", "326"), an
// optional leading '+', at most `max`. Negative, fractional and malformed
// counts are refused with a reason that quotes the text but names no
// place: callers add it.
inline CountReading ReadCount(std::string_view text, int64_t max) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  const auto fail = [](std::string error) {
    return CountReading{std::nullopt, std::move(error)};
  };
  const std::string grouping =
      quoted + " is not a whole count (separators must group three digits)";
  if (text.empty()) return fail("an empty cell");
  if (text.front() == '-')
    return fail(quoted + " is negative; counts cannot be");
  if (text.front() == '+') text.remove_prefix(1);
  int64_t value = 0;
  int digits_in_group = 0;
  bool grouped = false;
  for (const char c : text) {
    if (c == '.' || c == ',') {
      // A separator needs 1-3 digits before it (3 after the first).
      if (digits_in_group == 0 || digits_in_group > 3 ||
          (grouped && digits_in_group != 3)) {
        return fail(grouping);
      }
      grouped = true;
      digits_in_group = 0;
      continue;
    }
    if (c < '0' || c > '9') return fail(quoted + " is not a number");
    value = value * 10 + (c - '0');
    ++digits_in_group;
    if (value > max) {
      return fail(quoted + " is too large (at most " + FormatCount(max) + ")");
    }
  }
  if (digits_in_group == 0 || (grouped && digits_in_group != 3)) {
    return fail(grouping);
  }
  return {value, ""};
}

}  // namespace tkp

#endif  // TKP_CORE_COUNT_RULE_H_
