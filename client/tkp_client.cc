#include "client/tkp_client.h"

namespace tkp::client {

TkpClient::TkpClient(const std::string& server,
                     std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(64 << 20);
  std::shared_ptr<grpc::Channel> channel = grpc::CreateCustomChannel(
      server, grpc::InsecureChannelCredentials(), args);
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
