#include "core/period.h"

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace tkp {

absl::StatusOr<PeriodKey> ParsePeriod(absl::string_view text) {
  std::string compact = absl::AsciiStrToUpper(absl::StrReplaceAll(
      absl::StripAsciiWhitespace(text), {{"-", ""}, {" ", ""}}));
  // "Q32021" -> "2021Q3".
  if (compact.size() == 6 && compact[0] == 'Q') {
    compact = compact.substr(2) + compact.substr(0, 2);
  }
  PeriodKey period;
  if (compact.size() != 6 || compact[4] != 'Q' ||
      !absl::SimpleAtoi(compact.substr(0, 4), &period.year) ||
      !absl::SimpleAtoi(compact.substr(5, 1), &period.quarter)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "period \"", text, "\" is not of the form 2021Q3 (year, Q, quarter)"));
  }
  if (absl::Status status = CheckPeriod(period); !status.ok()) return status;
  return period;
}

absl::Status CheckPeriod(PeriodKey period) {
  if (period.quarter < 1 || period.quarter > 4) {
    return absl::InvalidArgumentError(absl::StrCat(
        "quarter ", period.quarter, " does not exist; use 1 to 4"));
  }
  if (period.year < kFirstYear || period.year > kLastYear) {
    return absl::InvalidArgumentError(absl::StrCat(
        "year ", period.year, " is outside ", kFirstYear, "-", kLastYear));
  }
  return absl::OkStatus();
}

std::string FormatPeriod(PeriodKey period) {
  return absl::StrCat(period.year, "Q", period.quarter);
}

}  // namespace tkp
