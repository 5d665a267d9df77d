// Imports survive a restart: the same answers from a new server on the same
// data dir, both in-process and as a real process stopped with SIGTERM and
// one killed with SIGKILL right after acknowledging.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <future>
#include <regex>
#include <thread>

#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using testing::ReadFileOrDie;
using testing::SamplePath;

std::string AllPublications(testing::TestServer& server) {
  grpc::ClientContext context;
  v1::ListPublicationsResponse response;
  EXPECT_TRUE(
      server.transparency().ListPublications(&context, {}, &response).ok());
  return response.DebugString();
}

TEST(RestartTest, SameAnswersAfterRestartOnTheSameDataDir) {
  testing::TempDir dir;
  std::string before;
  v1::RegionFigures figures_before;
  {
    testing::TestServer server(dir.path());
    ASSERT_TRUE(
        server
            .Import(ReadFileOrDie(SamplePath(testing::kSampleAmsterdamA)),
                    "a.txt")
            .ok());
    ASSERT_TRUE(
        server
            .Import(ReadFileOrDie(SamplePath(testing::kSampleAmsterdamB)),
                    "b.tsv", "2023Q4")
            .ok());
    before = AllPublications(server);
    grpc::ClientContext context;
    v1::GetRegionTotalsRequest request;
    request.set_region("Groot Amsterdam");
    ASSERT_TRUE(server.transparency()
                    .GetRegionTotals(&context, request, &figures_before)
                    .ok());
  }
  testing::TestServer restarted(dir.path());
  EXPECT_EQ(AllPublications(restarted), before);
  grpc::ClientContext context;
  v1::GetRegionTotalsRequest request;
  request.set_region("Groot Amsterdam");
  v1::RegionFigures figures_after;
  ASSERT_TRUE(restarted.transparency()
                  .GetRegionTotals(&context, request, &figures_after)
                  .ok());
  EXPECT_EQ(figures_after.SerializeAsString(),
            figures_before.SerializeAsString());
}

TEST(RestartTest, AcknowledgedImportSurvivesSigkill) {
  testing::TempDir dir;
  const std::string sample = SamplePath(testing::kSampleFoodValleyA);
  testing::ServerProcess first({"--data-dir", dir.path()});
  ASSERT_TRUE(first.running()) << first.log();
  const testing::ProcessResult import = testing::RunProcess(
      {TKP_CLI_BIN, "--server", first.address(), "import", sample});
  ASSERT_EQ(import.exit_code, 0) << import.err;
  // No graceful shutdown: the acknowledgement must already be durable.
  EXPECT_EQ(first.Stop(SIGKILL), 128 + SIGKILL);

  testing::ServerProcess second({"--data-dir", dir.path()});
  ASSERT_TRUE(second.running()) << second.log();
  const testing::ProcessResult totals = testing::RunProcess(
      {TKP_CLI_BIN, "--server", second.address(), "--format", "csv", "totals",
       "--region", "Food Valley"});
  ASSERT_EQ(totals.exit_code, 0) << totals.err;
  EXPECT_THAT(totals.out, ::testing::HasSubstr(
                              "FoodValley,9,2023Q4,150,1232,3007,1017,5406"));
  EXPECT_EQ(second.Stop(), 0) << second.log();
  EXPECT_THAT(second.log(), ::testing::HasSubstr("1 publications restored"));
}

TEST(RestartTest, SigtermLetsACallInFlightFinishAndRefusesNewOnes) {
  testing::TempDir dir;
  testing::ServerProcess server({"--data-dir", dir.path()});
  ASSERT_TRUE(server.running()) << server.log();
  // Holding the data dir's lock keeps an import waiting inside the server.
  testing::DataDirLock lock(dir.path());
  auto import = std::async(std::launch::async, [&] {
    return testing::RunProcess({TKP_CLI_BIN, "--server", server.address(),
                                "import",
                                SamplePath(testing::kSampleFoodValleyA)});
  });
  ASSERT_TRUE(testing::AwaitLockWaiter(server.pid()))
      << "the import never came to wait for the lock";
  auto stop = std::async(std::launch::async, [&] { return server.Stop(); });
  // Once the server has the signal, new calls are refused (UNAVAILABLE),
  // while the import waits on: within the 5 s the server gives it.
  testing::ProcessResult refused;
  for (int i = 0; i < 50 && refused.exit_code != 64 + 14; ++i) {
    refused = testing::RunProcess({TKP_CLI_BIN, "--server", server.address(),
                                   "--timeout", "5", "publications"});
  }
  EXPECT_EQ(refused.exit_code, 64 + 14) << refused.err;  // UNAVAILABLE
  lock.Release();
  const testing::ProcessResult imported = import.get();
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(stop.get(), 0);
  EXPECT_THAT(server.log(), ::testing::HasSubstr(
                                "method=ImportService/ImportDocument peer="));
  // What was acknowledged during shutdown is there after a restart.
  testing::ServerProcess again({"--data-dir", dir.path()});
  ASSERT_TRUE(again.running()) << again.log();
  EXPECT_THAT(again.log(), ::testing::HasSubstr("1 publications restored"));
}

// The call log: by default changes and failures only, every call with
// --log-calls all.
TEST(CallLogTest, DefaultLogsChangesAndFailuresAndAllLogsReadsToo) {
  for (const char* policy : {"changes", "all", "errors"}) {
    SCOPED_TRACE(policy);
    const testing::TempDir dir;
    testing::ServerProcess server(
        {"--data-dir", dir.path(), "--log-calls", policy});
    ASSERT_TRUE(server.running()) << server.log();
    const auto cli = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {TKP_CLI_BIN, "--server", server.address()});
      return testing::RunProcess(args).exit_code;
    };
    EXPECT_EQ(cli({"import", SamplePath(testing::kSampleFoodValleyA)}), 0);
    EXPECT_EQ(cli({"totals", "--region", "Food Valley"}), 0);
    EXPECT_NE(cli({"totals", "--region", "Atlantis"}), 0);
    EXPECT_EQ(cli({"export", "--out", dir.path() + "/export.csv"}), 0);
    EXPECT_EQ(cli({"watch", "--after", "0", "--count", "1"}), 0);
    EXPECT_EQ(server.Stop(), 0);
    const std::string log = server.log();
    const bool all = std::string(policy) == "all";
    const bool errors_only = std::string(policy) == "errors";
    EXPECT_EQ(
        log.find("method=ImportService/ImportDocument") != std::string::npos,
        !errors_only);
    EXPECT_EQ(
        std::regex_search(log, std::regex("method=TransparencyService/"
                                          "GetRegionTotals peer=\\S+ code=OK")),
        all);
    // Streams too, when they end: an export, and a watch its client ended
    // (a stream's usual end, logged as a success is).
    EXPECT_EQ(std::regex_search(
                  log, std::regex("method=TransparencyService/ExportFigures "
                                  "peer=\\S+ code=OK .*publications=1")),
              all);
    EXPECT_EQ(
        std::regex_search(log, std::regex("method=TransparencyService/"
                                          "WatchPublications peer=\\S+ code="
                                          "CANCELLED .*after=0 events=1")),
        all);
    EXPECT_THAT(log, ::testing::HasSubstr("code=NOT_FOUND"));
  }
}

}  // namespace
}  // namespace tkp
