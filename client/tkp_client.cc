#include "client/tkp_client.h"

namespace tkp::client {

std::string ChannelTarget(const std::string& servers) {
  if (servers.find(',') == std::string::npos) return servers;
  // gRPC's static address lists: "ipv4:a:1,b:2" or "ipv6:[::1]:1,[::2]:2".
  return (servers.front() == '[' ? "ipv6:" : "ipv4:") + servers;
}

TkpClient::TkpClient(const ConnectionOptions& options)
    : timeout_(options.timeout),
      authorization_(options.token.empty() ? "" : "Bearer " + options.token) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  // Spread calls over every address: those of a list, or all that a DNS
  // name resolves to.
  args.SetLoadBalancingPolicyName("round_robin");
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  if (options.tls || !options.tls_ca_pem.empty() ||
      !options.tls_cert_pem.empty()) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = options.tls_ca_pem;
    ssl.pem_cert_chain = options.tls_cert_pem;
    ssl.pem_private_key = options.tls_key_pem;
    credentials = grpc::SslCredentials(ssl);
  } else {
    credentials = grpc::InsecureChannelCredentials();
  }
  std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
      ChannelTarget(options.server), credentials, args);
  transparency_ = v1::TransparencyService::NewStub(channel);
  import_ = v1::ImportService::NewStub(channel);
}

template <typename Stub, typename Request, typename Response>
CallResult<Response> TkpClient::Call(
    Stub* stub,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                 Response*),
    const Request& request) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  if (!authorization_.empty()) {
    context.AddMetadata("authorization", authorization_);
  }
  CallResult<Response> result;
  result.status = (stub->*method)(&context, request, &result.response);
  return result;
}

CallResult<v1::ImportDocumentResponse> TkpClient::ImportDocument(
    const v1::ImportDocumentRequest& request) {
  return Call(import_.get(), &v1::ImportService::Stub::ImportDocument, request);
}

CallResult<v1::ListImportersResponse> TkpClient::ListImporters() {
  return Call(import_.get(), &v1::ImportService::Stub::ListImporters,
              v1::ListImportersRequest());
}

CallResult<v1::ReloadImportersResponse> TkpClient::ReloadImporters() {
  return Call(import_.get(), &v1::ImportService::Stub::ReloadImporters,
              v1::ReloadImportersRequest());
}

CallResult<v1::IdentifyDocumentResponse> TkpClient::IdentifyDocument(
    const v1::IdentifyDocumentRequest& request) {
  return Call(import_.get(), &v1::ImportService::Stub::IdentifyDocument,
              request);
}

CallResult<v1::ListPublicationsResponse> TkpClient::ListPublications(
    const v1::ListPublicationsRequest& request) {
  return Call(transparency_.get(),
              &v1::TransparencyService::Stub::ListPublications, request);
}

CallResult<v1::RegionFigures> TkpClient::GetRegionTotals(
    const v1::GetRegionTotalsRequest& request) {
  return Call(transparency_.get(),
              &v1::TransparencyService::Stub::GetRegionTotals, request);
}

CallResult<v1::ListMunicipalitiesResponse> TkpClient::ListMunicipalities(
    const v1::ListMunicipalitiesRequest& request) {
  return Call(transparency_.get(),
              &v1::TransparencyService::Stub::ListMunicipalities, request);
}

CallResult<v1::GetCoverageResponse> TkpClient::GetCoverage(
    const v1::GetCoverageRequest& request) {
  return Call(transparency_.get(), &v1::TransparencyService::Stub::GetCoverage,
              request);
}

CallResult<v1::GetRegionHistoryResponse> TkpClient::GetRegionHistory(
    const v1::GetRegionHistoryRequest& request) {
  return Call(transparency_.get(),
              &v1::TransparencyService::Stub::GetRegionHistory, request);
}

CallResult<v1::GetRegionChangesResponse> TkpClient::GetRegionChanges(
    const v1::GetRegionChangesRequest& request) {
  return Call(transparency_.get(),
              &v1::TransparencyService::Stub::GetRegionChanges, request);
}

grpc::Status TkpClient::WatchPublications(
    const v1::WatchPublicationsRequest& request, int64_t count,
    std::chrono::milliseconds deadline,
    const std::function<void(const v1::PublicationEvent&)>& on_event) {
  grpc::ClientContext context;
  if (deadline.count() > 0) {
    context.set_deadline(std::chrono::system_clock::now() + deadline);
  }
  if (!authorization_.empty()) {
    context.AddMetadata("authorization", authorization_);
  }
  std::unique_ptr<grpc::ClientReader<v1::WatchPublicationsResponse>> reader =
      transparency_->WatchPublications(&context, request);
  v1::WatchPublicationsResponse response;
  int64_t seen = 0;
  while (reader->Read(&response)) {
    on_event(response.event());
    if (count > 0 && ++seen >= count) {
      context.TryCancel();
      reader->Finish().IgnoreError();
      return grpc::Status::OK;
    }
  }
  return reader->Finish();
}

CallResult<v1::GetMunicipalityHistoryResponse>
TkpClient::GetMunicipalityHistory(
    const v1::GetMunicipalityHistoryRequest& request) {
  return Call(transparency_.get(),
              &v1::TransparencyService::Stub::GetMunicipalityHistory, request);
}

grpc::Status TkpClient::ExportFigures(
    const v1::ExportFiguresRequest& request,
    const std::function<void(const v1::ExportFiguresResponse&)>& on_rows) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  if (!authorization_.empty()) {
    context.AddMetadata("authorization", authorization_);
  }
  std::unique_ptr<grpc::ClientReader<v1::ExportFiguresResponse>> reader =
      transparency_->ExportFigures(&context, request);
  v1::ExportFiguresResponse response;
  while (reader->Read(&response)) on_rows(response);
  return reader->Finish();
}

CallResult<v1::RemovePublicationResponse> TkpClient::RemovePublication(
    const v1::RemovePublicationRequest& request) {
  return Call(import_.get(), &v1::ImportService::Stub::RemovePublication,
              request);
}

const char* StatusCodeName(grpc::StatusCode code) {
  static constexpr const char* kNames[] = {"OK",
                                           "CANCELLED",
                                           "UNKNOWN",
                                           "INVALID_ARGUMENT",
                                           "DEADLINE_EXCEEDED",
                                           "NOT_FOUND",
                                           "ALREADY_EXISTS",
                                           "PERMISSION_DENIED",
                                           "RESOURCE_EXHAUSTED",
                                           "FAILED_PRECONDITION",
                                           "ABORTED",
                                           "OUT_OF_RANGE",
                                           "UNIMPLEMENTED",
                                           "INTERNAL",
                                           "UNAVAILABLE",
                                           "DATA_LOSS",
                                           "UNAUTHENTICATED"};
  const int index = static_cast<int>(code);
  if (index >= 0 && index < static_cast<int>(std::size(kNames))) {
    return kNames[index];
  }
  return "UNKNOWN";
}

}  // namespace tkp::client
