#include "server/tkp_server.h"

#include <google/protobuf/descriptor.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/municipality_catalog.h"
#include "core/period.h"
#include "proto/period_conversion.h"
#include "server/importing/plugin_files.h"
#include "server/store/data_dir_store.h"
#include "server/store/postgres/pg_connection.h"
#include "server/store/postgres/pg_copy.h"
#include "server/store/postgres/pg_store.h"
#include "server/util/files.h"
#include "server/util/log.h"
#include "server/util/status_macros.h"
#include "server/workers/worker_end.h"

namespace tkp {
namespace {

constexpr const char* kServiceNames[] = {"tkp.v1.TransparencyService",
                                         "tkp.v1.ImportService"};

// Server credentials: plaintext, or TLS from PEM files (optionally
// requiring client certificates signed by tls_client_ca).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> Credentials(
    const ServerOptions& options) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: give both or neither");
  }
  if (options.tls_cert.empty()) {
    if (!options.tls_client_ca.empty()) {
      return absl::InvalidArgumentError(
          "--tls-client-ca needs --tls-cert and --tls-key");
    }
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl;
  TKP_ASSIGN_OR_RETURN(std::string cert, ReadFile(options.tls_cert));
  TKP_ASSIGN_OR_RETURN(std::string key, ReadFile(options.tls_key));
  ssl.pem_key_cert_pairs.push_back({std::move(key), std::move(cert)});
  if (!options.tls_client_ca.empty()) {
    TKP_ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadFile(options.tls_client_ca));
    ssl.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

// Keepalive: the server pings idle connections every minute to find dead
// peers, and accepts client pings as often as every 10 s (gRPC's default of
// 5 minutes answers clients that ping more often with "too_many_pings").
void SetKeepalive(grpc::ServerBuilder* builder) {
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60 * 1000);
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20 * 1000);
  builder->AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder->AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10 * 1000);
}

// "TransparencyService/GetRegionTotals" for every method of our services,
// from the compiled-in descriptors, so no list is kept by hand.
std::vector<std::string> MethodNames() {
  std::vector<std::string> names;
  for (const char* service : kServiceNames) {
    const google::protobuf::ServiceDescriptor* descriptor =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
            service);
    for (int m = 0; descriptor != nullptr && m < descriptor->method_count();
         ++m) {
      names.push_back(
          absl::StrCat(descriptor->name(), "/", descriptor->method(m)->name()));
    }
  }
  return names;
}

// The store the options name: PostgreSQL with a database URL, else the
// data dir.
absl::StatusOr<std::unique_ptr<Store>> CreateStore(
    const ServerOptions& options) {
  if (options.database_url.empty()) {
    TKP_ASSIGN_OR_RETURN(std::unique_ptr<DataDirStore> store,
                         DataDirStore::Create(options.data_dir));
    return std::unique_ptr<Store>(std::move(store));
  }
  TKP_ASSIGN_OR_RETURN(std::unique_ptr<PgStore> store,
                       PgStore::Create(options.database_url));
  return std::unique_ptr<Store>(std::move(store));
}

std::string StoreName(const ServerOptions& options) {
  return options.database_url.empty()
             ? options.data_dir
             : PgConnection::Describe(options.database_url);
}

}  // namespace

