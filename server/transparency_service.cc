#include "server/transparency_service.h"

#include "server/figure_queries.h"
#include "server/grpc_status.h"

namespace tkp {
namespace {

// Runs `query` against the current snapshot, copies its value into the
// response and finishes the call.
template <typename Response, typename Query>
grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context,
                                 const FigureStore* store,
                                 const RegionCatalog* catalog,
                                 Response* response, Query query) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const std::shared_ptr<const Snapshot> snapshot = store->snapshot();
  const FigureQueries queries(*snapshot, *catalog);
  auto result = query(queries);
  if (result.ok()) {
    if constexpr (std::is_pointer_v<std::decay_t<decltype(*result)>>) {
      *response = **result;
    } else {
      *response = std::move(*result);
    }
  }
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

}  // namespace

grpc::ServerUnaryReactor* TransparencyServiceImpl::ListPublications(
    grpc::CallbackServerContext* context,
    const v1::ListPublicationsRequest* request,
    v1::ListPublicationsResponse* response) {
  return Answer(
      context, store_, catalog_, response,
      [&](const FigureQueries& q) { return q.ListPublications(*request); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetRegionTotals(
    grpc::CallbackServerContext* context,
    const v1::GetRegionTotalsRequest* request, v1::RegionFigures* response) {
  return Answer(
      context, store_, catalog_, response,
      [&](const FigureQueries& q) { return q.GetRegionTotals(*request); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::ListMunicipalities(
    grpc::CallbackServerContext* context,
    const v1::ListMunicipalitiesRequest* request,
    v1::ListMunicipalitiesResponse* response) {
  return Answer(
      context, store_, catalog_, response,
      [&](const FigureQueries& q) { return q.ListMunicipalities(*request); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetCoverage(
    grpc::CallbackServerContext* context, const v1::GetCoverageRequest* request,
    v1::GetCoverageResponse* response) {
  return Answer(
      context, store_, catalog_, response,
      [&](const FigureQueries& q) { return q.GetCoverage(*request); });
}

grpc::ServerUnaryReactor* TransparencyServiceImpl::GetRegionHistory(
    grpc::CallbackServerContext* context,
    const v1::GetRegionHistoryRequest* request,
    v1::GetRegionHistoryResponse* response) {
  return Answer(
      context, store_, catalog_, response,
      [&](const FigureQueries& q) { return q.GetRegionHistory(*request); });
}

}  // namespace tkp
