// Counts and periods as the publications print them: counts with Dutch
// thousands separators ("1.209"), and quarters written "2021Q3". The
// header of tkp 1.0's SDK, kept so plugins written against it compile
// unchanged: what a count is lives in core/count_rule.h (installed with
// the SDK), the period code in plugins/sdk/text.h.

#ifndef TKP_PLUGINS_SDK_NUMBERS_H_
#define TKP_PLUGINS_SDK_NUMBERS_H_

#include "core/count_rule.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

// A count read from its printed form, or why it is not one.
using ::tkp::CountReading;

// Digits grouped by '.' or ',' in threes ("1.209", "11,031", "326"), an
// optional leading '+', at most `max`. Negative, fractional and malformed
// counts are refused with a reason.
using ::tkp::ReadCount;

// "1.209" for 1209.
using ::tkp::FormatCount;

// FindPeriodCode and YearQuarter come with plugins/sdk/text.h.

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_NUMBERS_H_
