// A quarter of a year: parsing "2021Q3" as operators type it, ordering, and
// printing.

#ifndef TKP_SERVER_PERIOD_H_
#define TKP_SERVER_PERIOD_H_

#include <compare>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tkp/v1/tkp.pb.h"

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

PeriodKey FromProto(const v1::Period& period);
v1::Period ToProto(PeriodKey period);

// A request's period is absent when the message is unset or all zero.
bool IsSet(const v1::Period& period);

}  // namespace tkp

#endif  // TKP_SERVER_PERIOD_H_
