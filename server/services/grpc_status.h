// absl::Status -> grpc::Status, at the service boundary only.

#ifndef TKP_SERVER_GRPC_STATUS_H_
#define TKP_SERVER_GRPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace tkp {

// The canonical codes are the same numbers in both.
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace tkp

#endif  // TKP_SERVER_GRPC_STATUS_H_
