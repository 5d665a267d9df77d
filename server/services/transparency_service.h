// TransparencyService over gRPC's callback API. The unary reads are raw
// methods: each call is admitted by a CallScope, and its answer is served
// as bytes from the current snapshot's ResponseCache, computed by
// FigureQueries for the first call that asks.

#ifndef TKP_SERVER_SERVICES_TRANSPARENCY_SERVICE_H_
#define TKP_SERVER_SERVICES_TRANSPARENCY_SERVICE_H_

#include <grpcpp/support/byte_buffer.h>

#include "server/services/call_scope.h"
#include "server/services/response_cache.h"
#include "tkp/v1/tkp.grpc.pb.h"

namespace tkp {

// The generated service with every unary read taking and giving bytes.
using RawReadsTransparencyService =
    v1::TransparencyService::WithRawCallbackMethod_ListPublications<
        v1::TransparencyService::WithRawCallbackMethod_GetRegionTotals<
            v1::TransparencyService::WithRawCallbackMethod_ListMunicipalities<
                v1::TransparencyService::WithRawCallbackMethod_GetCoverage<
                    v1::TransparencyService::WithRawCallbackMethod_GetRegionHistory<
                        v1::TransparencyService::
                            WithRawCallbackMethod_GetRegionChanges<
                                v1::TransparencyService::
                                    WithRawCallbackMethod_GetMunicipalityHistory<
                                        v1::TransparencyService::
                                            CallbackService>>>>>>>;

class TransparencyServiceImpl final : public RawReadsTransparencyService {
 public:
  // Kept answers per snapshot are bounded by this many bytes.
  static constexpr size_t kResponseCacheBytes = 16 << 20;

  explicit TransparencyServiceImpl(const ServiceEnvironment& env)
      : env_(env), caches_(kResponseCacheBytes) {}

  grpc::ServerUnaryReactor* ListPublications(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetRegionTotals(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* ListMunicipalities(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetCoverage(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetRegionHistory(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetRegionChanges(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerUnaryReactor* GetMunicipalityHistory(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;
  grpc::ServerWriteReactor<v1::ExportFiguresResponse>* ExportFigures(
      grpc::CallbackServerContext* context,
      const v1::ExportFiguresRequest* request) override;
  grpc::ServerWriteReactor<v1::WatchPublicationsResponse>* WatchPublications(
      grpc::CallbackServerContext* context,
      const v1::WatchPublicationsRequest* request) override;

 private:
  const ServiceEnvironment env_;
  ResponseCaches caches_;
};

}  // namespace tkp

#endif  // TKP_SERVER_SERVICES_TRANSPARENCY_SERVICE_H_