absl::StatusOr<std::unique_ptr<TkpServer>> TkpServer::Start(
    const ServerOptions& options) {
  std::unique_ptr<TkpServer> server(new TkpServer());
  const RegionCatalog& catalog = RegionCatalog::BuiltIn();
  std::vector<std::string> worker_ends;
  worker_ends.reserve(kWorkerEndReasons.size());
  for (const WorkerEndReason reason : kWorkerEndReasons) {
    worker_ends.emplace_back(WorkerEndLabel(reason));
  }
  server->metrics_ = std::make_unique<Metrics>(MethodNames(), worker_ends);

  server->auth_ = std::make_unique<TokenAuthenticator>();
  if (!options.tokens_file.empty()) {
    TKP_ASSIGN_OR_RETURN(*server->auth_,
                         TokenAuthenticator::FromFile(options.tokens_file));
  }
  TKP_ASSIGN_OR_RETURN(auto credentials, Credentials(options));

  WorkerOptions workers;
  workers.binary = options.worker_binary;
  workers.memory_mib = options.worker_memory_mib;
  workers.max_document_bytes = options.max_document_bytes;
  workers.parse_timeout = absl::Seconds(options.parse_timeout_seconds);
  workers.idle_workers = options.idle_workers;
  workers.kept_raters = options.rating_workers;
  Metrics* metrics = server->metrics_.get();
  TKP_ASSIGN_OR_RETURN(
      server->registry_,
      ImporterRegistry::Open(
          options.plugin_dir, std::move(workers),
          [metrics](const WorkerEnd& end, absl::Duration busy) {
            metrics->RecordWorkerEnd(WorkerEndLabel(end.reason),
                                     absl::ToDoubleSeconds(busy));
          }));
  const std::shared_ptr<const ImporterSet> importers =
      server->registry_->current();
  for (const PluginProblem& problem : importers->problems()) {
    LogLine(absl::StrCat("plugin ", problem.file, ": ", problem.error));
  }
  for (const ImporterEntry& loaded : importers->importers()) {
    LogLine(absl::StrCat("importer ", loaded.info.name, " ",
                         loaded.info.version, " from ", loaded.file));
  }
  for (const std::string& active : importers->protections().active) {
    LogLine(absl::StrCat("import workers: ", active));
  }
  for (const std::string& missing : importers->protections().missing) {
    LogLine(absl::StrCat("WARNING: import workers run without a protection: ",
                         missing));
  }
  if (importers->importers().empty()) {
    LogLine(absl::StrCat("warning: no importer plugins in ", options.plugin_dir,
                         "; imports fail until plugins are put there and "
                         "reloaded (SIGHUP, or tkp importers --reload)"));
  }

  TKP_ASSIGN_OR_RETURN(server->store_, CreateStore(options));
  server->importer_ = std::make_unique<DocumentImporter>(
      server->registry_.get(), server->store_.get(), &catalog,
      options.max_document_bytes);
  const Store* store = server->store_.get();
  server->metrics_->SetPublicationsGauge(
      [store] { return store->snapshot()->size(); });
  server->metrics_->SetStoreGauges([store] { return store->writable(); },
                                   [store] { return store->LastSequence(); });
  if (!options.metrics_listen.empty()) {
    TKP_ASSIGN_OR_RETURN(server->metrics_server_,
                         MetricsHttpServer::Start(options.metrics_listen,
                                                  server->metrics_.get()));
    LogLine(absl::StrCat("metrics on ", options.metrics_listen, " (port ",
                         server->metrics_server_->port(), ") at /metrics"));
  }
  if (!options.http_listen.empty()) {
    TKP_RETURN_IF_ERROR(server->StartHttpServer(options, catalog));
  }
  const ServiceEnvironment env{server->store_.get(), &catalog,
                               server->auth_.get(),  server->metrics_.get(),
                               &server->gate_,       options.call_logging};
  server->transparency_service_ =
      std::make_unique<TransparencyServiceImpl>(env);
  server->import_service_ = std::make_unique<ImportServiceImpl>(
      env, server->store_.get(), server->importer_.get(),
      server->registry_.get());

  grpc::EnableDefaultHealthCheckService(true);
  // Debian's gRPC 1.51 serves grpc.reflection.v1alpha only.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, credentials, &server->port_);
  // gRPC sets SO_REUSEPORT by default, which lets a second server start on
  // a port that is taken and silently share it.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  SetKeepalive(&builder);
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
  if (!options.health_listen.empty()) {
    // No services of ours: only the default health service, plaintext.
    grpc::ServerBuilder health_builder;
    int health_port = 0;
    health_builder.AddListeningPort(
        options.health_listen, grpc::InsecureServerCredentials(), &health_port);
    health_builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
    server->health_server_ = health_builder.BuildAndStart();
    if (server->health_server_ == nullptr || health_port == 0) {
      return absl::UnavailableError(absl::StrCat(
          "cannot listen for health checks on ", options.health_listen));
    }
    LogLine(absl::StrCat("health checks on ", options.health_listen, " (port ",
                         health_port, ")"));
  }
  server->SetServing(false);
  LogLine(absl::StrCat("listening on port ", server->port_, "; restoring ",
                       StoreName(options)));

  std::vector<std::string> restore_errors;
  const absl::Time restore_start = absl::Now();
  TKP_RETURN_IF_ERROR(server->store_->Restore(&restore_errors));
  const absl::Duration restore_time = absl::Now() - restore_start;
  for (const std::string& error : restore_errors) LogLine(error);
  if (options.watch_interval_ms > 0) {
    TkpServer* const self = server.get();
    server->store_->Follow(absl::Milliseconds(options.watch_interval_ms),
                           [self](const std::string& problem) {
                             LogLine(problem);
                             self->RefreshHealth();  // a lost database
                           });
  }
  server->SetServing(true);
  LogLine(absl::StrCat(
      "serving on ", options.listen, " (port ", server->port_,
      "): ", server->store_->snapshot()->size(), " publications restored in ",
      absl::FormatDuration(absl::Trunc(restore_time, absl::Microseconds(100))),
      options.tls_cert.empty() ? "" : ", TLS",
      server->auth_->enabled() ? ", tokens required" : ""));
  return server;
}

absl::Status CopyDataDirIntoDatabase(const ServerOptions& options) {
  if (!std::filesystem::is_directory(options.data_dir + "/publications")) {
    return absl::NotFoundError(absl::StrCat(
        "no data dir at ", options.data_dir,
        " (it has no publications directory); name it with --data-dir"));
  }
  std::vector<std::string> errors;
  TKP_ASSIGN_OR_RETURN(std::unique_ptr<DataDirStore> from,
                       DataDirStore::Open(options.data_dir, &errors));
  for (const std::string& error : errors) LogLine(error);
  TKP_ASSIGN_OR_RETURN(const CopySummary copied,
                       CopyIntoDatabase(*from, options.database_url));
  LogLine(absl::StrCat("copied ", copied.publications, " publications and ",
                       copied.events, " events from ", options.data_dir,
                       " into ", PgConnection::Describe(options.database_url)));
  return absl::OkStatus();
}

