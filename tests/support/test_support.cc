#include "tests/support/test_support.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "proto/period_conversion.h"
#include "server/importing/text_decoding.h"
#include "server/importing/validator.h"

namespace tkp::testing {

DataDirLock::DataDirLock(const std::string& data_dir) {
  std::filesystem::create_directories(data_dir + "/publications");
  const std::string path = data_dir + "/publications/.lock";
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  EXPECT_GE(fd_, 0) << "cannot open " << path;
  EXPECT_EQ(flock(fd_, LOCK_EX), 0) << "cannot lock " << path;
}

void DataDirLock::Release() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

ProcessResult Tkp(const ServerProcess& server, std::vector<std::string> args) {
  args.insert(args.begin(), {TKP_CLI_BIN, "--server", server.address()});
  return RunProcess(args);
}

int64_t ResidentAfterOneImport(const ServerProcess& server) {
  const ProcessResult r =
      Tkp(server, {"import", SamplePath(kSampleFoodValleyA)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return ResidentKib(server.pid());
}

void ExpectSettled(const ServerProcess& server, int64_t resident_before_kib,
                   int64_t slack_kib, size_t plugins) {
  // Polled, not timed: a worker left behind burns CPU for ever, while how
  // soon a killed one is reaped depends on the machine (seconds for a
  // sanitizer build on a loaded one). So: idle within a minute.
  const auto deadline = std::chrono::steady_clock::now() + kSettleWithin;
  bool idle = false;
  while (!idle && std::chrono::steady_clock::now() < deadline) {
    const double before = TreeCpuSeconds(server.pid());
    std::this_thread::sleep_for(std::chrono::seconds(1));
    idle = TreeCpuSeconds(server.pid()) - before < 0.1;
  }
  EXPECT_TRUE(idle) << "something still burns CPU";
  // Per plugin, the workers kept ready, those kept to rate the next
  // document and the zygote they are forked from.
  const WorkerOptions kept;
  const size_t most =
      static_cast<size_t>(kept.idle_workers + kept.kept_raters + 1) * plugins;
  EXPECT_TRUE(AwaitChildren(server.pid(), [&](size_t n) { return n <= most; }))
      << "more workers alive than the pool keeps ready";
  EXPECT_LT(ResidentKib(server.pid()) - resident_before_kib, slack_kib)
      << "the server's resident memory grew";
}

size_t InstalledPluginCount() {
  size_t count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(TKP_PLUGIN_DIR)) {
    if (entry.path().extension() == ".so") ++count;
  }
  return count;
}

ProcessResult FetchMetrics(const ServerProcess& server) {
  const std::string log = server.log();
  // "metrics on 127.0.0.1:0 (port N) at /metrics"
  const size_t at = log.find("metrics on ");
  if (at == std::string::npos) return {1, "", "no metrics listener: " + log};
  const size_t port_at = log.find("(port ", at) + 6;
  const std::string port =
      log.substr(port_at, log.find(')', port_at) - port_at);
  return RunProcess(
      {"/usr/bin/python3", "-c",
       absl::StrCat("import urllib.request;print(urllib.request.urlopen("
                    "'http://127.0.0.1:",
                    port, "/metrics').read().decode())")});
}

bool AwaitChildren(pid_t pid, const std::function<bool(size_t)>& enough) {
  const auto deadline = std::chrono::steady_clock::now() + kSettleWithin;
  while (!enough(ChildrenOf(pid).size())) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

bool AwaitLockWaiter(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + kSettleWithin;
  const std::string waiter = absl::StrCat(" ", pid, " ");
  while (std::chrono::steady_clock::now() < deadline) {
    // A blocked request is listed as "N: -> FLOCK ADVISORY WRITE PID ...".
    std::ifstream locks("/proc/locks");
    for (std::string line; std::getline(locks, line);) {
      if (line.find("->") != std::string::npos &&
          line.find(waiter) != std::string::npos) {
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::unique_ptr<TempDir> PluginDir(const std::vector<std::string>& fixtures,
                                   const std::vector<std::string>& real) {
  auto dir = std::make_unique<TempDir>();
  std::filesystem::permissions(dir->path(), std::filesystem::perms(0755));
  for (const std::string& fixture : fixtures) {
    std::filesystem::create_symlink(
        absl::StrCat(TKP_FAULTY_PLUGIN_DIR, "/fixture_", fixture, ".so"),
        dir->File(absl::StrCat(fixture, ".so")));
  }
  for (const std::string& plugin : real) {
    std::filesystem::create_symlink(
        absl::StrCat(TKP_PLUGIN_DIR, "/tkp_", plugin, ".so"),
        dir->File(absl::StrCat(plugin, ".so")));
  }
  return dir;
}

LoadedImporter LoadRealImporter(const std::string& name) {
  // "layout-a" -> tkp_layout_a.so
  const std::string path = absl::StrCat(
      TKP_PLUGIN_DIR, "/tkp_", absl::StrReplaceAll(name, {{"-", "_"}}), ".so");
  absl::StatusOr<LoadedImporter> loaded = LoadPlugin(path);
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  if (!loaded.ok()) return {};
  EXPECT_EQ(loaded->info.name, name);
  return *std::move(loaded);
}

v1::RegionFigures SampleFigures(const char* sample) {
  const std::string bytes = ReadFileOrDie(SamplePath(sample));
  const LoadedImporter a = LoadRealImporter("layout-a");
  const LoadedImporter b = LoadRealImporter("layout-b");
  if (a.importer == nullptr || b.importer == nullptr) return {};
  absl::StatusOr<DecodedText> text = DecodeText(bytes, sample);
  EXPECT_TRUE(text.ok()) << text.status();
  if (!text.ok()) return {};
  // The more confident, as the server picks (a tie goes to layout-a).
  const LoadedImporter& importer =
      b.importer->Identify(text->utf8) > a.importer->Identify(text->utf8) ? b
                                                                          : a;
  const plugin::ParseOutcome parsed =
      importer.importer->Parse(text->utf8, {sample, ""});
  EXPECT_TRUE(parsed.ok && parsed.documents.size() == 1) << parsed.error;
  if (!parsed.ok || parsed.documents.size() != 1) return {};
  absl::StatusOr<v1::RegionFigures> figures = Validate(
      parsed.documents.front(), ValidationContext{sample, std::nullopt});
  EXPECT_TRUE(figures.ok()) << figures.status();
  return figures.ok() ? *std::move(figures) : v1::RegionFigures();
}

std::string FileParamName(const ::testing::TestParamInfo<const char*>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
  }
  return name;
}

v1::RegionFigures FiguresOnly(v1::RegionFigures figures) {
  figures.clear_source();
  figures.clear_notes();
  return figures;
}

TestServer::TestServer(const std::string& data_dir, size_t max_document_bytes) {
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.data_dir = data_dir;
  options.plugin_dir = TKP_PLUGIN_DIR;
  options.worker_binary = TKP_WORKER_BIN;
  options.max_document_bytes = max_document_bytes;
  absl::StatusOr<std::unique_ptr<TkpServer>> server = TkpServer::Start(options);
  if (!server.ok()) {
    ADD_FAILURE() << "server did not start: " << server.status();
    return;
  }
  server_ = std::move(*server);
  grpc::ChannelArguments args;
  args.SetMaxSendMessageSize(-1);
  auto channel = grpc::CreateCustomChannel(
      address(), grpc::InsecureChannelCredentials(), args);
  transparency_ = v1::TransparencyService::NewStub(channel);
  import_ = v1::ImportService::NewStub(channel);
}

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", server_->port());
}

namespace {

v1::ImportDocumentRequest RequestFor(const std::string& content,
                                     const std::string& file_name,
                                     const std::string& period) {
  v1::ImportDocumentRequest request;
  request.set_content(content);
  request.set_file_name(file_name);
  if (!period.empty()) {
    absl::StatusOr<PeriodKey> parsed = ParsePeriod(period);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    if (parsed.ok()) *request.mutable_period() = ToProto(*parsed);
  }
  return request;
}

}  // namespace

grpc::Status TestServer::Import(const std::string& content,
                                const std::string& file_name,
                                const std::string& period,
                                v1::ImportDocumentResponse* response,
                                bool replace) {
  v1::ImportDocumentRequest request = RequestFor(content, file_name, period);
  request.set_replace(replace);
  v1::ImportDocumentResponse ignored;
  return Import(request, response != nullptr ? response : &ignored);
}

grpc::Status TestServer::DryRun(const std::string& path,
                                const std::string& period,
                                v1::ImportDocumentResponse* response) {
  v1::ImportDocumentRequest request =
      RequestFor(ReadFileOrDie(path),
                 std::filesystem::path(path).filename().string(), period);
  request.set_dry_run(true);
  return Import(request, response);
}

grpc::Status TestServer::Import(const v1::ImportDocumentRequest& request,
                                v1::ImportDocumentResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(120));
  return import_->ImportDocument(&context, request, response);
}

int TestServer::PublicationCount() {
  grpc::ClientContext context;
  v1::ListPublicationsResponse response;
  const grpc::Status status = transparency_->ListPublications(
      &context, v1::ListPublicationsRequest(), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.publications_size();
}

}  // namespace tkp::testing
