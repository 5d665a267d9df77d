#include "server/dutch_number.h"

#include "plugins/sdk/numbers.h"

namespace tkp {

absl::StatusOr<int64_t> ParseDutchCount(absl::string_view text) {
  // One reading of printed counts, shared with the plugins (the SDK).
  const sdk::CountReading reading =
      sdk::ReadCount(std::string_view(text.data(), text.size()), kMaxCount);
  if (!reading.value) return absl::InvalidArgumentError(reading.error);
  return *reading.value;
}

std::string FormatDutchCount(int64_t value) { return sdk::FormatCount(value); }

}  // namespace tkp