// The HTTP/JSON API, the dashboard and /metrics on --http-listen: reads
// from the store, imports through the importer, with gRPC's tokens and
// TLS.
absl::Status TkpServer::StartHttpServer(const ServerOptions& options,
                                        const RegionCatalog& catalog) {
  http::HttpServerOptions http_options;
  // With TLS on gRPC, HTTPS with the same certificate, key and client
  // CA: never plaintext beside a port the operator set up with TLS.
  if (!options.tls_cert.empty()) {
    TKP_ASSIGN_OR_RETURN(http_options.tls_cert_pem, ReadFile(options.tls_cert));
    TKP_ASSIGN_OR_RETURN(http_options.tls_key_pem, ReadFile(options.tls_key));
    if (!options.tls_client_ca.empty()) {
      TKP_ASSIGN_OR_RETURN(http_options.tls_client_ca_pem,
                           ReadFile(options.tls_client_ca));
    }
  }
  http_options.store = store_.get();
  http_options.tokens = auth_.get();
  http_options.regions = &catalog;
  http_options.municipalities = &MunicipalityCatalog::BuiltIn();
  const TkpServer* raw = this;
  http_options.ready = [raw] { return raw->serving(); };
  http_options.metrics = metrics_.get();
  http_options.cors_origins = options.http_cors_origins;
  http_options.max_document_bytes = options.max_document_bytes;
  // As the RPCs do it, with the same log line and metrics.
  const DocumentImporter* importer = importer_.get();
  Metrics* metrics = metrics_.get();
  http_options.import_document =
      [importer, metrics](const v1::ImportDocumentRequest& request) {
        absl::StatusOr<v1::ImportDocumentResponse> result =
            importer->Import(request);
        metrics->RecordImport(result.ok());
        LogLine(absl::StrCat("HTTP POST /v1/documents ",
                             result.ok() ? "OK" : result.status().ToString(),
                             " ", ImportLogDetail(request, result)));
        return result;
      };
  Store* writable = store_.get();
  const RegionCatalog* regions = &catalog;
  http_options.remove_publication =
      [writable, regions](const v1::RemovePublicationRequest& request) {
        absl::StatusOr<v1::RemovePublicationResponse> result =
            RemovePublication(writable, *regions, request);
        LogLine(absl::StrCat("HTTP DELETE /v1/regions/", request.region(),
                             "/publications/",
                             FormatPeriod(FromProto(request.period())), " ",
                             result.ok() ? "OK" : result.status().ToString()));
        return result;
      };
  TKP_ASSIGN_OR_RETURN(
      http_server_, http::HttpServer::Start(options.http_listen, http_options));
  LogLine(
      absl::StrCat(options.tls_cert.empty() ? "HTTP" : "HTTPS", " API on ",
                   options.http_listen, " (port ", http_server_->port(),
                   "): /v1/, the dashboard at /, /metrics, /healthz, /readyz"));
  return absl::OkStatus();
}

TkpServer::~TkpServer() {
  if (server_ != nullptr) Shutdown(std::chrono::seconds(5));
}

void TkpServer::SetServing(bool serving) {
  {
    MutexLock lock(&health_mu_);
    serving_ = serving;
  }
  RefreshHealth();
}

bool TkpServer::serving() const {
  MutexLock lock(&health_mu_);
  return serving_;
}

void TkpServer::RefreshHealth() {
  MutexLock lock(&health_mu_);
  if (health_closed_) return;
  // Reads go on without the database; only imports need it. Readiness
  // stays with the read service, so a failover does not empty a Service.
  const bool imports = serving_ && (store_ == nullptr || store_->writable());
  for (grpc::Server* s : {server_.get(), health_server_.get()}) {
    grpc::HealthCheckServiceInterface* health =
        s == nullptr ? nullptr : s->GetHealthCheckService();
    if (health == nullptr) continue;
    health->SetServingStatus(serving_);
    for (const char* name : kServiceNames) {
      health->SetServingStatus(
          name, std::string_view(name) == "tkp.v1.ImportService" ? imports
                                                                 : serving_);
    }
  }
}

void TkpServer::Shutdown(std::chrono::milliseconds grace) {
  SetServing(false);
  {
    MutexLock lock(&health_mu_);
    health_closed_ = true;
  }
  // Refuse new calls and let those under way finish, within the grace.
  // gRPC's own Shutdown(deadline) also waits for idle client connections to
  // go away, which can take the whole grace period for nothing.
  gate_.draining.store(true);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (gate_.in_flight.load() > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server_->Shutdown(std::chrono::system_clock::now());
  if (health_server_ != nullptr) {
    health_server_->Shutdown(std::chrono::system_clock::now());
  }
}

void TkpServer::ReloadImporters() {
  ReloadAndLog(registry_.get()).IgnoreError();
}

void TkpServer::Wait() { server_->Wait(); }

int TkpServer::metrics_port() const {
  return metrics_server_ == nullptr ? 0 : metrics_server_->port();
}

}  // namespace tkp
