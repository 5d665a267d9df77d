#include "server/http/cors.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace tkp::http {
namespace {

// "https://dash.example.nl" or "http://localhost:8080": a scheme, "://",
// a host of letters, digits, dots and dashes, and a port; nothing after.
bool IsOrigin(absl::string_view origin) {
  const size_t scheme_end = origin.find("://");
  if (scheme_end == absl::string_view::npos || scheme_end == 0) return false;
  const absl::string_view scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  const absl::string_view rest = origin.substr(scheme_end + 3);
  const size_t colon = rest.find(':');
  const absl::string_view host = rest.substr(0, colon);
  const bool host_ok =
      !host.empty() && std::all_of(host.begin(), host.end(), [](char c) {
        return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '.' ||
               c == '-';
      });
  if (!host_ok) return false;
  if (colon == absl::string_view::npos) return true;
  const absl::string_view port = rest.substr(colon + 1);
  return !port.empty() && port.size() <= 5 &&
         std::all_of(port.begin(), port.end(), [](char c) {
           return absl::ascii_isdigit(static_cast<unsigned char>(c));
         });
}

}  // namespace

absl::StatusOr<CorsPolicy> CorsPolicy::Create(
    const std::vector<std::string>& origins) {
  CorsPolicy policy;
  for (const std::string& origin : origins) {
    if (origin == "*") {
      policy.any_ = true;
      continue;
    }
    if (!IsOrigin(origin)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--http-cors-origin \"", origin,
          "\" is not an origin: give it as a browser sends it, "
          "scheme://host[:port] with no path (\"https://dash.example.nl\"), "
          "or * for any"));
    }
    // Browsers send the scheme and host in lower case.
    policy.origins_.push_back(absl::AsciiStrToLower(origin));
  }
  return policy;
}

std::optional<std::string> CorsPolicy::AllowOrigin(
    std::optional<absl::string_view> origin) const {
  if (!origin || origin->empty()) return std::nullopt;
  if (any_) return "*";
  const std::string asked = absl::AsciiStrToLower(*origin);
  if (std::find(origins_.begin(), origins_.end(), asked) == origins_.end()) {
    return std::nullopt;
  }
  return std::string(*origin);
}

HttpAnswer CorsPolicy::PreflightAnswer() {
  HttpAnswer answer;
  answer.status = 204;
  answer.content_type.clear();
  answer.headers = {{"Access-Control-Allow-Methods", kAllowMethods},
                    {"Access-Control-Allow-Headers", kAllowHeaders},
                    {"Access-Control-Max-Age", kMaxAgeSeconds}};
  return answer;
}

}  // namespace tkp::http
