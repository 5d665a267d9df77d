// A server stream refused before it began (no token, still restoring,
// shutting down, a bad request): finishes at once with the status, is
// counted and logged by its scope, and deletes itself.

#ifndef TKP_SERVER_SERVICES_REFUSED_STREAM_H_
#define TKP_SERVER_SERVICES_REFUSED_STREAM_H_

#include <grpcpp/support/server_callback.h>

#include <memory>
#include <utility>

#include "server/services/call_scope.h"
#include "server/services/grpc_status.h"

namespace tkp {

template <typename Response>
class RefusedStream final : public grpc::ServerWriteReactor<Response> {
 public:
  // `scope`: the call's, told of the refusal once it has gone out.
  RefusedStream(std::unique_ptr<StreamScope> scope, const absl::Status& status)
      : scope_(std::move(scope)), status_(ToGrpcStatus(status)) {
    this->Finish(status_);
  }
  void OnDone() override {
    scope_->Ended(status_, 0);
    delete this;
  }

 private:
  const std::unique_ptr<StreamScope> scope_;
  const grpc::Status status_;
};

}  // namespace tkp

#endif  // TKP_SERVER_SERVICES_REFUSED_STREAM_H_
