// Numbers and periods as the publications print them: counts with Dutch
// thousands separators ("1.209"), and quarters written "2021Q3".

#ifndef TKP_PLUGINS_SDK_NUMBERS_H_
#define TKP_PLUGINS_SDK_NUMBERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tkp::sdk {

// A count read from its printed form, or why it is not one.
struct CountReading {
  std::optional<int64_t> value;
  std::string error;  // e.g. "\"1.2.3\" is not a whole count (...)"
};

// Digits grouped by '.' or ',' in threes ("1.209", "11,031", "326"), an
// optional leading '+', at most `max`. Negative, fractional and malformed
// counts are refused with a reason.
CountReading ReadCount(std::string_view text, int64_t max);

// "1.209" for 1209.
std::string FormatCount(int64_t value);

// The first "2021Q3"-style period in `text` (a file name, a sheet name):
// four digits, 'Q' or 'q', a quarter 1-4, not inside a longer number.
struct YearQuarter {
  int year = 0;
  int quarter = 0;
};
std::optional<YearQuarter> FindPeriodCode(std::string_view text);

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_NUMBERS_H_
