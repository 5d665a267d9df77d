#include "server/http/http_api.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/period.h"
#include "proto/period_conversion.h"
#include "server/http/export_route.h"
#include "server/http/json_records.h"
#include "server/http/query_parameters.h"
#include "server/http/request_target.h"
#include "server/queries/figure_queries.h"
#include "server/util/status_macros.h"

namespace tkp::http {
namespace {

absl::StatusOr<v1::GetCoverageRequest::SortOrder> SortParameter(
    const RequestTarget& target) {
  const auto found = target.query.find("sort");
  if (found == target.query.end() || found->second.empty()) {
    return v1::GetCoverageRequest::SORT_ORDER_COVERAGE;
  }
  v1::GetCoverageRequest::SortOrder order;
  if (!v1::GetCoverageRequest::SortOrder_Parse(
          absl::StrCat("SORT_ORDER_", absl::AsciiStrToUpper(found->second)),
          &order) ||
      order == v1::GetCoverageRequest::SORT_ORDER_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("sort=", found->second,
                     ": sort by coverage, profile_share, total or "
                     "register_size"));
  }
  return order;
}

std::string Body(const Json& json) { return JsonText(json) + "\n"; }

absl::StatusOr<std::string> Publications(const FigureQueries& queries,
                                         const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(CheckParameters(target, {"region"}, "/v1/publications"));
  v1::ListPublicationsRequest request;
  if (const auto region = target.query.find("region");
      region != target.query.end()) {
    request.set_region(region->second);
  }
  TKP_ASSIGN_OR_RETURN(const v1::ListPublicationsResponse response,
                       queries.ListPublications(request));
  Json out = Json::array();
  for (const v1::PublicationSummary& p : response.publications()) {
    out.push_back(PublicationRecord(p));
  }
  return Body(out);
}

absl::StatusOr<std::string> Totals(const FigureQueries& queries,
                                   const std::string& region,
                                   const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(
      CheckParameters(target, {"period"}, "/v1/regions/{r}/totals"));
  v1::GetRegionTotalsRequest request;
  request.set_region(region);
  TKP_ASSIGN_OR_RETURN(*request.mutable_period(),
                       PeriodParameter(target, "period"));
  TKP_ASSIGN_OR_RETURN(const v1::RegionFigures* figures,
                       queries.GetRegionTotals(request));
  return Body(TotalsRecord(*figures));
}

absl::StatusOr<std::string> Municipalities(const FigureQueries& queries,
                                           const std::string& region,
                                           const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(
      CheckParameters(target, {"period"}, "/v1/regions/{r}/municipalities"));
  v1::ListMunicipalitiesRequest request;
  request.set_region(region);
  TKP_ASSIGN_OR_RETURN(*request.mutable_period(),
                       PeriodParameter(target, "period"));
  TKP_ASSIGN_OR_RETURN(const v1::ListMunicipalitiesResponse response,
                       queries.ListMunicipalities(request));
  Json out = Json::array();
  for (const v1::Municipality& m : response.municipalities()) {
    out.push_back(MunicipalityRecord(response.region(), response.period(), m));
  }
  return Body(out);
}

absl::StatusOr<std::string> Coverage(const FigureQueries& queries,
                                     const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(
      CheckParameters(target, {"period", "sort"}, "/v1/coverage"));
  v1::GetCoverageRequest request;
  TKP_ASSIGN_OR_RETURN(*request.mutable_period(),
                       PeriodParameter(target, "period"));
  TKP_ASSIGN_OR_RETURN(const v1::GetCoverageRequest::SortOrder sort,
                       SortParameter(target));
  request.set_sort(sort);
  TKP_ASSIGN_OR_RETURN(const v1::GetCoverageResponse response,
                       queries.GetCoverage(request));
  Json out = Json::array();
  for (const v1::RegionCoverage& r : response.regions()) {
    out.push_back(CoverageRecord(response.period(), r));
  }
  return Body(out);
}

absl::StatusOr<std::string> History(const FigureQueries& queries,
                                    const std::string& region,
                                    const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(CheckParameters(target, {}, "/v1/regions/{r}/history"));
  v1::GetRegionHistoryRequest request;
  request.set_region(region);
  TKP_ASSIGN_OR_RETURN(const v1::GetRegionHistoryResponse response,
                       queries.GetRegionHistory(request));
  Json out = Json::array();
  for (const v1::HistoryEntry& e : response.entries()) {
    out.push_back(HistoryRecord(e));
  }
  return Body(out);
}

absl::StatusOr<std::string> Changes(const FigureQueries& queries,
                                    const std::string& region,
                                    const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(
      CheckParameters(target, {"from", "to"}, "/v1/regions/{r}/changes"));
  v1::GetRegionChangesRequest request;
  request.set_region(region);
  TKP_ASSIGN_OR_RETURN(*request.mutable_from_period(),
                       PeriodParameter(target, "from"));
  TKP_ASSIGN_OR_RETURN(*request.mutable_to_period(),
                       PeriodParameter(target, "to"));
  TKP_ASSIGN_OR_RETURN(const v1::GetRegionChangesResponse response,
                       queries.GetRegionChanges(request));
  return Body(ChangeRecords(response));
}

absl::StatusOr<std::string> MunicipalityHistory(const FigureQueries& queries,
                                                const std::string& name,
                                                const RequestTarget& target) {
  TKP_RETURN_IF_ERROR(
      CheckParameters(target, {}, "/v1/municipalities/{m}/history"));
  v1::GetMunicipalityHistoryRequest request;
  request.set_municipality(name);
  TKP_ASSIGN_OR_RETURN(const v1::GetMunicipalityHistoryResponse response,
                       queries.GetMunicipalityHistory(request));
  Json out = Json::array();
  for (const v1::MunicipalityHistoryEntry& e : response.entries()) {
    out.push_back(MunicipalityHistoryRecord(response.code(), e));
  }
  return Body(out);
}

// JSON `body` as a 200 answer.
absl::StatusOr<HttpAnswer> Json200(absl::StatusOr<std::string> body) {
  if (!body.ok()) return body.status();
  HttpAnswer answer;
  answer.body = *std::move(body);
  return answer;
}

absl::StatusOr<HttpAnswer> Route(const FigureQueries& queries,
                                 const ExportSources& sources,
                                 const RequestTarget& target) {
  const std::vector<std::string>& s = target.segments;
  if (s.size() == 2 && s[0] == "v1" && s[1] == "publications") {
    return Json200(Publications(queries, target));
  }
  if (s.size() == 2 && s[0] == "v1" && s[1] == "coverage") {
    return Json200(Coverage(queries, target));
  }
  if (s.size() == 2 && s[0] == "v1" && s[1] == "export") {
    return ExportAnswer(queries, sources, target);
  }
  if (s.size() == 4 && s[0] == "v1" && s[1] == "regions") {
    if (s[3] == "totals") return Json200(Totals(queries, s[2], target));
    if (s[3] == "municipalities") {
      return Json200(Municipalities(queries, s[2], target));
    }
    if (s[3] == "history") return Json200(History(queries, s[2], target));
    if (s[3] == "changes") return Json200(Changes(queries, s[2], target));
  }
  if (s.size() == 4 && s[0] == "v1" && s[1] == "municipalities" &&
      s[3] == "history") {
    return Json200(MunicipalityHistory(queries, s[2], target));
  }
  return absl::NotFoundError(absl::StrCat(
      "no route /", absl::StrJoin(s, "/"),
      "; the API's routes are /v1/publications, /v1/coverage, /v1/export, "
      "/v1/regions/{region}/totals, /v1/regions/{region}/municipalities, "
      "/v1/regions/{region}/history, /v1/regions/{region}/changes and "
      "/v1/municipalities/{municipality}/history"));
}

}  // namespace

int HttpStatusOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kOutOfRange:
      return 400;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    default:
      return 500;
  }
}

HttpAnswer ErrorAnswer(const absl::Status& status) {
  HttpAnswer answer;
  answer.status = HttpStatusOf(status.code());
  answer.body = Body(ErrorRecord(static_cast<int>(status.code()),
                                 std::string(status.message())));
  return answer;
}

HttpAnswer MethodNotAllowed(absl::string_view method,
                            absl::string_view allowed) {
  HttpAnswer answer = ErrorAnswer(absl::UnimplementedError(absl::StrCat(
      "method ", method, " is not allowed here; this route takes ", allowed)));
  answer.status = 405;
  answer.headers.emplace_back("Allow", std::string(allowed));
  return answer;
}

HttpAnswer MetricsAnswer(const Metrics& metrics, absl::string_view method) {
  if (method != "GET" && method != "HEAD") {
    return MethodNotAllowed(method, "GET, HEAD");
  }
  HttpAnswer answer;
  answer.content_type = Metrics::kPrometheusContentType;
  answer.body = metrics.Render();
  return answer;
}

HttpAnswer HttpApi::Answer(
    absl::string_view method, absl::string_view target,
    const std::shared_ptr<const Snapshot>& snapshot) const {
  if (method != "GET" && method != "HEAD") {
    return MethodNotAllowed(method, "GET, HEAD");
  }
  absl::StatusOr<RequestTarget> parsed = ParseRequestTarget(target);
  if (!parsed.ok()) return ErrorAnswer(parsed.status());
  const FigureQueries queries(*snapshot, regions_, municipalities_);
  absl::StatusOr<HttpAnswer> answer = Route(
      queries, ExportSources{snapshot, &regions_, &municipalities_}, *parsed);
  if (!answer.ok()) return ErrorAnswer(answer.status());
  return *std::move(answer);
}

}  // namespace tkp::http
