#include "plugins/sdk/numbers.h"

namespace tkp::sdk {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

CountReading ReadCount(std::string_view text, int64_t max) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  const auto fail = [](std::string error) {
    return CountReading{std::nullopt, std::move(error)};
  };
  const std::string grouping =
      quoted + " is not a whole count (separators must group three digits)";
  if (text.empty()) return fail("an empty cell");
  if (text[0] == '-') return fail(quoted + " is negative; counts cannot be");
  if (text[0] == '+') text.remove_prefix(1);
  int64_t value = 0;
  int digits_in_group = 0;
  bool grouped = false;
  for (char c : text) {
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
    if (!IsDigit(c)) return fail(quoted + " is not a number");
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

std::string FormatCount(int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
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
