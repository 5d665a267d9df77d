// The read API over HTTP/JSON (/v1/...), answered from one snapshot by the
// same queries as the gRPC service (server/queries/): a pure function of
// a request's method and target, so every byte of an answer is tested
// without a network. Errors are JSON too, {"code", "message", "details"},
// with the HTTP status grpc-gateway gives the gRPC code.
//
// Routes (GET or HEAD; {r}: a region's name in any known spelling, its
// number, or its CBS code "AMnn"):
//   /v1/publications[?region=]
//   /v1/regions/{r}/totals[?period=2023Q3]         (default: the latest)
//   /v1/regions/{r}/municipalities[?period=]
//   /v1/coverage[?period=&sort=coverage|profile_share|total|register_size]

#ifndef TKP_SERVER_HTTP_HTTP_API_H_
#define TKP_SERVER_HTTP_HTTP_API_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/ops/metrics.h"
#include "server/store/snapshot.h"

namespace tkp::http {

struct HttpAnswer {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // More headers ("Name", "value"), beside those every answer has.
  std::vector<std::pair<std::string, std::string>> headers;
  // Where set, the body instead of `body`: its parts, each asked for in
  // turn until it gives none, sent as HTTP chunks as they are made (an
  // export). It holds what it reads (the snapshot). A connection that
  // fails part-way ends without the last chunk: a client sees a cut-off
  // answer, never a clean short file.
  std::function<std::optional<std::string>()> next_part;
};

// The HTTP status for a gRPC code, as grpc-gateway maps them.
int HttpStatusOf(absl::StatusCode code);

// `status` as a JSON error answer.
HttpAnswer ErrorAnswer(const absl::Status& status);

// 405 for `method` where only the `allowed` ones ("GET, HEAD") are.
HttpAnswer MethodNotAllowed(absl::string_view method,
                            absl::string_view allowed);

// Prometheus's scrape (/metrics), as --metrics-listen answers it.
HttpAnswer MetricsAnswer(const Metrics& metrics, absl::string_view method);

class HttpApi {
 public:
  HttpApi(const RegionCatalog& regions,
          const MunicipalityCatalog& municipalities)
      : regions_(regions), municipalities_(municipalities) {}

  // `method` as sent ("GET"); `target` the request line's target.
  HttpAnswer Answer(absl::string_view method, absl::string_view target,
                    const std::shared_ptr<const Snapshot>& snapshot) const;

 private:
  const RegionCatalog& regions_;
  const MunicipalityCatalog& municipalities_;
};

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_HTTP_API_H_
