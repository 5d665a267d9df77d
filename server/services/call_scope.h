// What every RPC does around its real work: admit the call (the caller's
// token allows it, the data dir is restored), count it in the metrics and,
// when the log policy asks for it, write one structured log line: method,
// peer, status code, duration, bytes.

#ifndef TKP_SERVER_SERVICES_CALL_SCOPE_H_
#define TKP_SERVER_SERVICES_CALL_SCOPE_H_

#include <google/protobuf/message_lite.h>
#include <grpcpp/server_context.h>

#include <atomic>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/region_catalog.h"
#include "server/ops/metrics.h"
#include "server/services/token_auth.h"
#include "server/store/store.h"

namespace tkp {

// What the services share; the pointers are not owned and outlive them.
// Calls under way, and whether the server is draining them to stop: then
// new calls are refused, and shutdown need not wait out its grace period
// for connections that are merely open.
struct CallGate {
  std::atomic<int> in_flight{0};
  std::atomic<bool> draining{false};
};

// Which finished calls get a log line. Every call is counted in the metrics
// either way; a line per successful read would cost a write per call, and
// at tens of thousands of reads a second be noise.
enum class CallLogging {
  kAll,      // every call
  kChanges,  // ImportService calls (imports, removals, reloads) and failures
  kErrors,   // failed calls only
};

struct ServiceEnvironment {
  const Store* store = nullptr;
  const RegionCatalog* catalog = nullptr;
  const TokenAuthenticator* auth = nullptr;
  Metrics* metrics = nullptr;
  CallGate* gate = nullptr;
  CallLogging call_logging = CallLogging::kChanges;
};

// Whether a call may go ahead: not while shutting down, not without a token
// that allows `role`, not before the data dir is restored.
absl::Status Admit(const ServiceEnvironment& env,
                   const grpc::CallbackServerContext& context, Role role);

class CallScope {
 public:
  // `request_bytes`: the request's size, for the log line.
  CallScope(const ServiceEnvironment& env, absl::string_view method, Role role,
            grpc::CallbackServerContext* context, size_t request_bytes);
  CallScope(const ServiceEnvironment& env, absl::string_view method, Role role,
            grpc::CallbackServerContext* context,
            const google::protobuf::MessageLite& request)
      : CallScope(env, method, role, context, request.ByteSizeLong()) {}

  // OK when the call may go ahead; else the status to finish it with.
  const absl::Status& admission() const { return admission_; }

  // Finishes the call, counts it and logs it as the policy says; `detail`
  // (may be empty) is appended to the log line. `response_bytes` (the
  // answer's size, for the log line) counts only when the status is OK.
  grpc::ServerUnaryReactor* Finish(const absl::Status& status,
                                   size_t response_bytes,
                                   absl::string_view detail = "");
  grpc::ServerUnaryReactor* Finish(
      const absl::Status& status, const google::protobuf::MessageLite& response,
      absl::string_view detail = "") {
    return Finish(status, status.ok() ? response.ByteSizeLong() : 0, detail);
  }

 private:
  Metrics* const metrics_;
  CallGate* const gate_;
  const CallLogging logging_;
  const Role role_;
  const absl::string_view method_;
  grpc::CallbackServerContext* const context_;
  const size_t request_bytes_;
  const absl::Time start_;
  absl::Status admission_;
};

// CallScope for a server-streaming call (ExportFigures, WatchPublications):
// admitted, counted and logged as a unary call is, once the stream ends.
// Owned by the stream's reactor, which calls Ended with its final status
// from OnDone. `gated`: the stream holds the server's shutdown back while
// it runs, as a unary call does (an export: a client's file would be cut
// off). A watch is not gated: it never ends by itself, so shutdown ends it
// (cancelled) once the gated calls are done.
class StreamScope {
 public:
  StreamScope(const ServiceEnvironment& env, absl::string_view method,
              grpc::CallbackServerContext* context,
              const google::protobuf::MessageLite& request, bool gated);
  StreamScope(const StreamScope&) = delete;
  StreamScope& operator=(const StreamScope&) = delete;
  // Leaves the gate if Ended was never called: a safety net, for a reactor
  // deleted without its OnDone.
  ~StreamScope();

  const absl::Status& admission() const { return admission_; }

  // Counts the stream and logs it as the policy says; `detail` as for
  // CallScope. A stream its client cancelled ended as clients end streams:
  // counted as CANCELLED, logged like a success.
  void Ended(const grpc::Status& status, size_t response_bytes,
             absl::string_view detail = "");

 private:
  Metrics* const metrics_;
  CallGate* const gate_;  // null when not gated
  const CallLogging logging_;
  const absl::string_view method_;
  const std::string peer_;
  const size_t request_bytes_;
  const absl::Time start_;
  absl::Status admission_;
  bool ended_ = false;
};

}  // namespace tkp

#endif  // TKP_SERVER_SERVICES_CALL_SCOPE_H_
