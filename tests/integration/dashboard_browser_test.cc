// The dashboard (tkp-server --http-listen, at /) in a real browser: Debian's
// chromium, headless, driven by puppeteer-core from
// tests/browser/dashboard_test.mjs against a real server holding the
// samples. The script checks the map (one shape per region of the year's
// boundaries, coloured where the API has figures), the ranking, hover and
// keyboard selection, a region's municipalities and a municipality's
// history against the API's figures in Dutch notation, and an import made
// while the page is open appearing without a reload; its screenshots are
// kept in the build dir (browser-artefacts/).

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "absl/strings/str_cat.h"
#include "tests/support/http_client.h"
#include "tests/support/replica_calls.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using testing::HttpPortOf;
using testing::ProcessResult;
using testing::ServerProcess;
using testing::TkpAt;

class DashboardBrowserTest : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--data-dir", dir_.File("data"),
                                     "--http-listen", "127.0.0.1:0"};
    args.insert(args.end(), extra.begin(), extra.end());
    server_ = std::make_unique<ServerProcess>(args);
    ASSERT_TRUE(server_->running()) << server_->log();
    port_ = HttpPortOf(server_->log());
    ASSERT_NE(port_, 0) << server_->log();
  }

  // Groot Amsterdam 2023Q3 and FoodValley 2023Q4: the latest quarter shows
  // one region, and the page then sees Groot Amsterdam's 2023Q4 arrive.
  void ImportSamples(const std::vector<std::string>& token = {}) {
    for (const char* sample :
         {testing::kSampleAmsterdamA, testing::kSampleFoodValleyA}) {
      std::vector<std::string> args = token;
      args.push_back("import");
      args.push_back(testing::SamplePath(sample));
      const ProcessResult imported = TkpAt(server_->address(), args);
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }
  }

  // Runs the browser's checks; `live_import`: the CLI's arguments for the
  // import made while the page is open.
  ProcessResult RunBrowser(const std::string& artefacts,
                           const std::vector<std::string>& live_import,
                           const std::string& reader_token = "") {
    std::string json = "[";
    for (const std::string& arg : live_import) {
      absl::StrAppend(&json, json.size() > 1 ? "," : "", "\"", arg, "\"");
    }
    json += "]";
    // Bounds only a hang: no check depends on how fast the browser is.
    return testing::RunProcess(
        {"node", std::string(TKP_BROWSER_TESTS_DIR) + "/dashboard_test.mjs"},
        {absl::StrCat("TKP_DASHBOARD_URL=http://127.0.0.1:", port_, "/"),
         absl::StrCat("TKP_CLI=", TKP_CLI_BIN),
         absl::StrCat("TKP_SERVER=", server_->address()),
         absl::StrCat("TKP_LIVE_IMPORT=", json),
         absl::StrCat("TKP_MAPS=", TKP_DASHBOARD_MAPS_DIR),
         absl::StrCat("TKP_TOKEN=", reader_token),
         absl::StrCat("TKP_ARTEFACTS=", TKP_BROWSER_ARTEFACTS_DIR, "/",
                      artefacts),
         absl::StrCat("TKP_BROWSER_MODULES=", TKP_BROWSER_MODULES_DIR)},
        /*timeout_seconds=*/900);
  }

  testing::TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  int port_ = 0;
};

TEST_F(DashboardBrowserTest, MapRankingRegionsAndAnImportSeenLive) {
  Start();
  ImportSamples();
  const ProcessResult browser =
      RunBrowser("open", {"import", "--period", "2023Q4",
                          testing::SamplePath(testing::kSampleAmsterdamB)});
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err;
  // Each check printed its line: none was passed over.
  EXPECT_THAT(browser.out, ::testing::Not(::testing::HasSubstr("FAIL")));
  EXPECT_THAT(browser.out, ::testing::HasSubstr("ok   without a reload"));
}

TEST_F(DashboardBrowserTest, AsksForATokenAndKeepsItForTheTabOnly) {
  const std::string tokens = dir_.File("tokens");
  testing::WriteFileOrDie(tokens,
                          "reader-token-0123456789 reader\n"
                          "importer-token-0123456789 importer\n");
  ASSERT_EQ(::chmod(tokens.c_str(), 0600), 0);
  Start({"--tokens-file", tokens});
  testing::WriteFileOrDie(dir_.File("importer"), "importer-token-0123456789\n");
  ImportSamples({"--token-file", dir_.File("importer")});
  const ProcessResult browser =
      RunBrowser("tokens",
                 {"--token-file", dir_.File("importer"), "import", "--period",
                  "2023Q4", testing::SamplePath(testing::kSampleAmsterdamB)},
                 "reader-token-0123456789");
  EXPECT_EQ(browser.exit_code, 0) << browser.out << browser.err;
  EXPECT_THAT(browser.out,
              ::testing::HasSubstr("ok   no figures before a token"));
  EXPECT_THAT(browser.out, ::testing::HasSubstr("ok   without a reload"));
}

}  // namespace
}  // namespace tkp
