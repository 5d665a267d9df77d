#include "server/import_service.h"

#include "absl/strings/str_cat.h"
#include "server/grpc_status.h"
#include "server/log.h"
#include "server/period.h"

namespace tkp {

grpc::ServerUnaryReactor* ImportServiceImpl::ImportDocument(
    grpc::CallbackServerContext* context,
    const v1::ImportDocumentRequest* request,
    v1::ImportDocumentResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<v1::ImportDocumentResponse> result =
      importer_->Import(*request);
  if (result.ok()) {
    *response = std::move(*result);
    const v1::RegionFigures& figures = response->figures();
    LogLine(absl::StrCat(
        "import ", request->file_name(), ": ",
        v1::ImportDocumentResponse::Outcome_Name(response->outcome()), " ",
        figures.region().name(), " ", FormatPeriod(FromProto(figures.period())),
        " (", figures.source().importer(), ", ", figures.notes_size(),
        " notes)"));
  } else {
    LogLine(absl::StrCat("import ", request->file_name(),
                         " refused: ", result.status().ToString()));
  }
  reactor->Finish(ToGrpcStatus(result.status()));
  return reactor;
}

grpc::ServerUnaryReactor* ImportServiceImpl::ListImporters(
    grpc::CallbackServerContext* context,
    const v1::ListImportersRequest* /*request*/,
    v1::ListImportersResponse* response) {
  for (const LoadedImporter& loaded : registry_->importers()) {
    v1::ImporterInfo* info = response->add_importers();
    info->set_name(loaded.info.name);
    info->set_version(loaded.info.version);
    info->set_description(loaded.info.description);
    for (const std::string& layout : loaded.info.layouts) {
      info->add_layouts(layout);
    }
    info->set_file(loaded.file);
  }
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace tkp
