// Plugins that misbehave only as they load into their zygote (each plugin
// library has one, which forks a worker per document), so a reload's probe
// passes them: each is caught before it sees a document and fails only
// the imports that use it, by name, while the other importers go on.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;

// Whether a process of the server's runs a plugin whose file name holds
// `name` (a zygote, or what it forked or started).
bool AnyChildLoads(pid_t server, const std::string& name) {
  for (const pid_t child : testing::ChildrenOf(server)) {
    std::ifstream file(absl::StrCat("/proc/", child, "/cmdline"));
    const std::string command((std::istreambuf_iterator<char>(file)),
                              std::istreambuf_iterator<char>());
    if (command.find(name) != std::string::npos) return true;
  }
  return false;
}

// A plugin that starts a process as it loads into its zygote (it passes
// the reload's probe by doing so only there) is caught before any document
// is read, and what it started is stopped. It fails its own imports, by
// name, and no other's.
TEST(ZygoteTest, APluginThatStartsAProcessAsItLoadsIsStopped) {
  testing::TempDir plugins;
  std::filesystem::permissions(plugins.path(), std::filesystem::perms(0755));
  std::filesystem::create_symlink(
      absl::StrCat(TKP_FAULTY_PLUGIN_DIR, "/fixture_forking.so"),
      plugins.File("forking.so"));
  std::filesystem::create_symlink(
      absl::StrCat(TKP_PLUGIN_DIR, "/tkp_layout_a.so"),
      plugins.File("layout_a.so"));
  testing::TempDir data;
  testing::ServerProcess server(
      {"--data-dir", data.path(), "--plugin-dir", plugins.path()});
  ASSERT_TRUE(server.running()) << server.log();
  const std::string sample = testing::SamplePath(testing::kSampleFoodValleyA);
  const ProcessResult named =
      testing::Tkp(server, {"import", "--importer", "fixture-forking", sample});
  EXPECT_EQ(named.exit_code, 64 + 14) << named.err;  // UNAVAILABLE
  EXPECT_THAT(named.err,
              HasSubstr("importer fixture-forking could not start: the import "
                        "worker's plugins started 1 process(es) of their own "
                        "as they loaded"));
  const ProcessResult chosen = testing::Tkp(server, {"import", sample});
  EXPECT_EQ(chosen.exit_code, 0) << chosen.err;
  // The pool's refills meet the same plugin; none of what it starts lives.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::minutes(1);
  while (AnyChildLoads(server.pid(), "forking.so") &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_FALSE(AnyChildLoads(server.pid(), "forking.so"));
  EXPECT_TRUE(server.running()) << server.log();
}

// A server whose plugins are the fixtures `fixtures` and layout-a.
struct ZygoteServer {
  explicit ZygoteServer(const std::vector<std::string>& fixtures)
      : plugins(testing::PluginDir(fixtures, {"layout_a"})),
        server({"--data-dir", data.path(), "--plugin-dir", plugins->path(),
                "--metrics-listen", "127.0.0.1:0"}) {}
  // The value of the metric line that begins with `name`.
  std::string Metric(const std::string& name) {
    const ProcessResult metrics = testing::FetchMetrics(server);
    EXPECT_EQ(metrics.exit_code, 0) << metrics.err;
    const size_t at = metrics.out.find(name + " ");
    if (at == std::string::npos) return "(missing)";
    const size_t value = at + name.size() + 1;
    return metrics.out.substr(value, metrics.out.find('\n', value) - value);
  }
  // An import of the sample, choosing its importer, is stored.
  void ExpectOthersImport() {
    const ProcessResult r = testing::Tkp(
        server, {"import", testing::SamplePath(testing::kSampleFoodValleyA)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(server.running()) << server.log();
  }
  // Imports a document of one line, `first`, by `importer` (chosen by
  // the server when empty).
  ProcessResult Import(const std::string& importer, const std::string& first) {
    testing::WriteFileOrDie(work.File("doc.txt"), first + "\n");
    std::vector<std::string> args = {"import", work.File("doc.txt")};
    if (!importer.empty()) args.insert(args.end(), {"--importer", importer});
    return testing::Tkp(server, args);
  }
  testing::TempDir data;
  testing::TempDir work;
  std::unique_ptr<testing::TempDir> plugins;
  testing::ServerProcess server;
};

// An in-memory file a plugin kept open as it loaded into its zygote would
// hold memory outside every limit for as long as the server runs (each
// forked worker closes it, so it would carry nothing): the zygote refuses
// to go on, saying why; other importers go on.
TEST(ZygoteTest, AnInMemoryFileKeptAsItLoadsIsRefused) {
  ZygoteServer zygote({"sharing"});
  ASSERT_TRUE(zygote.server.running()) << zygote.server.log();
  const ProcessResult r = zygote.Import("fixture-sharing", "secret-one");
  EXPECT_EQ(r.exit_code, 64 + 14) << r.err;  // UNAVAILABLE
  EXPECT_THAT(r.err, HasSubstr("importer fixture-sharing could not start: "));
  EXPECT_THAT(r.err, HasSubstr("the plugins kept 1 in-memory file(s) open as "
                               "they loaded"));
  zygote.ExpectOthersImport();
}

// Shared writable memory a plugin made as it loaded would be every forked
// worker's: its zygote refuses to go on, saying why; other importers go on.
TEST(ZygoteTest, SharedMemoryMadeAsItLoadsIsRefused) {
  ZygoteServer zygote({"mapping"});
  ASSERT_TRUE(zygote.server.running()) << zygote.server.log();
  const ProcessResult r = zygote.Import("fixture-mapping", "secret-one");
  EXPECT_EQ(r.exit_code, 64 + 14) << r.err;  // UNAVAILABLE
  EXPECT_THAT(r.err, HasSubstr("importer fixture-mapping could not start: "));
  EXPECT_THAT(r.err, HasSubstr("the plugins made 1 shared writable mapping(s) "
                               "as they loaded ("))
      << r.err;
  EXPECT_THAT(r.err, HasSubstr("/memfd:tkp-carrier"));
  zygote.ExpectOthersImport();
}

// Binary formats are the bytes importers': a text document goes to them
// only when no text importer recognises it, so each import forks fewer
// workers.
TEST(ZygoteTest, ATextDocumentGoesToBytesImportersOnlyIfNoTextImporterReadsIt) {
  ZygoteServer zygote({"binary"});
  ASSERT_TRUE(zygote.server.running()) << zygote.server.log();
  zygote.ExpectOthersImport();  // layout-a's; fixture-binary not asked
  const ProcessResult r = zygote.Import("", "nothing anyone reads");
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;  // INVALID_ARGUMENT
  EXPECT_THAT(r.err, HasSubstr("importer fixture-binary crashed (SIGSEGV) "
                               "while recognising it"));
}

// A plugin that never finishes loading in its zygote: its imports fail at
// the start-up deadline, saying so (not blaming the parse deadline), and
// name it; the next ones are told at once; other importers go on.
TEST(ZygoteTest, APluginThatHangsAsItLoadsIsGivenUpOn) {
  ZygoteServer zygote({"hanging"});
  ASSERT_TRUE(zygote.server.running()) << zygote.server.log();
  for (int i = 0; i < 2; ++i) {
    const ProcessResult r = zygote.Import("fixture-hanging", "anything");
    EXPECT_EQ(r.exit_code, 64 + 14) << r.err;  // UNAVAILABLE
    EXPECT_THAT(r.err, HasSubstr("importer fixture-hanging could not start: "
                                 "the import worker did not start: it was not "
                                 "ready within 10s of starting (a plugin "
                                 "hangs as it loads"));
    EXPECT_THAT(r.err, Not(HasSubstr("--parse-timeout-seconds")));
  }
  const ProcessResult identified = testing::Tkp(
      zygote.server,
      {"identify", testing::SamplePath(testing::kSampleFoodValleyA)});
  EXPECT_THAT(identified.out, HasSubstr("fixture-hanging could not start"));
  zygote.ExpectOthersImport();
  // Tried once: one start-up timeout counted, not one per import.
  EXPECT_EQ(zygote.Metric("tkp_import_worker_exits_total{reason=\"timeout\"}"),
            "1");
}

}  // namespace
}  // namespace tkp
