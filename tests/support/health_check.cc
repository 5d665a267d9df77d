#include "tests/support/health_check.h"

#include <chrono>

namespace tkp::testing {

HealthStatus::ServingStatus Health(const std::string& address,
                                   const std::string& service,
                                   grpc::Status* call_status) {
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  HealthStatus response;
  *call_status = stub->Check(&context, request, &response);
  return response.status();
}

}  // namespace tkp::testing
