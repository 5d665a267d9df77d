// A small HTTP server (Boost.Beast) that answers GET /metrics with the
// Prometheus text of a Metrics, on its own port and thread, apart from the
// gRPC port.

#ifndef TKP_SERVER_OPS_METRICS_HTTP_SERVER_H_
#define TKP_SERVER_OPS_METRICS_HTTP_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "server/ops/metrics.h"

namespace tkp {

class MetricsHttpServer {
 public:
  // Listens on HOST:PORT (port 0: any free port) and serves on a thread of
  // its own until destroyed. `metrics` must outlive the server.
  static absl::StatusOr<std::unique_ptr<MetricsHttpServer>> Start(
      const std::string& listen, const Metrics* metrics);

  ~MetricsHttpServer();

  int port() const;

 private:
  struct State;
  explicit MetricsHttpServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tkp

#endif  // TKP_SERVER_OPS_METRICS_HTTP_SERVER_H_
