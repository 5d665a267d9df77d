// Between the domain's period (core/period.h) and the API's message: the one
// place both sides of the wire convert, so the CLI and the server agree.

#ifndef TKP_PROTO_PERIOD_CONVERSION_H_
#define TKP_PROTO_PERIOD_CONVERSION_H_

#include "core/period.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

PeriodKey FromProto(const v1::Period& period);
v1::Period ToProto(PeriodKey period);

// A request's period is absent when the message is unset or all zero.
bool IsSet(const v1::Period& period);

}  // namespace tkp

#endif  // TKP_PROTO_PERIOD_CONVERSION_H_
