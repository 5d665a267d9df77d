#include "server/services/import_service.h"

#include "absl/strings/str_cat.h"
#include "proto/period_conversion.h"
#include "server/queries/figure_queries.h"
#include "server/store/crash_points.h"
#include "server/util/log.h"

namespace tkp {

grpc::ServerUnaryReactor* ImportServiceImpl::ImportDocument(
    grpc::CallbackServerContext* context,
    const v1::ImportDocumentRequest* request,
    v1::ImportDocumentResponse* response) {
  CallScope call(env_, "ImportService/ImportDocument", Role::kImporter, context,
                 *request);
  if (!call.admission().ok()) return call.Finish(call.admission(), *response);
  absl::StatusOr<v1::ImportDocumentResponse> result =
      importer_->Import(*request, absl::FromChrono(context->deadline()));
  if (result.ok() && !request->dry_run()) CrashPoint("before-ack");
  env_.metrics->RecordImport(result.ok());
  const std::string detail = ImportLogDetail(*request, result);
  const absl::Status status = result.status();
  if (result.ok()) *response = *std::move(result);
  return call.Finish(status, *response, detail);
}

std::string ImportLogDetail(
    const v1::ImportDocumentRequest& request,
    const absl::StatusOr<v1::ImportDocumentResponse>& result) {
  std::string detail = absl::StrCat("file=\"", request.file_name(), "\"");
  if (result.ok()) {
    const v1::RegionFigures& figures = result->figures();
    absl::StrAppend(&detail, " publications=", result->publications_size(),
                    " outcome=",
                    v1::ImportDocumentResponse::Outcome_Name(result->outcome()),
                    " region=", figures.region().key(),
                    " period=", FormatPeriod(FromProto(figures.period())),
                    " importer=", figures.source().importer(),
                    " notes=", figures.notes_size());
  }
  return detail;
}

void DescribeImporters(
    const ImporterSet& importers,
    google::protobuf::RepeatedPtrField<v1::ImporterInfo>* out) {
  for (const ImporterEntry& loaded : importers.importers()) {
    v1::ImporterInfo* info = out->Add();
    info->set_name(loaded.info.name);
    info->set_version(loaded.info.version);
    info->set_description(loaded.info.description);
    for (const std::string& layout : loaded.info.layouts) {
      info->add_layouts(layout);
    }
    info->set_file(loaded.file);
    info->set_sha256(loaded.sha256);
  }
  for (const PluginProblem& problem : importers.problems()) {
    v1::ImporterInfo* info = out->Add();
    info->set_file(problem.file);
    info->set_load_error(problem.error);
  }
}

absl::StatusOr<ImporterRegistry::ReloadReport> ReloadAndLog(
    ImporterRegistry* registry) {
  absl::StatusOr<ImporterRegistry::ReloadReport> report = registry->Reload();
  if (!report.ok()) {
    LogLine(absl::StrCat("plugin reload failed, importers unchanged: ",
                         report.status().message()));
    return report;
  }
  LogLine(absl::StrCat("plugins reloaded from ", registry->plugin_dir(), ": ",
                       report->added.size(), " added, ",
                       report->replaced.size(), " replaced, ",
                       report->removed.size(), " removed, ",
                       report->unchanged.size(), " unchanged"));
  const std::shared_ptr<const ImporterSet> now = registry->current();
  for (const ImporterEntry& loaded : now->importers()) {
    LogLine(absl::StrCat("importer ", loaded.info.name, " ",
                         loaded.info.version, " from ", loaded.file));
  }
  for (const PluginProblem& problem : now->problems()) {
    LogLine(absl::StrCat("plugin ", problem.file, ": ", problem.error));
  }
  return report;
}

grpc::ServerUnaryReactor* ImportServiceImpl::ListImporters(
    grpc::CallbackServerContext* context,
    const v1::ListImportersRequest* request,
    v1::ListImportersResponse* response) {
  CallScope call(env_, "ImportService/ListImporters", Role::kImporter, context,
                 *request);
  if (!call.admission().ok()) return call.Finish(call.admission(), *response);
  const std::shared_ptr<const ImporterSet> importers = registry_->current();
  DescribeImporters(*importers, response->mutable_importers());
  for (const std::string& active : importers->protections().active) {
    response->add_worker_protections(active);
  }
  for (const std::string& missing : importers->protections().missing) {
    response->add_worker_protections_missing(missing);
  }
  response->set_max_document_bytes(
      static_cast<int64_t>(importer_->max_document_bytes()));
  return call.Finish(absl::OkStatus(), *response);
}

grpc::ServerUnaryReactor* ImportServiceImpl::ReloadImporters(
    grpc::CallbackServerContext* context,
    const v1::ReloadImportersRequest* request,
    v1::ReloadImportersResponse* response) {
  CallScope call(env_, "ImportService/ReloadImporters", Role::kImporter,
                 context, *request);
  if (!call.admission().ok()) return call.Finish(call.admission(), *response);
  absl::StatusOr<ImporterRegistry::ReloadReport> report =
      ReloadAndLog(registry_);
  if (report.ok()) {
    for (const std::string& file : report->added) response->add_added(file);
    for (const std::string& file : report->replaced) {
      response->add_replaced(file);
    }
    for (const std::string& file : report->removed) response->add_removed(file);
    for (const std::string& file : report->unchanged) {
      response->add_unchanged(file);
    }
    DescribeImporters(*registry_->current(), response->mutable_importers());
  }
  return call.Finish(report.status(), *response);
}

grpc::ServerUnaryReactor* ImportServiceImpl::IdentifyDocument(
    grpc::CallbackServerContext* context,
    const v1::IdentifyDocumentRequest* request,
    v1::IdentifyDocumentResponse* response) {
  CallScope call(env_, "ImportService/IdentifyDocument", Role::kImporter,
                 context, *request);
  if (!call.admission().ok()) return call.Finish(call.admission(), *response);
  absl::StatusOr<v1::IdentifyDocumentResponse> result =
      importer_->Identify(*request, absl::FromChrono(context->deadline()));
  if (result.ok()) *response = std::move(*result);
  return call.Finish(result.status(), *response,
                     absl::StrCat("file=\"", request->file_name(), "\" chosen=",
                                  result.ok() ? result->chosen() : ""));
}

grpc::ServerUnaryReactor* ImportServiceImpl::RemovePublication(
    grpc::CallbackServerContext* context,
    const v1::RemovePublicationRequest* request,
    v1::RemovePublicationResponse* response) {
  CallScope call(env_, "ImportService/RemovePublication", Role::kImporter,
                 context, *request);
  if (!call.admission().ok()) return call.Finish(call.admission(), *response);
  absl::StatusOr<v1::RemovePublicationResponse> removed =
      ::tkp::RemovePublication(store_, *env_.catalog, *request);
  const absl::Status status = removed.status();
  if (removed.ok()) *response = *std::move(removed);
  const std::string region = status.ok()
                                 ? response->removed().region().key()
                                 : absl::StrCat("\"", request->region(), "\"");
  return call.Finish(status, *response,
                     absl::StrCat("region=", region, " period=",
                                  FormatPeriod(FromProto(request->period()))));
}

absl::StatusOr<v1::RemovePublicationResponse> RemovePublication(
    Store* store, const RegionCatalog& catalog,
    const v1::RemovePublicationRequest& request) {
  if (!IsSet(request.period())) {
    return absl::InvalidArgumentError("give the period to remove (2021Q3)");
  }
  const PeriodKey period = FromProto(request.period());
  if (absl::Status s = CheckPeriod(period); !s.ok()) return s;
  const std::shared_ptr<const Snapshot> snapshot = store->snapshot();
  absl::StatusOr<std::string> key =
      FigureQueries(*snapshot, catalog).ResolveRegion(request.region());
  if (!key.ok()) return key.status();
  absl::StatusOr<FiguresPtr> removed = store->Remove({*key, period});
  if (!removed.ok()) return removed.status();
  v1::RemovePublicationResponse response;
  *response.mutable_removed() = SummaryOf(**removed);
  return response;
}

}  // namespace tkp
