// Asking a server's grpc.health.v1 service, as a load balancer or a
// Kubernetes probe does.

#ifndef TKP_TESTS_SUPPORT_HEALTH_CHECK_H_
#define TKP_TESTS_SUPPORT_HEALTH_CHECK_H_

#include <grpcpp/grpcpp.h>

#include <string>

#include "proto/health_client.grpc.pb.h"

namespace tkp::testing {

using HealthStatus = grpc::health::v1::HealthCheckResponse;

// The status of `service` ("" for the server as a whole) at `address`,
// over plaintext; the call's own status in *call_status.
HealthStatus::ServingStatus Health(const std::string& address,
                                   const std::string& service,
                                   grpc::Status* call_status);

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_HEALTH_CHECK_H_
