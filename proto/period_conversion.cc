#include "proto/period_conversion.h"

namespace tkp {

PeriodKey FromProto(const v1::Period& period) {
  return {period.year(), period.quarter()};
}

v1::Period ToProto(PeriodKey period) {
  v1::Period proto;
  proto.set_year(period.year);
  proto.set_quarter(period.quarter);
  return proto;
}

bool IsSet(const v1::Period& period) {
  return period.year() != 0 || period.quarter() != 0;
}

}  // namespace tkp
