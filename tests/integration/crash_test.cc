// Durability under crashes: a server killed with SIGKILL at each point of
// the commit path (TKP_CRASH_AT, server/store/crash_points.h), then restarted
// on the same data dir, or a new replica started on the same PostgreSQL
// database. What was committed is served whole, what was not is absent
// (never half: a workbook's publications come all or none), what was there
// before is untouched, and the store needs no repair: the same import
// afterwards just works.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "tests/support/postgres_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"
#include "tests/support/workbook_builder.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::ProcessResult;
using testing::SamplePath;

struct CrashCase {
  const char* point;
  bool workbook;   // a two-sheet workbook (a batch) instead of one text
  bool committed;  // the crash comes after the commit point
};

// For gtest's test names and messages.
void PrintTo(const CrashCase& c, std::ostream* os) {
  *os << (c.workbook ? "workbook" : "text") << " at " << c.point;
}

std::string Name(const ::testing::TestParamInfo<CrashCase>& info) {
  std::string name = absl::StrCat(info.param.workbook ? "Workbook_" : "Text_",
                                  info.param.point);
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

class CrashTest : public ::testing::TestWithParam<CrashCase> {
 protected:
  ProcessResult Tkp(const testing::ServerProcess& server,
                    std::vector<std::string> args) {
    args.insert(args.begin(), {TKP_CLI_BIN, "--server", server.address()});
    return testing::RunProcess(args);
  }

  // The document to import, and the import's extra arguments.
  std::vector<std::string> Document() {
    if (!GetParam().workbook) return {SamplePath(testing::kSampleFoodValleyA)};
    const std::string path = docs_.File("regions.xlsx");
    testing::WriteWorkbook(
        path, {testing::SheetFromTabSeparated(
                   "Amsterdam", testing::ReadFileOrDie(
                                    SamplePath(testing::kSampleAmsterdamB))),
               testing::SheetFromFigures(
                   "Food Valley",
                   testing::SampleFigures(testing::kSampleFoodValleyA))});
    return {path, "--period", "2023Q4"};
  }

  // Where the servers keep the figures: their flags and environment.
  virtual std::vector<std::string> StoreArgs() {
    return {"--data-dir", data_.path()};
  }
  virtual std::vector<std::string> StoreEnv() { return {}; }

  void RestartServesWhatWasCommittedAndNothingHalf();

  testing::TempDir data_;
  testing::TempDir docs_;
};

// The same on replicas sharing a database: the crashed one's transaction is
// committed or rolled back whole, and another replica serves the outcome.
class PgCrashTest : public CrashTest {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::PostgresServer>> server =
        testing::PostgresServer::Create();
    ASSERT_TRUE(server.ok()) << server.status();
    postgres_ = server->release();
  }
  static void TearDownTestSuite() {
    delete postgres_;
    postgres_ = nullptr;
  }
  void SetUp() override {
    ASSERT_NE(postgres_, nullptr);
    absl::StatusOr<std::string> database = postgres_->NewDatabase();
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *database;
  }

  // --data-dir names a directory that is never made.
  std::vector<std::string> StoreArgs() override {
    return {"--data-dir", data_.File("unused")};
  }
  std::vector<std::string> StoreEnv() override {
    return {"TKP_DATABASE_URL=" + database_};
  }

  static testing::PostgresServer* postgres_;
  std::string database_;
};

testing::PostgresServer* PgCrashTest::postgres_ = nullptr;

TEST_P(CrashTest, RestartServesWhatWasCommittedAndNothingHalf) {
  RestartServesWhatWasCommittedAndNothingHalf();
}

TEST_P(PgCrashTest, AnotherReplicaServesWhatWasCommittedAndNothingHalf) {
  RestartServesWhatWasCommittedAndNothingHalf();
  EXPECT_FALSE(std::filesystem::exists(data_.File("unused")));
}

