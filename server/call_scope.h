// What every RPC does around its real work: admit the call (the caller's
// token allows it, the data dir is restored) and, when it ends, write one
// structured log line: method, peer, status code, duration, bytes.

#ifndef TKP_SERVER_CALL_SCOPE_H_
#define TKP_SERVER_CALL_SCOPE_H_

#include <google/protobuf/message_lite.h>
#include <grpcpp/server_context.h>

#include <atomic>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/figure_store.h"
#include "server/metrics.h"
#include "server/region_catalog.h"
#include "server/token_auth.h"

namespace tkp {

// What the services share; the pointers are not owned and outlive them.
// Calls under way, and whether the server is draining them to stop: then
// new calls are refused, and shutdown need not wait out its grace period
// for connections that are merely open.
struct CallGate {
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
};

struct ServiceEnvironment {
  const FigureStore* store = nullptr;
  const RegionCatalog* catalog = nullptr;
  const TokenAuthenticator* auth = nullptr;
  Metrics* metrics = nullptr;
  CallGate* gate = nullptr;
};

// Whether a call may go ahead: not while shutting down, not without a token
// that allows `role`, not before the data dir is restored.
absl::Status Admit(const ServiceEnvironment& env,
                   const grpc::CallbackServerContext& context, Role role);

class CallScope {
 public:
  CallScope(const ServiceEnvironment& env, absl::string_view method, Role role,
            grpc::CallbackServerContext* context,
            const google::protobuf::MessageLite& request);

  // OK when the call may go ahead; else the status to finish it with.
  const absl::Status& admission() const { return admission_; }

  // Finishes the call and logs it; `detail` (may be empty) is appended to the
  // log line. `response` counts only when the status is OK.
  grpc::ServerUnaryReactor* Finish(
      const absl::Status& status, const google::protobuf::MessageLite& response,
      absl::string_view detail = "");

 private:
  Metrics* const metrics_;
  CallGate* const gate_;
  const absl::string_view method_;
  grpc::CallbackServerContext* const context_;
  const absl::Time start_;
  const size_t request_bytes_;
  absl::Status admission_;
};

}  // namespace tkp

#endif  // TKP_SERVER_CALL_SCOPE_H_
