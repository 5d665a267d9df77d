// A route's query parameters, checked: an unknown one is an error that
// lists the known ones (a misspelt "perod" must not silently give the
// latest quarter), and a period is "2023Q3".

#ifndef TKP_SERVER_HTTP_QUERY_PARAMETERS_H_
#define TKP_SERVER_HTTP_QUERY_PARAMETERS_H_

#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/http/request_target.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp::http {

// INVALID_ARGUMENT naming the first parameter `route` does not know.
absl::Status CheckParameters(const RequestTarget& target,
                             const std::set<std::string>& known,
                             absl::string_view route);

// The parameter's value, "" when absent.
std::string Parameter(const RequestTarget& target, const std::string& name);

// ?`name`=2023Q3 as a period; unset (year 0) when absent or empty.
absl::StatusOr<v1::Period> PeriodParameter(const RequestTarget& target,
                                           const std::string& name);

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_QUERY_PARAMETERS_H_