void CrashTest::RestartServesWhatWasCommittedAndNothingHalf() {
  const CrashCase& c = GetParam();
  const std::vector<std::string> document = Document();
  {
    // Something already there must survive whatever happens next.
    testing::ServerProcess before(StoreArgs(), false, StoreEnv());
    ASSERT_TRUE(before.running()) << before.log();
    ASSERT_EQ(Tkp(before, {"import", SamplePath(testing::kSampleAmsterdamA)})
                  .exit_code,
              0);
    ASSERT_EQ(before.Stop(), 0) << before.log();
  }
  {
    std::vector<std::string> env = StoreEnv();
    env.push_back(absl::StrCat("TKP_CRASH_AT=", c.point));
    testing::ServerProcess crashing(StoreArgs(), false, env);
    ASSERT_TRUE(crashing.running()) << crashing.log();
    std::vector<std::string> args = {"import"};
    args.insert(args.end(), document.begin(), document.end());
    const ProcessResult import = Tkp(crashing, args);
    // The server died mid-call: the client was never told it worked.
    EXPECT_EQ(import.exit_code, 64 + 14) << import.out << import.err;
    EXPECT_EQ(Tkp(crashing, {"publications"}).exit_code, 64 + 14);
    crashing.Stop(SIGKILL);
  }

  testing::ServerProcess after(StoreArgs(), false, StoreEnv());
  ASSERT_TRUE(after.running()) << after.log();
  const ProcessResult listed = Tkp(after, {"--format", "csv", "publications"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("Groot Amsterdam,15,2023Q3"));
  const int expected_new = c.committed ? (c.workbook ? 2 : 1) : 0;
  // Hand-checked: the Food Valley sample's TOTAAL AMR row.
  const bool food_valley =
      listed.out.find("FoodValley,9,2023Q4,5406") != std::string::npos ||
      listed.out.find("Food Valley,9,2023Q4,5406") != std::string::npos;
  const bool amsterdam_q4 =
      listed.out.find(",2023Q4,28788") != std::string::npos;
  EXPECT_EQ(food_valley, c.committed) << listed.out;
  if (c.workbook) {
    EXPECT_EQ(amsterdam_q4, c.committed) << listed.out;
  }
  const int lines =
      static_cast<int>(std::count(listed.out.begin(), listed.out.end(), '\n'));
  EXPECT_EQ(lines, 1 + 1 + expected_new) << listed.out;  // header + Q3

  // The event log agrees with the files: every publication has its event.
  const ProcessResult events =
      Tkp(after, {"--timeout", "60", "watch", "--after", "0", "--count",
                  absl::StrCat(1 + expected_new)});
  EXPECT_EQ(events.exit_code, 0) << events.out << events.err;

  // No repair needed: the same import now simply works.
  std::vector<std::string> args = {"import"};
  args.insert(args.end(), document.begin(), document.end());
  const ProcessResult again = Tkp(after, args);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr(c.committed ? "unchanged" : "imported"));
  EXPECT_EQ(after.Stop(), 0) << after.log();
}

INSTANTIATE_TEST_SUITE_P(
    EveryPoint, CrashTest,
    ::testing::Values(CrashCase{"temp-half-written", false, false},
                      CrashCase{"temp-synced", false, false},
                      CrashCase{"renamed", false, true},
                      CrashCase{"before-event", false, true},
                      CrashCase{"before-ack", false, true},
                      CrashCase{"temp-half-written", true, false},
                      CrashCase{"batch-temps-written", true, false},
                      CrashCase{"batch-intent-written", true, true},
                      CrashCase{"batch-first-renamed", true, true},
                      CrashCase{"before-event", true, true},
                      CrashCase{"before-ack", true, true}),
    Name);

INSTANTIATE_TEST_SUITE_P(
    EveryPoint, PgCrashTest,
    ::testing::Values(CrashCase{"db-before-commit", false, false},
                      CrashCase{"db-committed", false, true},
                      CrashCase{"before-ack", false, true},
                      CrashCase{"db-before-commit", true, false},
                      CrashCase{"db-committed", true, true},
                      CrashCase{"before-ack", true, true}),
    Name);

}  // namespace
}  // namespace tkp
