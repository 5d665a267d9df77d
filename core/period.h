// A quarter of a year: parsing "2021Q3" as operators type it, ordering, and
// printing.

#ifndef TKP_CORE_PERIOD_H_
#define TKP_CORE_PERIOD_H_

#include <compare>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp {

struct PeriodKey {
  int year = 0;
  int quarter = 0;

  // clang-tidy 14 mistakes the defaulted comparison for a literal 0.
  auto operator<=>(const PeriodKey&) const =
      default;  // NOLINT(modernize-use-nullptr)
};

// The years a publication may be for; anything else is a typo.
inline constexpr int kFirstYear = 2000;
inline constexpr int kLastYear = 2099;

// Parses "2021Q3" (also "2021-Q3", "2021q3", "Q3 2021").
absl::StatusOr<PeriodKey> ParsePeriod(absl::string_view text);

// Checks the quarter and the year range.
absl::Status CheckPeriod(PeriodKey period);

// "2021Q3".
std::string FormatPeriod(PeriodKey period);

}  // namespace tkp

#endif  // TKP_CORE_PERIOD_H_
