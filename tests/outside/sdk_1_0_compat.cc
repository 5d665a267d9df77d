// Compiled against the installed SDK by sdk_plugin_test.py: the SDK
// functions a plugin written against tkp 1.0 called, called as it called
// them. If this stops compiling, the SDK broke its promise (plugins/README:
// removing or changing an installed SDK header is a major version).
#include <cstdint>
#include <optional>
#include <string>

#include "plugins/sdk/numbers.h"

int CheckedCount(std::string_view cell) {
  const tkp::sdk::CountReading reading = tkp::sdk::ReadCount(cell, 1000000);
  if (!reading.value.has_value()) return reading.error.empty() ? -2 : -1;
  const std::string printed = tkp::sdk::FormatCount(*reading.value);
  const std::optional<tkp::sdk::YearQuarter> period =
      tkp::sdk::FindPeriodCode("kwartaal-2021Q3.txt");
  return static_cast<int>(*reading.value) + (period ? period->quarter : 0) +
         static_cast<int>(printed.size());
}
