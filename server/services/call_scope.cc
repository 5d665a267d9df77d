#include "server/services/call_scope.h"

#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "server/services/grpc_status.h"
#include "server/util/log.h"

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
  // OnDone only decrements a counter, so gRPC may run it on the thread that
  // finished the call, as it does for its own default reactor. Otherwise it
  // is handed to gRPC's callback executor: a thread switch per call, which
  // cost about a fifth of a read's throughput (measured with tkp-bench).
  // gRPC marks this hook as meant for its own trivial reactors; ours is one.
  bool InternalInlineable() override { return true; }

 private:
  CallGate* const gate_;
};

// Whether the policy logs a finished call of `role` that ended with `code`.
bool Logged(CallLogging logging, Role role, absl::StatusCode code) {
  const bool ok = code == absl::StatusCode::kOk;
  switch (logging) {
    case CallLogging::kAll:
      return true;
    case CallLogging::kChanges:
      return !ok || role == Role::kImporter;
    case CallLogging::kErrors:
      return !ok;
  }
  return true;
}

void LogCall(absl::string_view method, absl::string_view peer,
             const absl::Status& status, double seconds, size_t request_bytes,
             size_t response_bytes, absl::string_view detail) {
  LogLine(absl::StrFormat(
      "call method=%s peer=%s code=%s ms=%.3f in=%d out=%d%s%s%s", method, peer,
      absl::StatusCodeToString(status.code()), seconds * 1000, request_bytes,
      response_bytes, detail.empty() ? "" : " ", detail,
      status.ok() ? "" : absl::StrFormat(" error=%s", status.message())));
}

}  // namespace

CallScope::CallScope(const ServiceEnvironment& env, absl::string_view method,
                     Role role, grpc::CallbackServerContext* context,
                     size_t request_bytes)
    : metrics_(env.metrics),
      gate_(env.gate),
      logging_(env.call_logging),
      role_(role),
      method_(method),
      context_(context),
      request_bytes_(request_bytes),
      start_(absl::Now()) {
  gate_->in_flight.fetch_add(1);
  admission_ = Admit(env, *context, role);
}

grpc::ServerUnaryReactor* CallScope::Finish(const absl::Status& status,
                                            size_t response_bytes,
                                            absl::string_view detail) {
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
  metrics_->RecordCall(method_, status.code(), seconds);
  if (Logged(logging_, role_, status.code())) {
    // A refused call sent no answer.
    LogCall(method_, context_->peer(), status, seconds, request_bytes_,
            status.ok() ? response_bytes : 0, detail);
  }
  auto* reactor = new GatedReactor(gate_);
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

StreamScope::StreamScope(const ServiceEnvironment& env,
                         absl::string_view method,
                         grpc::CallbackServerContext* context,
                         const google::protobuf::MessageLite& request,
                         bool gated)
    : metrics_(env.metrics),
      gate_(gated ? env.gate : nullptr),
      logging_(env.call_logging),
      method_(method),
      peer_(context->peer()),
      request_bytes_(request.ByteSizeLong()),
      start_(absl::Now()) {
  if (gate_ != nullptr) gate_->in_flight.fetch_add(1);
  admission_ = Admit(env, *context, Role::kReader);
}

StreamScope::~StreamScope() {
  if (!ended_ && gate_ != nullptr) gate_->in_flight.fetch_sub(1);
}

void StreamScope::Ended(const grpc::Status& status, size_t response_bytes,
                        absl::string_view detail) {
  if (ended_) return;
  ended_ = true;
  const absl::Status ended(static_cast<absl::StatusCode>(status.error_code()),
                           status.error_message());
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start_);
  metrics_->RecordCall(method_, ended.code(), seconds);
  const bool by_client = ended.code() == absl::StatusCode::kCancelled;
  if (Logged(logging_, Role::kReader,
             by_client ? absl::StatusCode::kOk : ended.code())) {
    LogCall(method_, peer_, ended, seconds, request_bytes_, response_bytes,
            detail);
  }
  if (gate_ != nullptr) gate_->in_flight.fetch_sub(1);
}

}  // namespace tkp
