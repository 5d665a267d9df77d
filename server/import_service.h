// ImportService over gRPC's callback API: hands documents to the
// DocumentImporter and lists the loaded importer plugins. Both need an
// importer token when tokens are configured.

#ifndef TKP_SERVER_IMPORT_SERVICE_H_
#define TKP_SERVER_IMPORT_SERVICE_H_

#include "server/call_scope.h"
#include "server/document_importer.h"
#include "server/importer_registry.h"
#include "tkp/v1/tkp.grpc.pb.h"

namespace tkp {

class ImportServiceImpl final : public v1::ImportService::CallbackService {
 public:
  ImportServiceImpl(const ServiceEnvironment& env, FigureStore* store,
                    const DocumentImporter* importer,
                    const ImporterRegistry* registry)
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

 private:
  const ServiceEnvironment env_;
  FigureStore* store_;                // not owned
  const DocumentImporter* importer_;  // not owned
  const ImporterRegistry* registry_;  // not owned
};

}  // namespace tkp

#endif  // TKP_SERVER_IMPORT_SERVICE_H_
