#include "core/dutch_count.h"

#include <string_view>

#include "core/count_rule.h"

namespace tkp {

absl::StatusOr<int64_t> ParseDutchCount(absl::string_view text) {
  CountReading reading =
      ReadCount(std::string_view(text.data(), text.size()), kMaxCount);
  if (!reading.value.has_value()) {
    return absl::InvalidArgumentError(reading.error);
  }
  return *reading.value;
}

std::string FormatDutchCount(int64_t value) { return FormatCount(value); }

}  // namespace tkp
