#include "server/tkp_server.h"

#include <grpcpp/server_builder.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/log.h"
#include "server/plugin_loader.h"
#include "server/status_macros.h"

namespace tkp {

absl::StatusOr<std::unique_ptr<TkpServer>> TkpServer::Start(
    const ServerOptions& options) {
  std::unique_ptr<TkpServer> server(new TkpServer());
  const RegionCatalog& catalog = RegionCatalog::BuiltIn();

  TKP_ASSIGN_OR_RETURN(PluginScan scan,
                       LoadPluginDirectory(options.plugin_dir));
  for (const std::string& error : scan.errors) LogLine(error);
  std::vector<std::string> duplicates;
  server->registry_ =
      std::make_unique<ImporterRegistry>(std::move(scan.loaded), &duplicates);
  for (const std::string& error : duplicates) LogLine(error);
  for (const LoadedImporter& loaded : server->registry_->importers()) {
    LogLine(absl::StrCat("importer ", loaded.info.name, " ",
                         loaded.info.version, " from ", loaded.file));
  }
  if (server->registry_->importers().empty()) {
    LogLine(absl::StrCat("warning: no importer plugins in ", options.plugin_dir,
                         "; imports will fail until the server is restarted "
                         "with a --plugin-dir that has them"));
  }

  std::vector<std::string> restore_errors;
  TKP_ASSIGN_OR_RETURN(server->store_,
                       FigureStore::Open(options.data_dir, &restore_errors));
  for (const std::string& error : restore_errors) LogLine(error);
  LogLine(absl::StrCat("restored ", server->store_->snapshot()->size(),
                       " publications from ", options.data_dir));

  server->importer_ = std::make_unique<DocumentImporter>(
      server->registry_.get(), server->store_.get(), &catalog,
      options.max_document_bytes);
  server->transparency_service_ =
      std::make_unique<TransparencyServiceImpl>(server->store_.get(), &catalog);
  server->import_service_ = std::make_unique<ImportServiceImpl>(
      server->importer_.get(), server->registry_.get());

  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default, which lets a second server start on
  // a port that is taken and silently share it.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &server->port_);
  // Room for a document at the limit and the rest of the request, so an
  // oversized document reaches DocumentImporter and gets a message that
  // says what the limit is, rather than gRPC's generic one.
  const size_t max_message =
      std::min<size_t>(2 * options.max_document_bytes + (1 << 20), INT32_MAX);
  builder.SetMaxReceiveMessageSize(static_cast<int>(max_message));
  builder.RegisterService(server->transparency_service_.get());
  builder.RegisterService(server->import_service_.get());
  server->server_ = builder.BuildAndStart();
  if (server->server_ == nullptr || server->port_ == 0) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options.listen,
        "; is another process using it, or is the address wrong?"));
  }
  return server;
}

TkpServer::~TkpServer() {
  if (server_ != nullptr) Shutdown(std::chrono::seconds(5));
}

void TkpServer::Shutdown(std::chrono::milliseconds grace) {
  server_->Shutdown(std::chrono::system_clock::now() + grace);
}

void TkpServer::Wait() { server_->Wait(); }

}  // namespace tkp
