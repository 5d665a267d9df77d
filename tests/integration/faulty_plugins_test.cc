// Faults at the edges, against a real server process: plugins that throw,
// report nonsense or never return are contained (more in
// sandboxed_plugins_test) (the import fails with a
// clear message, nothing is stored, the server keeps serving); client
// deadlines are kept; an oversized request is refused before it is read;
// the CLI says clearly when there is no server.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;
using Clock = std::chrono::steady_clock;

// `parse_seconds`: the server's --parse-timeout-seconds. Tests about what
// is refused run against a server whose deadline no work comes near
// (kGenerousParseSeconds); only FaultyPluginsDeadlineTest's is short.
template <const char* parse_seconds>
class FaultyPluginsServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    plugins_ =
        testing::PluginDir({"throwing", "nonsense", "slow"}, {"layout_a"})
            .release();
    data_ = new testing::TempDir();
    server_ = new testing::ServerProcess(
        {"--data-dir", data_->path(), "--plugin-dir", plugins_->path(),
         "--parse-timeout-seconds", parse_seconds});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
    delete plugins_;
  }
  void SetUp() override { ASSERT_TRUE(server_->running()) << server_->log(); }

  static ProcessResult Tkp(std::vector<std::string> args) {
    return testing::Tkp(*server_, std::move(args));
  }

  // Imports a small file named `name` with `importer`.
  ProcessResult ImportWith(const std::string& importer, const std::string& name,
                           std::vector<std::string> extra = {}) {
    const testing::TempDir dir;
    testing::WriteFileOrDie(dir.File(name), "whatever\n");
    std::vector<std::string> args = std::move(extra);
    args.insert(args.end(), {"import", "--importer", importer, dir.File(name)});
    return Tkp(args);
  }

  void ExpectServingAndEmpty() {
    const ProcessResult listed = Tkp({"--format", "csv", "publications"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 1)
        << listed.out;  // the header only
  }

  static testing::TempDir* plugins_;
  static testing::TempDir* data_;
  static testing::ServerProcess* server_;
};

template <const char* parse_seconds>
testing::TempDir* FaultyPluginsServer<parse_seconds>::plugins_ = nullptr;
template <const char* parse_seconds>
testing::TempDir* FaultyPluginsServer<parse_seconds>::data_ = nullptr;
template <const char* parse_seconds>
testing::ServerProcess* FaultyPluginsServer<parse_seconds>::server_ = nullptr;

constexpr char kShortParseSeconds[] = "1";
using FaultyPluginsTest = FaultyPluginsServer<testing::kGenerousParseSeconds>;
using FaultyPluginsDeadlineTest = FaultyPluginsServer<kShortParseSeconds>;

TEST_F(FaultyPluginsTest, AThrowingPluginFailsItsImportOnly) {
  const ProcessResult r = ImportWith("fixture-throws", "a.txt");
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("fixture-throws failed: boom"));
  ExpectServingAndEmpty();
}

TEST_F(FaultyPluginsTest, NonsenseIsRefusedByValidation) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"negative.txt", "negative"},
      {"empty-name.txt", "a row without a municipality name"},
      {"many-rows.txt", "rows"},
      {"huge.txt", "too large"}};
  for (const auto& [file, why] : cases) {
    SCOPED_TRACE(file);
    const ProcessResult r = ImportWith("fixture-nonsense", file);
    EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
    EXPECT_THAT(r.err, HasSubstr(why));
    EXPECT_THAT(r.err, HasSubstr(file));
  }
  ExpectServingAndEmpty();
}

TEST_F(FaultyPluginsDeadlineTest, APluginThatNeverReturnsIsStopped) {
  const auto start = Clock::now();
  auto slow = std::async(std::launch::async,
                         [&] { return ImportWith("fixture-slow", "s.txt"); });
  // Meanwhile the server answers others. (Most likely the import is under
  // way by then; if a slow machine has not started it yet, the check holds
  // all the same.)
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ExpectServingAndEmpty();
  const ProcessResult r = slow.get();
  EXPECT_EQ(r.exit_code, 64 + 4) << r.err;  // DEADLINE_EXCEEDED
  EXPECT_THAT(r.err, HasSubstr("fixture-slow was stopped after 1s"));
  // The plugin sleeps 30 s: the server did not wait for it.
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(25));
}

TEST_F(FaultyPluginsTest, TheClientsDeadlineIsKept) {
  // The server would wait 600 s, the plugin sleeps 30 s: only the
  // client's own deadline can end the call this soon.
  const auto start = Clock::now();
  const ProcessResult r =
      ImportWith("fixture-slow", "s.txt", {"--timeout", "0.3"});
  EXPECT_EQ(r.exit_code, 64 + 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr("DEADLINE_EXCEEDED"));
  EXPECT_THAT(r.err, Not(HasSubstr("was stopped after")));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(25));
  // Nor does the server go on with a document nobody waits for: the
  // worker is stopped at the caller's deadline too.
  const auto logged = [] {
    return server_->log().find(
               "was stopped when the caller's deadline "
               "passed") != std::string::npos;
  };
  const auto until = Clock::now() + testing::kSettleWithin / 4;
  while (!logged() && Clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(logged()) << server_->log();
  ExpectServingAndEmpty();
}

TEST_F(FaultyPluginsTest, AnOversizedRequestIsRefusedBeforeItIsRead) {
  // Far over the limit (8 MiB documents, 17 MiB messages): gRPC refuses it
  // from its length prefix.
  const testing::TempDir dir;
  testing::WriteFileOrDie(dir.File("flood.txt"), std::string(40 << 20, 'x'));
  for (int i = 0; i < 3; ++i) {
    const ProcessResult r = Tkp({"import", dir.File("flood.txt")});
    EXPECT_EQ(r.exit_code, 64 + 8) << r.err;  // RESOURCE_EXHAUSTED
  }
  ExpectServingAndEmpty();
}

TEST(CliWithoutServerTest, SaysSoQuicklyAndClearly) {
  const auto start = Clock::now();
  const ProcessResult r = testing::RunProcess(
      {TKP_CLI_BIN, "--server", "127.0.0.1:1", "publications"});
  EXPECT_EQ(r.exit_code, 64 + 14) << r.err;  // UNAVAILABLE
  EXPECT_THAT(r.err, ::testing::StartsWith("error: "));
  EXPECT_THAT(r.err, HasSubstr("(UNAVAILABLE)"));
  // Well before its 30 s deadline: it did not wait for a server.
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(25));
}

}  // namespace
}  // namespace tkp
