// When the data dir cannot take writes, imports fail with a clear
// FAILED_PRECONDITION or UNAVAILABLE and change nothing, while reads keep
// working; when it can again, imports work again without a restart.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::ProcessResult;
using testing::SamplePath;

// An unprivileged user for the server when the tests run as root: root
// ignores permission bits, and a read-only data dir is about permissions.
constexpr uid_t kNobody = 65534;

class StorageFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() == 0) {
      ASSERT_EQ(::chown(data_.path().c_str(), kNobody, kNobody), 0);
      launcher_ = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                   "--clear-groups", "--"};
    }
  }

  ProcessResult Tkp(const testing::ServerProcess& server,
                    std::vector<std::string> args) {
    args.insert(args.begin(), {TKP_CLI_BIN, "--server", server.address()});
    return testing::RunProcess(args);
  }

  // Every entry of the data dir made read-only, as a remount would.
  void MakeReadOnly(bool read_only) {
    const auto mode = std::filesystem::perms(read_only ? 0555 : 0755);
    std::filesystem::permissions(data_.path(), mode);
    std::filesystem::permissions(data_.path() + "/publications", mode);
  }

  testing::TempDir data_;
  std::vector<std::string> launcher_;
};

TEST_F(StorageFaultsTest, AReadOnlyDataDirRefusesImportsAndKeepsServing) {
  testing::ServerProcess server({"--data-dir", data_.path()}, false, {},
                                launcher_);
  ASSERT_TRUE(server.running()) << server.log();
  ASSERT_EQ(
      Tkp(server, {"import", SamplePath(testing::kSampleAmsterdamA)}).exit_code,
      0);

  MakeReadOnly(true);
  const ProcessResult refused =
      Tkp(server, {"import", SamplePath(testing::kSampleFoodValleyA)});
  EXPECT_EQ(refused.exit_code, 64 + 9) << refused.err;  // FAILED_PRECONDITION
  EXPECT_THAT(refused.err, HasSubstr("Permission denied"));
  EXPECT_THAT(refused.err, HasSubstr(data_.path()));
  const ProcessResult totals =
      Tkp(server, {"totals", "--region", "Groot Amsterdam"});
  EXPECT_EQ(totals.exit_code, 0) << totals.err;
  EXPECT_EQ(server.Stop(), 0) << server.log();

  // A server also starts on it, and serves what is there.
  testing::ServerProcess again({"--data-dir", data_.path()}, false, {},
                               launcher_);
  ASSERT_TRUE(again.running()) << again.log();
  const ProcessResult listed = Tkp(again, {"--format", "csv", "publications"});
  EXPECT_THAT(listed.out, HasSubstr("Groot Amsterdam,15,2023Q3"));
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("FoodValley")));
  EXPECT_EQ(
      Tkp(again, {"import", SamplePath(testing::kSampleFoodValleyA)}).exit_code,
      64 + 9);

  MakeReadOnly(false);
  const ProcessResult imported =
      Tkp(again, {"import", SamplePath(testing::kSampleFoodValleyA)});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
}

TEST_F(StorageFaultsTest, AFullDiskRefusesImportsUntilThereIsRoomAgain) {
  // Our own user: changing another user's limits needs CAP_SYS_RESOURCE.
  testing::ServerProcess server({"--data-dir", data_.path()});
  ASSERT_TRUE(server.running()) << server.log();
  ASSERT_EQ(
      Tkp(server, {"import", SamplePath(testing::kSampleAmsterdamA)}).exit_code,
      0);
  // No file may grow past 100 bytes (the soft limit; raising a hard one
  // needs CAP_SYS_RESOURCE): a publication is a few kilobytes, so
  // its write fails as on a full disk (EFBIG here, ENOSPC there: the same
  // path).
  const std::string pid = absl::StrCat(server.pid());
  ASSERT_EQ(testing::RunProcess(
                {"/usr/bin/prlimit", "--pid", pid, "--fsize=100:unlimited"})
                .exit_code,
            0);
  const ProcessResult refused =
      Tkp(server, {"import", SamplePath(testing::kSampleFoodValleyA)});
  EXPECT_EQ(refused.exit_code, 64 + 14) << refused.err;  // UNAVAILABLE
  EXPECT_THAT(refused.err, HasSubstr("cannot write"));
  EXPECT_THAT(refused.err, HasSubstr("File too large"));
  EXPECT_EQ(Tkp(server, {"totals", "--region", "Groot Amsterdam"}).exit_code,
            0);
  // Nothing half-written is left to be served or restored.
  for (const auto& entry :
       std::filesystem::directory_iterator(data_.path() + "/publications")) {
    EXPECT_EQ(entry.path().string().find(".tmp"), std::string::npos)
        << entry.path();
  }

  ASSERT_EQ(testing::RunProcess({"/usr/bin/prlimit", "--pid", pid,
                                 "--fsize=unlimited:unlimited"})
                .exit_code,
            0);
  const ProcessResult imported =
      Tkp(server, {"import", SamplePath(testing::kSampleFoodValleyA)});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_EQ(server.Stop(), 0) << server.log();
}

}  // namespace
}  // namespace tkp
