// Cross-origin reads from browsers (--http-cors-origin): a dashboard or a
// notebook served from another origin may read the API only where the
// operator named that origin. Off unless origins are named: without the
// header a browser keeps another origin's page from reading the answers.

#ifndef TKP_SERVER_HTTP_CORS_H_
#define TKP_SERVER_HTTP_CORS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/http/http_api.h"

namespace tkp::http {

class CorsPolicy {
 public:
  // What a preflight answers: the API's methods, and the headers a page
  // may send (a token; where a watch resumes).
  static constexpr char kAllowMethods[] = "GET, HEAD";
  static constexpr char kAllowHeaders[] = "Authorization, Last-Event-ID";
  // How long a browser may keep a preflight's answer.
  static constexpr char kMaxAgeSeconds[] = "600";

  // No origin: cross-origin reads stay off.
  CorsPolicy() = default;

  // `origins` as the flag gives them: each "scheme://host[:port]" as a
  // browser sends it in Origin (no path, no trailing slash), or "*" for
  // any. Anything else is refused, naming it.
  static absl::StatusOr<CorsPolicy> Create(
      const std::vector<std::string>& origins);

  // The Access-Control-Allow-Origin for a request's Origin header: the
  // origin itself where it is named (or any is allowed); nullopt where it
  // is not, or the request has none.
  std::optional<std::string> AllowOrigin(
      std::optional<absl::string_view> origin) const;

  // A browser's preflight for a cross-origin read from an origin the
  // operator named: what it may send and for how long to keep the answer.
  static HttpAnswer PreflightAnswer();

 private:
  std::vector<std::string> origins_;
  bool any_ = false;
};

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_CORS_H_
