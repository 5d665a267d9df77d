#include "server/transparency_service.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/figure_queries.h"
#include "server/grpc_status.h"
#include "server/log.h"
#include "server/publication_watcher.h"

namespace tkp {
namespace {

// Admits the call, runs `query` against the current snapshot, copies its
// value into the response and finishes the call.
template <typename Request, typename Response, typename Query>
grpc::ServerUnaryReactor* Answer(const ServiceEnvironment& env,
                                 absl::string_view method,
                                 grpc::CallbackServerContext* context,
                                 const Request& request, Response* response,
                                 Query query) {
  CallScope call(env, method, Role::kReader, context, request);
  if (!call.admission().ok()) return call.Finish(call.admission(), *response);
  const std::shared_ptr<const Snapshot> snapshot = env.store->snapshot();
  const FigureQueries queries(*snapshot, *env.catalog);
  auto result = query(queries);
  if (result.ok()) {
    if constexpr (std::is_pointer_v<std::decay_t<decltype(*result)>>) {
      *response = **result;
    } else {
      *response = std::move(*result);
    }
  }
  return call.Finish(result.status(), *response);
}

}  // namespace

grpc::ServerUnaryReactor* TransparencyServiceImpl::ListPublications(
    grpc::CallbackServerContext* context,
    const v1::ListPublicationsRequest* request,
    v1::ListPublicationsResponse* response) {
  return Answer(
      env_, "TransparencyService/ListPublications", context, *request, response,
      [&](const FigureQueries& q) { return q.ListPublications(*request); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetRegionTotals(
    grpc::CallbackServerContext* context,
    const v1::GetRegionTotalsRequest* request, v1::RegionFigures* response) {
  return Answer(
      env_, "TransparencyService/GetRegionTotals", context, *request, response,
      [&](const FigureQueries& q) { return q.GetRegionTotals(*request); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::ListMunicipalities(
    grpc::CallbackServerContext* context,
    const v1::ListMunicipalitiesRequest* request,
    v1::ListMunicipalitiesResponse* response) {
  return Answer(env_, "TransparencyService/ListMunicipalities", context,
                *request, response, [&](const FigureQueries& q) {
                  return q.ListMunicipalities(*request);
                });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetCoverage(
    grpc::CallbackServerContext* context, const v1::GetCoverageRequest* request,
    v1::GetCoverageResponse* response) {
  return Answer(
      env_, "TransparencyService/GetCoverage", context, *request, response,
      [&](const FigureQueries& q) { return q.GetCoverage(*request); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetRegionHistory(
    grpc::CallbackServerContext* context,
    const v1::GetRegionHistoryRequest* request,
    v1::GetRegionHistoryResponse* response) {
  return Answer(
      env_, "TransparencyService/GetRegionHistory", context, *request, response,
      [&](const FigureQueries& q) { return q.GetRegionHistory(*request); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetRegionChanges(
    grpc::CallbackServerContext* context,
    const v1::GetRegionChangesRequest* request,
    v1::GetRegionChangesResponse* response) {
  return Answer(
      env_, "TransparencyService/GetRegionChanges", context, *request, response,
      [&](const FigureQueries& q) { return q.GetRegionChanges(*request); });
}

grpc::ServerWriteReactor<v1::WatchPublicationsResponse>*
TransparencyServiceImpl::WatchPublications(
    grpc::CallbackServerContext* context,
    const v1::WatchPublicationsRequest* request) {
  const absl::Status admission = Admit(env_, *context, Role::kReader);
  const int64_t after = request->has_after_sequence()
                            ? request->after_sequence()
                            : env_.store->LastSequence();
  LogLine(absl::StrFormat(
      "call method=TransparencyService/WatchPublications peer=%s code=%s "
      "after=%d%s",
      context->peer(), absl::StatusCodeToString(admission.code()), after,
      admission.ok() ? " (stream open)"
                     : absl::StrCat(" error=", admission.message())));
  if (!admission.ok()) return new RefusedStream(ToGrpcStatus(admission));
  return new PublicationWatcher(env_.store, after);
}

}  // namespace tkp
