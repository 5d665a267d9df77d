// A request's target (RFC 9112's origin-form, "/v1/regions/Groot%20
// Amsterdam/totals?period=2023Q3"), split into its path's segments and its
// query's parameters, each percent-decoded. Written by hand: Boost.URL is
// not in Debian 12's Boost (1.74), and the API needs only this much.

#ifndef TKP_SERVER_HTTP_REQUEST_TARGET_H_
#define TKP_SERVER_HTTP_REQUEST_TARGET_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp::http {

struct RequestTarget {
  std::vector<std::string> segments;  // "/v1/coverage": {"v1", "coverage"}
  std::map<std::string, std::string> query;
};

// INVALID_ARGUMENT for a target that is not a path, a bad percent-escape,
// a decoded NUL, or a parameter given twice.
absl::StatusOr<RequestTarget> ParseRequestTarget(absl::string_view target);

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_REQUEST_TARGET_H_
