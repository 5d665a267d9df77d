// The server's temp dir as containers give it: plugins are loaded from
// copies made there, so a temp dir mounted noexec (Docker's default for a
// tmpfs) stops the server at start with a message that names the mount and
// what to do, instead of every plugin failing to load with "Bad file
// descriptor" and every import with "no importer plugins are loaded".

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

// Runs the server in a mount namespace of its own (a user namespace makes
// that possible without privileges) with TMPDIR on a tmpfs mounted with
// `options`.
std::vector<std::string> TmpfsLauncher(const std::string& mount_point,
                                       const std::string& options) {
  return {"unshare",
          "--map-root-user",
          "--mount",
          "sh",
          "-c",
          "mount -t tmpfs -o " + options +
              " tkp-temp \"$0\" && TMPDIR=\"$0\" exec \"$@\"",
          mount_point};
}

TEST(TempDirTest, ANoexecTempDirStopsTheStartNamingIt) {
  testing::TempDir dir;
  const std::string temp = dir.File("tmp");
  ASSERT_EQ(testing::RunProcess({"mkdir", temp}).exit_code, 0);
  testing::ServerProcess server({"--data-dir", dir.File("data")},
                                /*until_listening=*/false, {},
                                TmpfsLauncher(temp, "noexec"));
  EXPECT_FALSE(server.running());
  EXPECT_EQ(server.Stop(), 1) << server.log();
  EXPECT_THAT(server.log(),
              HasSubstr("cannot load plugins from " + temp +
                        ": it is mounted noexec, and plugins are loaded from "
                        "copies made there; point TMPDIR at a directory that "
                        "allows executing files"));
}

// The same mount with exec allowed (what compose.yaml and the Kubernetes
// manifests give the server) serves imports.
TEST(TempDirTest, ATmpfsThatAllowsExecutingServesImports) {
  testing::TempDir dir;
  const std::string temp = dir.File("tmp");
  ASSERT_EQ(testing::RunProcess({"mkdir", temp}).exit_code, 0);
  testing::ServerProcess server({"--data-dir", dir.File("data")},
                                /*until_listening=*/false, {},
                                TmpfsLauncher(temp, "exec,nosuid,nodev"));
  ASSERT_TRUE(server.running()) << server.log();
  const testing::ProcessResult imported = testing::Tkp(
      server, {"import", testing::SamplePath(testing::kSampleFoodValleyA)});
  EXPECT_EQ(imported.exit_code, 0) << imported.err << server.log();
}

}  // namespace
}  // namespace tkp
