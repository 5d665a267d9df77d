// ImportService over gRPC's callback API: hands documents to the
// DocumentImporter, lists and reloads the importer plugins, removes
// publications. Every method needs an importer token when tokens are
// configured.

#ifndef TKP_SERVER_SERVICES_IMPORT_SERVICE_H_
#define TKP_SERVER_SERVICES_IMPORT_SERVICE_H_

#include "server/importing/document_importer.h"
#include "server/importing/importer_registry.h"
#include "server/services/call_scope.h"
#include "tkp/v1/tkp.grpc.pb.h"

namespace tkp {

// What ListImporters and ReloadImporters show of a set: the importers by
// name, then the libraries that failed by file.
void DescribeImporters(
    const ImporterSet& importers,
    google::protobuf::RepeatedPtrField<v1::ImporterInfo>* out);

// Removes one region's publication for a period (RemovePublication, over
// gRPC and HTTP alike): INVALID_ARGUMENT without a valid period, NOT_FOUND
// for an unknown region or nothing loaded, as the store says otherwise.
absl::StatusOr<v1::RemovePublicationResponse> RemovePublication(
    Store* store, const RegionCatalog& catalog,
    const v1::RemovePublicationRequest& request);

// What the log line of an import says of it: file, and where it worked
// the publications, outcome, region, period, importer and notes.
std::string ImportLogDetail(
    const v1::ImportDocumentRequest& request,
    const absl::StatusOr<v1::ImportDocumentResponse>& result);

// Reloads and logs what changed (for SIGHUP and the RPC alike).
absl::StatusOr<ImporterRegistry::ReloadReport> ReloadAndLog(
    ImporterRegistry* registry);

}  // namespace tkp

namespace tkp {

class ImportServiceImpl final : public v1::ImportService::CallbackService {
 public:
  ImportServiceImpl(const ServiceEnvironment& env, Store* store,
                    const DocumentImporter* importer,
                    ImporterRegistry* registry)
      : env_(env), store_(store), importer_(importer), registry_(registry) {}

  grpc::ServerUnaryReactor* ImportDocument(
      grpc::CallbackServerContext* context,
      const v1::ImportDocumentRequest* request,
      v1::ImportDocumentResponse* response) override;
  grpc::ServerUnaryReactor* RemovePublication(
      grpc::CallbackServerContext* context,
      const v1::RemovePublicationRequest* request,
      v1::RemovePublicationResponse* response) override;
  grpc::ServerUnaryReactor* ListImporters(
      grpc::CallbackServerContext* context,
      const v1::ListImportersRequest* request,
      v1::ListImportersResponse* response) override;
  grpc::ServerUnaryReactor* ReloadImporters(
      grpc::CallbackServerContext* context,
      const v1::ReloadImportersRequest* request,
      v1::ReloadImportersResponse* response) override;
  grpc::ServerUnaryReactor* IdentifyDocument(
      grpc::CallbackServerContext* context,
      const v1::IdentifyDocumentRequest* request,
      v1::IdentifyDocumentResponse* response) override;

 private:
  const ServiceEnvironment env_;
  Store* store_;                      // not owned
  const DocumentImporter* importer_;  // not owned
  ImporterRegistry* registry_;        // not owned
};

}  // namespace tkp

#endif  // TKP_SERVER_SERVICES_IMPORT_SERVICE_H_
