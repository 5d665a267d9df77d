// WatchPublications: every import, replacement and removal, in sequence; a
// client that resumes from the last sequence it saw misses nothing and sees
// nothing twice, also across a server restart.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using Kind = v1::PublicationEvent;
using testing::ReadFileOrDie;
using testing::SamplePath;

// Reads a watch stream on a thread of its own until cancelled.
class Watch {
 public:
  Watch(testing::TestServer& server, std::optional<int64_t> after) {
    v1::WatchPublicationsRequest request;
    if (after) request.set_after_sequence(*after);
    reader_ = server.transparency().WatchPublications(&context_, request);
    thread_ = std::thread([this] {
      v1::WatchPublicationsResponse response;
      while (reader_->Read(&response)) {
        absl::MutexLock lock(&mu_);
        events_.push_back(response.event());
      }
    });
  }
  ~Watch() {
    context_.TryCancel();
    thread_.join();
    reader_->Finish().IgnoreError();
  }

  // The events once there are `count` of them (waits up to
  // testing::kSettleWithin for them).
  std::vector<v1::PublicationEvent> Await(size_t count) {
    absl::MutexLock lock(&mu_);
    auto enough = [&] { return events_.size() >= count; };
    mu_.AwaitWithTimeout(absl::Condition(&enough),
                         absl::FromChrono(testing::kSettleWithin));
    return events_;
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchPublicationsResponse>> reader_;
  absl::Mutex mu_;
  std::vector<v1::PublicationEvent> events_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

void Remove(testing::TestServer& server, const std::string& region, int year,
            int quarter, grpc::StatusCode expected) {
  v1::RemovePublicationRequest request;
  request.set_region(region);
  request.mutable_period()->set_year(year);
  request.mutable_period()->set_quarter(quarter);
  grpc::ClientContext context;
  v1::RemovePublicationResponse response;
  EXPECT_EQ(server.imports()
                .RemovePublication(&context, request, &response)
                .error_code(),
            expected);
}

TEST(WatchTest, EventsInSequenceResumableAcrossReconnectAndRestart) {
  testing::TempDir dir;
  const std::string fv = ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA));
  {
    testing::TestServer server(dir.path());
    Watch live(server, 0);  // from the start of the (empty) log
    ASSERT_TRUE(server.Import(fv, "fv.txt").ok());
    ASSERT_TRUE(server.Import(fv, "again.txt").ok());  // unchanged: no event
    ASSERT_TRUE(
        server.Import(fv + "\nanders\n", "fv2.txt", "", nullptr, true).ok());
    Remove(server, "Food Valley", 2023, 4, grpc::StatusCode::OK);
    Remove(server, "Food Valley", 2023, 4, grpc::StatusCode::NOT_FOUND);

    const std::vector<v1::PublicationEvent> events = live.Await(3);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].sequence(), 1);
    EXPECT_EQ(events[0].kind(), Kind::KIND_IMPORTED);
    EXPECT_EQ(events[0].region().key(), "foodvalley");
    EXPECT_EQ(events[0].region().cbs_code(), "AM38");
    EXPECT_EQ(events[1].sequence(), 2);
    EXPECT_EQ(events[1].kind(), Kind::KIND_REPLACED);
    EXPECT_EQ(events[1].file_name(), "fv2.txt");
    EXPECT_EQ(events[2].sequence(), 3);
    EXPECT_EQ(events[2].kind(), Kind::KIND_REMOVED);

    // A client that saw sequence 1 reconnects: it gets 2 and 3, once each.
    Watch resumed(server, 1);
    const std::vector<v1::PublicationEvent> rest = resumed.Await(2);
    ASSERT_EQ(rest.size(), 2u);
    EXPECT_EQ(rest[0].sequence(), 2);
    EXPECT_EQ(rest[1].sequence(), 3);
    // Named by its CBS code as every answer names it; no printed number:
    // the document the replacement wrote is no longer served (removed).
    EXPECT_EQ(rest[0].region().cbs_code(), "AM38");
    EXPECT_EQ(rest[0].region().code(), 0);
  }
  // After a restart the sequence goes on where it was.
  testing::TestServer restarted(dir.path());
  Watch all(restarted, 0);
  ASSERT_TRUE(restarted
                  .Import(ReadFileOrDie(SamplePath(testing::kSampleAmsterdamA)),
                          "ga.txt")
                  .ok());
  const std::vector<v1::PublicationEvent> events = all.Await(4);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[3].sequence(), 4);
  EXPECT_EQ(events[3].kind(), Kind::KIND_IMPORTED);
  EXPECT_EQ(events[3].region().key(), "grootamsterdam");
  // Still served: its number as its publication gives it.
  EXPECT_EQ(events[3].region().cbs_code(), "AM18");
  v1::GetRegionTotalsRequest request;
  request.set_region("Groot Amsterdam");
  v1::RegionFigures served;
  grpc::ClientContext context;
  ASSERT_TRUE(restarted.transparency()
                  .GetRegionTotals(&context, request, &served)
                  .ok());
  EXPECT_EQ(events[3].region().code(), served.region().code());
  EXPECT_NE(events[3].region().code(), 0);
}

TEST(WatchTest, StartRepairsTheLogAfterACrashBetweenFileAndEvent) {
  testing::TempDir dir;
  {
    testing::TestServer server(dir.path());
    ASSERT_TRUE(
        server
            .Import(ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA)),
                    "fv.txt")
            .ok());
  }
  // As if the server died after writing the file, before logging the event;
  // and a torn half line at the end.
  testing::WriteFileOrDie(dir.File("events.log"), "1\t1\tfoodv");
  testing::TestServer server(dir.path());
  Watch all(server, 0);
  const std::vector<v1::PublicationEvent> events = all.Await(1);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].sequence(), 1);
  EXPECT_EQ(events[0].kind(), Kind::KIND_IMPORTED);
  EXPECT_EQ(events[0].region().key(), "foodvalley");
}

TEST(WatchTest, CliPrintsEventsAsTheyCome) {
  testing::TempDir dir;
  testing::ServerProcess server({"--data-dir", dir.path()});
  ASSERT_TRUE(server.running()) << server.log();
  const auto tkp = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TKP_CLI_BIN, "--server", server.address()});
    return testing::RunProcess(args);
  };
  ASSERT_EQ(tkp({"import", SamplePath(testing::kSampleFoodValleyA)}).exit_code,
            0);
  ASSERT_EQ(
      tkp({"remove", "--region", "FoodValley", "--period", "2023Q4"}).exit_code,
      0);
  const testing::ProcessResult csv =
      tkp({"watch", "--after", "0", "--count", "2", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out,
              ::testing::HasSubstr(
                  "sequence,kind,region,period,sha256,file_name,time"));
  EXPECT_THAT(csv.out, ::testing::HasSubstr("1,imported,FoodValley,2023Q4,"));
  EXPECT_THAT(csv.out, ::testing::HasSubstr("2,removed,FoodValley,2023Q4,"));
  // A header and one row per event: no blank lines between them.
  EXPECT_THAT(csv.out, ::testing::Not(::testing::HasSubstr("\r\n\r\n")));
  EXPECT_EQ(tkp({"remove", "--region", "FoodValley"}).exit_code, 2);
  EXPECT_EQ(
      tkp({"remove", "--region", "FoodValley", "--period", "2023Q4"}).exit_code,
      64 + 5);
}

}  // namespace
}  // namespace tkp
