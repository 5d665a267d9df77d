// Counts as Dutch documents print them: "1.209" (a dot groups thousands),
// also "11,031" as some office software writes it. The rule itself is
// core/count_rule.h's; these are its forms for the server's Status world.

#ifndef TKP_CORE_DUTCH_COUNT_H_
#define TKP_CORE_DUTCH_COUNT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp {

// The largest count tkp stores (the API's int32).
inline constexpr int64_t kMaxCount = 2147483647;

// Parses a non-negative whole count, optionally with a leading '+'
// (ReadCount with kMaxCount). Thousands separators ('.' or ',') must group
// three digits ("1.209", not "1.2"; a decimal comma is refused). Errors
// say what was found in words, without a location: callers add it.
absl::StatusOr<int64_t> ParseDutchCount(absl::string_view text);

// 8169 -> "8.169", for messages that quote figures as documents print them.
std::string FormatDutchCount(int64_t value);

}  // namespace tkp

#endif  // TKP_CORE_DUTCH_COUNT_H_
