#include "tests/bench/database_timings.h"

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "core/region_catalog.h"
#include "tests/bench/bench_errors.h"
#include "tests/bench/publication_generator.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"
#include "tkp/v1/tkp.grpc.pb.h"

namespace tkp::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// Generated layout-A documents (they name their period), each a distinct
// region and quarter: 35 regions a quarter, quarters from 2030 on.
std::vector<GeneratedPublication> Documents(int count) {
  const std::vector<std::string>& regions = RegionCatalog::BuiltIn().names();
  std::vector<GeneratedPublication> documents;
  for (int i = 0; i < count; ++i) {
    const int region = i % static_cast<int>(regions.size());
    const int q = i / static_cast<int>(regions.size());
    documents.push_back(GeneratePublication(
        regions[region], region + 1, 2030 + q / 4, 1 + q % 4,
        /*layout_b=*/false, static_cast<uint32_t>(7919 * i)));
  }
  return documents;
}

// A tkp-server with the build's plugins on a data dir, or on a database
// (`conninfo` in TKP_DATABASE_URL) with a data dir that is never made.
std::unique_ptr<testing::ServerProcess> Server(
    const std::string& data_dir, const std::string& conninfo,
    const std::vector<std::string>& launcher) {
  std::vector<std::string> env;
  if (!conninfo.empty()) env.push_back("TKP_DATABASE_URL=" + conninfo);
  auto server = std::make_unique<testing::ServerProcess>(
      std::vector<std::string>{"--plugin-dir", TKP_PLUGIN_DIR, "--data-dir",
                               data_dir},
      false, env, launcher);
  if (!server->running()) Die("tkp-server did not start:\n" + server->log());
  return server;
}

std::unique_ptr<v1::ImportService::Stub> Importer(
    const testing::ServerProcess& server) {
  return v1::ImportService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
}

// One import, which must store the document.
void ImportOrDie(v1::ImportService::Stub& stub,
                 const GeneratedPublication& document) {
  v1::ImportDocumentRequest request;
  request.set_content(document.text);
  request.set_file_name(document.file_name);
  v1::ImportDocumentResponse response;
  grpc::ClientContext context;
  const grpc::Status status = stub.ImportDocument(&context, request, &response);
  if (!status.ok()) {
    Die(absl::StrCat("importing ", document.file_name,
                     " failed: ", status.error_message()));
  }
  if (response.outcome() != v1::ImportDocumentResponse::OUTCOME_IMPORTED) {
    Die(absl::StrCat(document.file_name, " was not imported as new"));
  }
}

}  // namespace

std::unique_ptr<testing::ServerProcess> ServerOnCopyOf(
    const std::string& data_dir, const std::string& conninfo,
    const std::vector<std::string>& launcher) {
  const testing::ProcessResult copied = testing::RunProcess(
      {TKP_SERVER_BIN, "--data-dir", data_dir, "--copy-into-database"},
      {"TKP_DATABASE_URL=" + conninfo});
  if (copied.exit_code != 0) {
    Die("copying the data dir into the database failed: " + copied.err);
  }
  const testing::TempDir dir;
  return Server(dir.File("unused"), conninfo, launcher);
}

StoreImportRates MeasureStoreImports(const std::string& conninfo, int documents,
                                     const std::vector<std::string>& launcher) {
  const testing::TempDir dir;
  const auto on_dir = Server(dir.File("data"), "", launcher);
  const auto on_database = Server(dir.File("unused"), conninfo, launcher);
  const auto dir_stub = Importer(*on_dir);
  const auto database_stub = Importer(*on_database);
  Clock::duration on_dir_time{}, on_database_time{};
  for (const GeneratedPublication& document : Documents(documents)) {
    auto start = Clock::now();
    ImportOrDie(*dir_stub, document);
    on_dir_time += Clock::now() - start;
    start = Clock::now();
    ImportOrDie(*database_stub, document);
    on_database_time += Clock::now() - start;
  }
  StoreImportRates rates;
  rates.documents = documents;
  rates.data_dir_docs_per_second = documents / Seconds(on_dir_time);
  rates.database_docs_per_second = documents / Seconds(on_database_time);
  return rates;
}

std::vector<double> MeasureServedElsewhere(
    const std::string& conninfo, int imports,
    const std::vector<std::string>& launcher) {
  const testing::TempDir dir;
  const auto a = Server(dir.File("unused"), conninfo, launcher);
  const auto b = Server(dir.File("unused"), conninfo, launcher);
  const auto importer = Importer(*a);
  // Every event after sequence 0 of the empty database: none is missed
  // however soon the stream is set up.
  v1::WatchPublicationsRequest request;
  request.set_after_sequence(0);
  grpc::ClientContext context;
  auto watcher = v1::TransparencyService::NewStub(
      grpc::CreateChannel(b->address(), grpc::InsecureChannelCredentials()));
  std::unique_ptr<grpc::ClientReader<v1::WatchPublicationsResponse>> stream =
      watcher->WatchPublications(&context, request);
  std::vector<double> milliseconds;
  int64_t sequence = 0;
  for (const GeneratedPublication& document : Documents(imports)) {
    ImportOrDie(*importer, document);
    const auto answered = Clock::now();
    v1::WatchPublicationsResponse event;
    if (!stream->Read(&event)) Die("the watch on the second replica ended");
    if (event.event().sequence() != ++sequence) {
      Die(absl::StrCat("the second replica's watch gave event ",
                       event.event().sequence(), ", not ", sequence));
    }
    milliseconds.push_back(1e3 * Seconds(Clock::now() - answered));
  }
  context.TryCancel();
  return milliseconds;
}

}  // namespace tkp::bench
