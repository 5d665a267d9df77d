#include "server/server_flags.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/store/data_dir_store.h"
#include "server/store/postgres/pg_connection.h"

namespace tkp {
namespace {

// The directory of this binary, "" when unknown.
std::filesystem::path BinaryDir() {
  std::error_code error;
  const std::filesystem::path exe =
      std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : exe.parent_path();
}

// ../lib/tkp/plugins beside the binary, as `cmake --install` lays it out
// (the build tree mirrors it).
std::string DefaultPluginDir() {
  const std::filesystem::path dir = BinaryDir();
  if (dir.empty()) return "lib/tkp/plugins";
  return (dir / ".." / "lib" / "tkp" / "plugins").lexically_normal().string();
}

}  // namespace

std::string DefaultWorkerBinary() {
  return (BinaryDir() / "tkp-import-worker").string();
}

namespace {}  // namespace

std::optional<ServerOptions> ParseServerFlags(int argc, char** argv,
                                              int* exit_code) {
  ServerOptions options;
  options.plugin_dir = DefaultPluginDir();
  options.worker_binary = DefaultWorkerBinary();
  size_t max_mib = options.max_document_bytes >> 20;

  CLI::App app(
      "tkp-server: serves the figures of the \"Transparantie van "
      "klantprofielen\" tables over gRPC (tkp.v1.TransparencyService and "
      "tkp.v1.ImportService).\nImports are stored in the data dir (or the "
      "database) before they are acknowledged and restored at start.",
      "tkp-server");
  app.set_version_flag("--version", "tkp-server 1.0.0");
  app.add_option("--listen", options.listen,
                 "address to listen on, HOST:PORT (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--data-dir", options.data_dir,
                 "directory that holds the imported publications")
      ->capture_default_str();
  std::string database_url;
  app.add_option("--database-url", database_url,
                 "keep the publications in PostgreSQL instead of --data-dir, "
                 "shared by every replica given the same database: a libpq "
                 "connection string or URI (postgresql://USER@HOST/DB; "
                 "\"postgresql://\" alone: libpq's PG* variables and service "
                 "file). Never a password here: every user of the machine "
                 "can read a command line; also read from TKP_DATABASE_URL, "
                 "which may hold one");
  app.add_flag("--copy-into-database", options.copy_into_database,
               "copy the publications and events of --data-dir into the "
               "empty database of --database-url (or TKP_DATABASE_URL) in "
               "one transaction, then exit: moving one machine's figures to "
               "replicas on PostgreSQL");
  app.add_option("--plugin-dir", options.plugin_dir,
                 "directory of importer plugins (*.so)")
      ->capture_default_str();
  app.add_option("--max-document-mib", max_mib,
                 "largest document accepted for import, in MiB")
      ->capture_default_str()
      ->check(CLI::Range(1, 1024));
  app.add_option("--parse-timeout-seconds", options.parse_timeout_seconds,
                 "longest an importer plugin may take to read one document; "
                 "its worker is then killed and the import fails with "
                 "DEADLINE_EXCEEDED")
      ->capture_default_str()
      ->check(CLI::Range(1, 3600));
  app.add_option("--worker-memory-mib", options.worker_memory_mib,
                 "address space of each import worker, in MiB; a plugin "
                 "that needs more fails its import with RESOURCE_EXHAUSTED")
      ->capture_default_str()
      ->check(CLI::Range(64, 65536));
  app.add_option("--idle-workers", options.idle_workers,
                 "import workers kept started and waiting for a document, per "
                 "importer plugin")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  app.add_option("--rating-workers", options.rating_workers,
                 "import workers kept, per importer plugin, to rate the next "
                 "document once they rated one (a rater only answers \"do "
                 "you read this?\"; every parse is a new worker's); 0: a new "
                 "worker rates each document")
      ->capture_default_str()
      ->check(CLI::Range(0, 64));
  app.add_option("--import-worker", options.worker_binary,
                 "the tkp-import-worker binary (default: beside tkp-server)")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-cert", options.tls_cert,
                 "PEM certificate chain: serve TLS (with --tls-key)")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", options.tls_key, "PEM private key for --tls-cert")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-client-ca", options.tls_client_ca,
                 "PEM CA: require client certificates it signed (mutual TLS)")
      ->check(CLI::ExistingFile);
  app.add_option("--tokens-file", options.tokens_file,
                 "bearer tokens, one \"<token> reader|importer\" per line; "
                 "when given, every call needs a token")
      ->check(CLI::ExistingFile);
  app.add_option(
         "--watch-interval-ms", options.watch_interval_ms,
         absl::StrCat("look at the data dir this often for imports "
                      "by other servers sharing it; its files are "
                      "listed again only when it changed, or every ",
                      absl::FormatDuration(DataDirStore::kFullRescanEvery),
                      " (0: never). With --database-url, other "
                      "replicas' imports arrive as notifications; this is "
                      "how soon a lost connection is first tried again"))
      ->capture_default_str()
      ->check(CLI::Range(0, 3600000));
  app.add_option("--health-listen", options.health_listen,
                 "also serve grpc.health.v1 (only) in plaintext on HOST:PORT, "
                 "for probes that cannot speak TLS");
  app.add_option("--metrics-listen", options.metrics_listen,
                 "serve Prometheus metrics at http://HOST:PORT/metrics");
  CLI::Option* http_listen = app.add_option(
      "--http-listen", options.http_listen,
      "serve the figures as JSON over HTTP/1.1 at "
      "http://HOST:PORT/v1/... (see proto/README.md), imports and "
      "removals (POST /v1/documents, DELETE; an importer's token), the "
      "dashboard for browsers at http://HOST:PORT/, and /healthz and "
      "/readyz; the same tokens as gRPC, and HTTPS with its certificate "
      "where --tls-cert is given");
  app.add_option("--http-cors-origin", options.http_cors_origins,
                 "let pages from ORIGIN (scheme://host[:port], as the "
                 "browser sends it in Origin; * for any) read the HTTP API "
                 "across origins; repeat for more. Off by default")
      ->type_name("ORIGIN")
      ->needs(http_listen);
  const std::map<std::string, CallLogging> call_logging_by_name = {
      {"all", CallLogging::kAll},
      {"changes", CallLogging::kChanges},
      {"errors", CallLogging::kErrors}};
  std::string call_logging = "changes";
  app.add_option("--log-calls", call_logging,
                 "which calls get a log line on stderr: all; changes (calls "
                 "to ImportService, and every failed call); errors (failed "
                 "calls only). Every call is counted in the metrics")
      ->capture_default_str()
      ->check(CLI::IsMember({"all", "changes", "errors"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    *exit_code = code == 0 ? 0 : 2;
    return std::nullopt;
  }
  if (!database_url.empty()) {
    if (const absl::Status safe = PgConnection::CheckNoPassword(database_url);
        !safe.ok()) {
      std::cerr << "--database-url: " << safe.message() << "\n";
      *exit_code = 2;
      return std::nullopt;
    }
    options.database_url = database_url;
  } else if (const char* from_env = std::getenv("TKP_DATABASE_URL")) {
    options.database_url = from_env;
  }
  if (options.copy_into_database && options.database_url.empty()) {
    std::cerr << "--copy-into-database needs --database-url or "
                 "TKP_DATABASE_URL: the database to copy into\n";
    *exit_code = 2;
    return std::nullopt;
  }
  options.max_document_bytes = max_mib << 20;
  options.call_logging = call_logging_by_name.at(call_logging);
  return options;
}

}  // namespace tkp
