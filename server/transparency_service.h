// TransparencyService over gRPC's callback API: each call is admitted by a
// CallScope, reads one snapshot and answers from FigureQueries.

#ifndef TKP_SERVER_TRANSPARENCY_SERVICE_H_
#define TKP_SERVER_TRANSPARENCY_SERVICE_H_

#include "server/call_scope.h"
#include "tkp/v1/tkp.grpc.pb.h"

namespace tkp {

class TransparencyServiceImpl final
    : public v1::TransparencyService::CallbackService {
 public:
  explicit TransparencyServiceImpl(const ServiceEnvironment& env) : env_(env) {}

  grpc::ServerUnaryReactor* ListPublications(
      grpc::CallbackServerContext* context,
      const v1::ListPublicationsRequest* request,
      v1::ListPublicationsResponse* response) override;
  grpc::ServerUnaryReactor* GetRegionTotals(
      grpc::CallbackServerContext* context,
      const v1::GetRegionTotalsRequest* request,
      v1::RegionFigures* response) override;
  grpc::ServerUnaryReactor* ListMunicipalities(
      grpc::CallbackServerContext* context,
      const v1::ListMunicipalitiesRequest* request,
      v1::ListMunicipalitiesResponse* response) override;
  grpc::ServerUnaryReactor* GetCoverage(
      grpc::CallbackServerContext* context,
      const v1::GetCoverageRequest* request,
      v1::GetCoverageResponse* response) override;
  grpc::ServerUnaryReactor* GetRegionHistory(
      grpc::CallbackServerContext* context,
      const v1::GetRegionHistoryRequest* request,
      v1::GetRegionHistoryResponse* response) override;
  grpc::ServerWriteReactor<v1::WatchPublicationsResponse>* WatchPublications(
      grpc::CallbackServerContext* context,
      const v1::WatchPublicationsRequest* request) override;
  grpc::ServerUnaryReactor* GetRegionChanges(
      grpc::CallbackServerContext* context,
      const v1::GetRegionChangesRequest* request,
      v1::GetRegionChangesResponse* response) override;

 private:
  const ServiceEnvironment env_;
};

}  // namespace tkp

#endif  // TKP_SERVER_TRANSPARENCY_SERVICE_H_
