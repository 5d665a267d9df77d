#include "server/call_scope.h"

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "server/grpc_status.h"
#include "server/log.h"

namespace tkp {

absl::Status Admit(const ServiceEnvironment& env,
                   const grpc::CallbackServerContext& context, Role role) {
  if (env.gate->draining.load()) {
    return absl::UnavailableError("the server is shutting down");
  }
  absl::Status status = env.auth->Check(context.client_metadata(), role);
  if (status.ok() && !env.store->ready()) {
    status = absl::UnavailableError(
        "the server is still restoring its data dir; try again shortly");
  }
  return status;
}

namespace {

// A unary reactor that leaves the gate when gRPC is done with the call,
// i.e. once the answer has gone out: leaving at Finish would let a draining
// server shut down (and cancel the call) before an acknowledged import's
// answer reached its client.
class GatedReactor final : public grpc::ServerUnaryReactor {
 public:
  explicit GatedReactor(CallGate* gate) : gate_(gate) {}
  void OnDone() override {
    gate_->in_flight.fetch_sub(1);
    delete this;
  }

 private:
  CallGate* const gate_;
};

}  // namespace

CallScope::CallScope(const ServiceEnvironment& env, absl::string_view method,
                     Role role, grpc::CallbackServerContext* context,
                     const google::protobuf::MessageLite& request)
    : metrics_(env.metrics),
      gate_(env.gate),
      method_(method),
      context_(context),
      start_(absl::Now()),
      request_bytes_(request.ByteSizeLong()) {
  gate_->in_flight.fetch_add(1);
  admission_ = Admit(env, *context, role);
}

grpc::ServerUnaryReactor* CallScope::Finish(
    const absl::Status& status, const google::protobuf::MessageLite& response,
    absl::string_view detail) {
  const size_t response_bytes = status.ok() ? response.ByteSizeLong() : 0;
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
  metrics_->RecordCall(method_, status.code(), seconds);
  LogLine(absl::StrFormat(
      "call method=%s peer=%s code=%s ms=%.3f in=%d out=%d%s%s%s", method_,
      context_->peer(), absl::StatusCodeToString(status.code()), seconds * 1000,
      request_bytes_, response_bytes, detail.empty() ? "" : " ", detail,
      status.ok() ? "" : absl::StrFormat(" error=%s", status.message())));
  auto* reactor = new GatedReactor(gate_);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

}  // namespace tkp
