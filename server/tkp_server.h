// Wiring: the region catalog, the plugins, the store and the two services
// behind one gRPC server. main.cc and the tests start it the same way.

#ifndef TKP_SERVER_TKP_SERVER_H_
#define TKP_SERVER_TKP_SERVER_H_

#include <grpcpp/server.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/http/http_server.h"
#include "server/importing/document_importer.h"
#include "server/importing/importer_registry.h"
#include "server/ops/metrics.h"
#include "server/ops/metrics_http_server.h"
#include "server/services/import_service.h"
#include "server/services/transparency_service.h"
#include "server/store/store.h"
#include "server/util/sync.h"

namespace tkp {

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";  // port 0 picks a free port
  std::string data_dir = "tkp-data";
  // A libpq connection string or URI: the publications live in PostgreSQL
  // (server/store/postgres/pg_store.h), shared by replicas, instead of in
  // data_dir; empty: the data dir.
  std::string database_url;
  // Copy the data dir into the database and exit (CopyDataDirIntoDatabase)
  // instead of serving.
  bool copy_into_database = false;
  std::string plugin_dir;  // required
  size_t max_document_bytes = kDefaultMaxDocumentBytes;
  // How long a plugin may take to parse one document.
  int parse_timeout_seconds = 10;
  // The import workers: the binary (required), each one's address space,
  // how many are kept started and waiting, and how many are kept to rate
  // the next document once they rated one.
  std::string worker_binary;
  int worker_memory_mib = 1024;
  int idle_workers = 2;
  int rating_workers = 2;
  // TLS: the server's certificate chain and key (PEM files); with
  // tls_client_ca, clients must present a certificate it signed.
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  // Bearer tokens (see server/services/token_auth.h); empty: no tokens needed.
  std::string tokens_file;
  // HOST:PORT of a plaintext port that serves only grpc.health.v1, for
  // probes that cannot speak TLS (Kubernetes' gRPC probes); empty: none.
  std::string health_listen;
  // HOST:PORT of the Prometheus endpoint; empty: none.
  std::string metrics_listen;
  // HOST:PORT of the HTTP/JSON API (server/http/); empty: none.
  std::string http_listen;
  // Origins whose pages may read the HTTP API (server/http/cors.h).
  std::vector<std::string> http_cors_origins;
  // How often to rescan the data dir for what other servers sharing it
  // imported; 0: never.
  int watch_interval_ms = 500;
  // Which calls get a log line (every call is counted in the metrics).
  CallLogging call_logging = CallLogging::kChanges;
};

// Copies the publications and events of options.data_dir into the empty
// database options.database_url (server/store/postgres/pg_copy.h), logging
// what it copied.
absl::Status CopyDataDirIntoDatabase(const ServerOptions& options);

class TkpServer {
 public:
  // Loads plugins (a bad one is logged and skipped), starts listening with
  // the health service NOT_SERVING, restores the data dir (a bad file is
  // logged and skipped; calls meanwhile get UNAVAILABLE), then reports
  // SERVING.
  static absl::StatusOr<std::unique_ptr<TkpServer>> Start(
      const ServerOptions& options);

  ~TkpServer();

  // The port it listens on (the chosen one when asked for port 0).
  int port() const { return port_; }

  // Reports NOT_SERVING, stops accepting calls and waits for those in
  // flight, at most `grace` (then cancels them).
  void Shutdown(std::chrono::milliseconds grace);

  // Blocks until Shutdown.
  void Wait();

  // Rescans the plugin directory (SIGHUP); logs what changed.
  void ReloadImporters();

  const Store& store() const { return *store_; }

  // The metrics endpoint's port, 0 without one.
  int metrics_port() const;

  // Whether it serves (after the restore, before Shutdown).
  bool serving() const;

 private:
  TkpServer() = default;

  // The HTTP/JSON API, the dashboard and /metrics (--http-listen).
  absl::Status StartHttpServer(const ServerOptions& options,
                               const RegionCatalog& catalog);

  // The health service's status, overall and for each tkp service.
  void SetServing(bool serving);
  // Sets it again: ImportService is NOT_SERVING while the store cannot take
  // commits (its database is away), the rest as SetServing said. Called
  // by the store's follower thread too, until Shutdown.
  void RefreshHealth();

  // Members are destroyed bottom-up: each thing before what it uses.
  // The health statuses' lock, taken alone; after Shutdown, nothing
  // changes them (the follower thread outlives the gRPC servers).
  mutable Mutex health_mu_;
  bool serving_ ABSL_GUARDED_BY(health_mu_) = false;
  bool health_closed_ ABSL_GUARDED_BY(health_mu_) = false;
  std::unique_ptr<Metrics> metrics_;
  CallGate gate_;
  std::unique_ptr<TokenAuthenticator> auth_;
  std::unique_ptr<ImporterRegistry> registry_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<MetricsHttpServer> metrics_server_;  // reads store_
  std::unique_ptr<DocumentImporter> importer_;
  // Reads store_ and auth_; imports through importer_.
  std::unique_ptr<http::HttpServer> http_server_;
  std::unique_ptr<TransparencyServiceImpl> transparency_service_;
  std::unique_ptr<ImportServiceImpl> import_service_;
  std::unique_ptr<grpc::Server> health_server_;
  std::unique_ptr<grpc::Server> server_;  // last: stopped first
  int port_ = 0;
};

}  // namespace tkp

#endif  // TKP_SERVER_TKP_SERVER_H_
