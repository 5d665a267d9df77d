// A thin wrapper over the two service stubs: one method per RPC, each with
// the call's deadline, each returning the response or the failed status.

#ifndef TKP_CLIENT_TKP_CLIENT_H_
#define TKP_CLIENT_TKP_CLIENT_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "tkp/v1/tkp.grpc.pb.h"

namespace tkp::client {

// A response, or the status of the call that failed.
template <typename Response>
struct CallResult {
  grpc::Status status;
  Response response;
};

// How to reach the server.
struct ConnectionOptions {
  std::string server = "127.0.0.1:50051";
  std::chrono::milliseconds timeout{30000};
  // TLS: on when `tls` is set or any PEM is given; tls_ca empty means the
  // system's roots. tls_cert and tls_key are a client certificate for
  // mutual TLS.
  bool tls = false;
  std::string tls_ca_pem;
  std::string tls_cert_pem;
  std::string tls_key_pem;
  // Sent as "authorization: Bearer <token>" when not empty.
  std::string token;
};

class TkpClient {
 public:
  explicit TkpClient(const ConnectionOptions& options);

  CallResult<v1::ImportDocumentResponse> ImportDocument(
      const v1::ImportDocumentRequest& request);
  CallResult<v1::ListImportersResponse> ListImporters();
  CallResult<v1::ReloadImportersResponse> ReloadImporters();
  CallResult<v1::IdentifyDocumentResponse> IdentifyDocument(
      const v1::IdentifyDocumentRequest& request);
  CallResult<v1::ListPublicationsResponse> ListPublications(
      const v1::ListPublicationsRequest& request);
  CallResult<v1::RegionFigures> GetRegionTotals(
      const v1::GetRegionTotalsRequest& request);
  CallResult<v1::ListMunicipalitiesResponse> ListMunicipalities(
      const v1::ListMunicipalitiesRequest& request);
  CallResult<v1::GetCoverageResponse> GetCoverage(
      const v1::GetCoverageRequest& request);
  CallResult<v1::GetRegionHistoryResponse> GetRegionHistory(
      const v1::GetRegionHistoryRequest& request);
  // Reads the event stream, calling `on_event` for each, until `count`
  // events (0: no limit), the deadline (zero: none) or an error.
  grpc::Status WatchPublications(
      const v1::WatchPublicationsRequest& request, int64_t count,
      std::chrono::milliseconds deadline,
      const std::function<void(const v1::PublicationEvent&)>& on_event);
  CallResult<v1::GetMunicipalityHistoryResponse> GetMunicipalityHistory(
      const v1::GetMunicipalityHistoryRequest& request);
  // Reads the export to its end, calling `on_rows` for each message. The
  // call's deadline covers the whole stream.
  grpc::Status ExportFigures(
      const v1::ExportFiguresRequest& request,
      const std::function<void(const v1::ExportFiguresResponse&)>& on_rows);
  CallResult<v1::RemovePublicationResponse> RemovePublication(
      const v1::RemovePublicationRequest& request);
  CallResult<v1::GetRegionChangesResponse> GetRegionChanges(
      const v1::GetRegionChangesRequest& request);

 private:
  // Runs one unary call with the configured deadline.
  template <typename Stub, typename Request, typename Response>
  CallResult<Response> Call(Stub* stub,
                            grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                         const Request&,
                                                         Response*),
                            const Request& request);

  std::chrono::milliseconds timeout_;
  std::string authorization_;  // the header value, or empty
  std::unique_ptr<v1::TransparencyService::Stub> transparency_;
  std::unique_ptr<v1::ImportService::Stub> import_;
};

// The gRPC target for --server: one HOST:PORT (a DNS name may stand for
// several replicas), or a comma-separated list of IP:PORT.
std::string ChannelTarget(const std::string& servers);

// "NOT_FOUND" for grpc::StatusCode::NOT_FOUND, and so on.
const char* StatusCodeName(grpc::StatusCode code);

}  // namespace tkp::client

#endif  // TKP_CLIENT_TKP_CLIENT_H_
