// Shared test helpers: the real plugins, and an in-process server on a free
// loopback port; the samples (samples.h), files and temporary directories
// (temp_files.h) and import workers (test_workers.h) from their own small
// libraries, which a test that needs only those links alone.

#ifndef TKP_TESTS_SUPPORT_TEST_SUPPORT_H_
#define TKP_TESTS_SUPPORT_TEST_SUPPORT_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/tkp_server.h"
#include "server/workers/worker_pool.h"
#include "tests/support/samples.h"
#include "tests/support/subprocess.h"
#include "tests/support/temp_files.h"
#include "tests/support/test_workers.h"
#include "tkp/v1/tkp.grpc.pb.h"
#include "worker/plugin_loader.h"

namespace tkp::testing {

// Holds the data dir's commit lock (DATA_DIR/publications/.lock), as a
// server mid-commit would, until Release or destruction: a server then waits
// in its restore or its next commit.
class DataDirLock {
 public:
  explicit DataDirLock(const std::string& data_dir);
  ~DataDirLock() { Release(); }
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

  void Release();

 private:
  int fd_ = -1;
};

// `tkp` against `server` with `args`.
ProcessResult Tkp(const ServerProcess& server, std::vector<std::string> args);

// Imports a sample into `server`, so what is measured next is a server that
// has done its work once, and returns its resident memory (KiB). Fails the
// test when the import does.
int64_t ResidentAfterOneImport(const ServerProcess& server);

// A parse deadline (--parse-timeout-seconds) far above what any document
// takes, even in a sanitizer build on a slow, loaded machine. Tests about
// what validation or the sandbox refuses use it, so their outcome never
// depends on the machine's speed; only tests about the deadline itself
// start a server with a short one.
inline constexpr char kGenerousParseSeconds[] = "600";

// After a hostile import, whatever it was: no worker of `server` is left
// busy (within kSettleWithin, a second comes in which it and its workers
// use under 0.1 s of CPU), no more than the pool's waiting workers and the
// zygotes of its `plugins` live,
// and its resident memory is at most `slack_kib` above
// `resident_before_kib`.
void ExpectSettled(const ServerProcess& server, int64_t resident_before_kib,
                   int64_t slack_kib, size_t plugins);

// The plugin libraries a server started without --plugin-dir loads.
size_t InstalledPluginCount();

// The server's /metrics page (its log names the port; it must have been
// started with --metrics-listen 127.0.0.1:0): the page in `out`.
ProcessResult FetchMetrics(const ServerProcess& server);

// Waits (up to kSettleWithin) until the number of process `pid`'s live
// children is `enough`; whether it came to be.
bool AwaitChildren(pid_t pid, const std::function<bool(size_t)>& enough);

// Waits (up to kSettleWithin) until process `pid` is blocked in a file lock
// (/proc/locks lists it as a waiter); whether it came to be.
bool AwaitLockWaiter(pid_t pid);

// A plugin directory of symlinks: the fixture plugins by their short names
// ("hostile" -> fixture_hostile.so) and the real ones ("layout_a" ->
// tkp_layout_a.so).
std::unique_ptr<TempDir> PluginDir(const std::vector<std::string>& fixtures,
                                   const std::vector<std::string>& real);

// The real plugin of that name ("layout-a", "pdf") from the build's
// plugin directory, loaded through the real loader.
LoadedImporter LoadRealImporter(const std::string& name);

// A text sample's figures, read as the server reads it (decoding, the most
// confident of layout A and B, validation), without a server. For samples
// that name their period. Fails the test when the sample does not read.
v1::RegionFigures SampleFigures(const char* sample);

// The figures without what depends on how they arrived (source, notes), to
// compare the same table read from different formats.
v1::RegionFigures FiguresOnly(v1::RegionFigures figures);

// The name of a test whose parameter is a file name: its letters and
// digits, anything else as '_' (GoogleTest allows nothing else).
std::string FileParamName(const ::testing::TestParamInfo<const char*>& info);

// A TkpServer on 127.0.0.1 with a free port, the build's plugins and the
// given data dir, with stubs for both services.
class TestServer {
 public:
  explicit TestServer(const std::string& data_dir,
                      size_t max_document_bytes = kDefaultMaxDocumentBytes);

  std::string address() const;
  v1::TransparencyService::Stub& transparency() { return *transparency_; }
  v1::ImportService::Stub& imports() { return *import_; }
  TkpServer& server() { return *server_; }

  // Imports one document; the status of the call.
  grpc::Status Import(const std::string& content, const std::string& file_name,
                      const std::string& period = "",
                      v1::ImportDocumentResponse* response = nullptr,
                      bool replace = false);
  // Sends `request` as it is.
  grpc::Status Import(const v1::ImportDocumentRequest& request,
                      v1::ImportDocumentResponse* response);
  // Reads the file at `path` (sent under its base name) without storing
  // it; `period` ("2023Q4") empty: none given.
  grpc::Status DryRun(const std::string& path, const std::string& period,
                      v1::ImportDocumentResponse* response);

  // The number of publications the server holds.
  int PublicationCount();

 private:
  std::unique_ptr<TkpServer> server_;
  std::unique_ptr<v1::TransparencyService::Stub> transparency_;
  std::unique_ptr<v1::ImportService::Stub> import_;
};

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_TEST_SUPPORT_H_
