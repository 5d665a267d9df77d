// Several tkp-server processes on one data dir: what one imports, all
// serve; concurrent imports for the same region and period have one
// winner; a late replica catches up; the CLI spreads calls over a list and
// survives one replica going down.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

#include "absl/strings/str_replace.h"
#include "tests/support/replica_calls.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using testing::EventuallyServes;
using ::testing::HasSubstr;
using testing::ProcessResult;
using testing::RunProcess;
using testing::ServerProcess;

ProcessResult Tkp(const std::string& server, std::vector<std::string> args) {
  return testing::TkpAt(server, std::move(args));
}

TEST(ReplicasTest, ThreeServersOnOneDataDirAgree) {
  testing::TempDir dir;
  const std::vector<std::string> args = {"--data-dir", dir.path()};
  ServerProcess a(args), b(args), c(args);
  ASSERT_TRUE(a.running() && b.running() && c.running())
      << a.log() << b.log() << c.log();

  const std::string sample = testing::SamplePath(testing::kSampleAmsterdamA);
  ASSERT_EQ(Tkp(a.address(), {"import", sample}).exit_code, 0);
  EXPECT_TRUE(EventuallyServes(b.address(), "20486"));
  EXPECT_TRUE(EventuallyServes(c.address(), "20486"));
  // The event log is shared too: a watcher on another replica sees it.
  const ProcessResult watched =
      Tkp(c.address(),
          {"watch", "--after", "0", "--count", "1", "--format", "csv"});
  EXPECT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(watched.out, HasSubstr("1,imported,Groot Amsterdam,2023Q3,"));

  // Two different documents for the same region and period, sent at once
  // to two replicas with replace: both may win in turn, but the file is
  // whole and every replica ends up with the same one.
  const std::string original = testing::ReadFileOrDie(sample);
  testing::WriteFileOrDie(dir.File("x.txt"), original + "\nversie x\n");
  testing::WriteFileOrDie(dir.File("y.txt"), original + "\nversie y\n");
  auto x = std::async(std::launch::async, [&] {
    return Tkp(b.address(), {"import", dir.File("x.txt")});
  });
  auto y = std::async(std::launch::async, [&] {
    return Tkp(c.address(), {"import", dir.File("y.txt")});
  });
  const ProcessResult rx = x.get();
  const ProcessResult ry = y.get();
  // Without --replace, the first document stays and both are refused.
  EXPECT_EQ(rx.exit_code, 64 + 6) << rx.err;
  EXPECT_EQ(ry.exit_code, 64 + 6) << ry.err;

  // Now a race of two new documents for a new period: exactly one wins.
  const std::string q4 =
      absl::StrReplaceAll(original, {{"Derde kwartaal", "Vierde kwartaal"}});
  testing::WriteFileOrDie(dir.File("p.txt"), q4 + "\nversie p\n");
  testing::WriteFileOrDie(dir.File("q.txt"), q4 + "\nversie q\n");
  auto p = std::async(std::launch::async, [&] {
    return Tkp(b.address(), {"import", dir.File("p.txt")});
  });
  auto q = std::async(std::launch::async, [&] {
    return Tkp(c.address(), {"import", dir.File("q.txt")});
  });
  const int codes[] = {p.get().exit_code, q.get().exit_code};
  EXPECT_THAT(codes, ::testing::UnorderedElementsAre(0, 64 + 6));
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(dir.path() + "/publications")) {
    const std::string name = entry.path().filename().string();
    EXPECT_THAT(name, ::testing::Not(HasSubstr(".tmp")));
    if (entry.path().extension() == ".tkppub") ++files;
  }
  EXPECT_EQ(files, 2);

  // A replica that starts late restores everything.
  ServerProcess late(args);
  ASSERT_TRUE(late.running()) << late.log();
  EXPECT_THAT(late.log(), HasSubstr("2 publications restored"));

  // The CLI over a list of replicas, one of them down.
  const std::string all = a.address() + "," + b.address() + "," + c.address();
  EXPECT_EQ(Tkp(all, {"publications"}).exit_code, 0);
  EXPECT_EQ(a.Stop(), 0);
  for (int i = 0; i < 3; ++i) {
    const ProcessResult r =
        Tkp(all, {"history", "--region", "Groot Amsterdam"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("2023Q4"));
  }
}

}  // namespace
}  // namespace tkp
