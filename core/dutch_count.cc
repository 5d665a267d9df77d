#include "core/dutch_count.h"

#include "absl/strings/str_cat.h"

namespace tkp {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

absl::StatusOr<int64_t> ParseDutchCount(absl::string_view text) {
  const std::string quoted = absl::StrCat("\"", text, "\"");
  const auto fail = [](absl::string_view error) {
    return absl::InvalidArgumentError(error);
  };
  const std::string grouping = absl::StrCat(
      quoted, " is not a whole count (separators must group three digits)");
  if (text.empty()) return fail("an empty cell");
  if (text[0] == '-')
    return fail(absl::StrCat(quoted, " is negative; counts cannot be"));
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
    if (!IsDigit(c)) return fail(absl::StrCat(quoted, " is not a number"));
    value = value * 10 + (c - '0');
    ++digits_in_group;
    if (value > kMaxCount) {
      return fail(absl::StrCat(quoted, " is too large (at most ",
                               FormatDutchCount(kMaxCount), ")"));
    }
  }
  if (digits_in_group == 0 || (grouped && digits_in_group != 3)) {
    return fail(grouping);
  }
  return value;
}

std::string FormatDutchCount(int64_t value) {
  const std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += '.';
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

}  // namespace tkp
