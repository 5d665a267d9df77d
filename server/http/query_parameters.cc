#include "server/http/query_parameters.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/period.h"
#include "proto/period_conversion.h"

namespace tkp::http {

absl::Status CheckParameters(const RequestTarget& target,
                             const std::set<std::string>& known,
                             absl::string_view route) {
  for (const auto& [name, value] : target.query) {
    if (known.count(name) == 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown query parameter \"", name, "\" for ", route,
          "; known: ", known.empty() ? "none" : absl::StrJoin(known, ", ")));
    }
  }
  return absl::OkStatus();
}

std::string Parameter(const RequestTarget& target, const std::string& name) {
  const auto found = target.query.find(name);
  return found == target.query.end() ? std::string() : found->second;
}

absl::StatusOr<v1::Period> PeriodParameter(const RequestTarget& target,
                                           const std::string& name) {
  const std::string text = Parameter(target, name);
  if (text.empty()) return v1::Period();
  absl::StatusOr<PeriodKey> period = ParsePeriod(text);
  if (!period.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, "=", text, ": ", period.status().message()));
  }
  return ToProto(*period);
}

}  // namespace tkp::http
