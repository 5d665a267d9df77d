// The tkp CLI as a process against a real tkp-server process.

#include <gmock/gmock.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/support/pdf_builder.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::ProcessResult;
using testing::SamplePath;

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    server_ = new testing::ServerProcess({"--data-dir", dir_->path()});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  void SetUp() override {
    ASSERT_TRUE(server_->running()) << server_->log();
    // Loading twice is harmless (UNCHANGED), so every test can rely on it.
    ASSERT_EQ(Tkp({"import", SamplePath(testing::kSampleAmsterdamA)}).exit_code,
              0);
    ASSERT_EQ(Tkp({"import", SamplePath(testing::kSampleAmsterdamB), "--period",
                   "2023Q4"})
                  .exit_code,
              0);
  }

  // Runs tkp with the server given by the environment, as operators do.
  static ProcessResult Tkp(std::vector<std::string> args) {
    args.insert(args.begin(), TKP_CLI_BIN);
    return testing::RunProcess(args, {"TKP_SERVER=" + server_->address()});
  }

  static testing::TempDir* dir_;
  static testing::ServerProcess* server_;
};

testing::TempDir* CliTest::dir_ = nullptr;
testing::ServerProcess* CliTest::server_ = nullptr;

TEST_F(CliTest, JsonIsTheResponseInProto3Json) {
  // Global flags after the command, too.
  const ProcessResult r = Tkp({"totals", "--region", "Groot Amsterdam",
                               "--period", "2023Q3", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"registerSize\": 28853"));
  EXPECT_THAT(r.out, HasSubstr("\"statedCoveragePercent\": 71"));
  EXPECT_THAT(r.out, HasSubstr("\"municipalityWithProfile\": 604"));
  v1::RegionFigures parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &parsed).ok())
      << r.out;
  EXPECT_EQ(parsed.totals().total(), 20486);
  EXPECT_NEAR(parsed.coverage(), 20486.0 / 28853.0, 1e-12);
  EXPECT_EQ(parsed.municipalities_size(), 8);
}

TEST_F(CliTest, CsvHasAHeaderRowAndOneRowPerRecord) {
  const ProcessResult r =
      Tkp({"--format", "csv", "history", "--region", "groot-amsterdam"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines =
      absl::StrSplit(r.out, "\r\n", absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_EQ(lines[0],
            "period,region,code,municipality_with_profile,municipality_without_"
            "profile,uwv_with_profile,uwv_without_profile,total,register_size,"
            "coverage,stated_coverage_percent,profile_share");
  EXPECT_THAT(
      lines[1],
      ::testing::StartsWith(
          "2023Q3,Groot Amsterdam,15,604,5014,10607,4261,20486,28853,"));
  EXPECT_THAT(
      lines[2],
      ::testing::StartsWith(
          "2023Q4,Groot-Amsterdam,15,821,5203,15498,7266,28788,39435,"));

  const ProcessResult m = Tkp({"municipalities", "--region", "15", "--period",
                               "2023Q3", "--format", "csv"});
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_THAT(m.out, HasSubstr("municipality,code,"));
  EXPECT_THAT(m.out,
              HasSubstr("De Ronde Venen,GM0736,125,1747,1886,1078,4836\r\n"));
}

TEST_F(CliTest, MunicipalityHistoryAndChangesAcrossAMerger) {
  for (const char* quarter : {"2021Q4", "2022Q1"}) {
    ASSERT_EQ(Tkp({"import", SamplePath(absl::StrCat("noordoost-brabant-",
                                                     quarter, ".txt"))})
                  .exit_code,
              0);
  }
  const ProcessResult history =
      Tkp({"history", "--municipality", "Land van Cuijk"});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("2022Q1  Land van Cuijk  GM1982  "
                                     "Noordoost-Brabant  AM27"));
  EXPECT_THAT(
      history.out,
      HasSubstr("note: was formed on 2022-01-01 from Boxmeer (GM0756)"));
  const ProcessResult csv =
      Tkp({"history", "--municipality", "GM0756", "--format", "csv"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, HasSubstr("\r\n2021Q4,Boxmeer,GM0756,Noordoost-Brabant,"
                                 "AM27,27,8,98,204,48,358,"));
  EXPECT_EQ(Tkp({"history"}).exit_code, 2);  // neither --region nor this
  EXPECT_EQ(
      Tkp({"history", "--region", "AM27", "--municipality", "Oss"}).exit_code,
      2);
  EXPECT_EQ(Tkp({"history", "--municipality", "Bergen"}).exit_code, 64 + 3);

  const ProcessResult changes =
      Tkp({"changes", "--region", "AM27", "--format", "csv"});
  ASSERT_EQ(changes.exit_code, 0) << changes.err;
  EXPECT_THAT(changes.out,
              HasSubstr("Land van Cuijk,GM1982,merged,1147,1177,+30,0,+14,+14,"
                        "+2,from Boxmeer + Cuijk + Grave + Mill en Sint Hubert "
                        "+ Sint Anthonis\r\n"));
  EXPECT_THAT(changes.out, HasSubstr("Boxmeer,GM0756,merged_into,358,,,,,,,"
                                     "into Land van Cuijk\r\n"));
}

TEST_F(CliTest, ExportWritesItsFileOnlyWhenComplete) {
  testing::TempDir out;
  const std::string path = out.File("figures.csv");
  const ProcessResult ok =
      Tkp({"export", "--region", "Groot Amsterdam", "--out", path});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.err, HasSubstr("wrote 16 rows to " + path));
  const std::string csv = testing::ReadFileOrDie(path);
  EXPECT_TRUE(
      csv.starts_with("period,year,quarter,region_cbs_code,"
                      "region_name,region_number,municipality_code,"
                      "municipality_name,"))
      << csv;
  EXPECT_THAT(csv, HasSubstr("\r\n2023Q3,2023,3,AM18,Groot Amsterdam,15,"
                             "GM0736,De Ronde Venen,125,1747,1886,1078,4836,"
                             "28853,groot-amsterdam-2023Q3.txt,"));
  // A failed export leaves neither the file nor a partial one.
  const std::string refused = out.File("refused.csv");
  EXPECT_EQ(Tkp({"export", "--region", "Atlantis", "--out", refused}).exit_code,
            64 + 5);
  EXPECT_FALSE(std::filesystem::exists(refused));
  EXPECT_FALSE(std::filesystem::exists(refused + ".partial"));
  EXPECT_EQ(Tkp({"export", "--from", "2021Q5"}).exit_code, 2);
}

TEST_F(CliTest, TableIsAlignedForATerminal) {
  const ProcessResult r = Tkp({"coverage", "--period", "2023Q4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::vector<std::string> lines =
      absl::StrSplit(r.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u) << r.out;
  EXPECT_THAT(lines[0], ::testing::StartsWith("rank  region"));
  EXPECT_THAT(lines[1], HasSubstr("73.0%"));
  EXPECT_THAT(lines[2], HasSubstr("sum of 1 of 35 regions"));
  // Aligned: the "period" column starts at the same place on every line.
  const size_t column = lines[0].find("period");
  EXPECT_EQ(lines[1].substr(column, 6), "2023Q4");
  EXPECT_EQ(lines[2].substr(column, 6), "2023Q4");

  const ProcessResult t = Tkp({"totals", "--region", "Groot Amsterdam"});
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_THAT(t.out, HasSubstr("register size"));
  EXPECT_THAT(t.out, HasSubstr("39435"));
}

TEST_F(CliTest, ImportReportsOutcomeAndIdenticalImportIsUnchanged) {
  const ProcessResult r = Tkp(
      {"import", SamplePath(testing::kSampleAmsterdamA), "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("unchanged,Groot Amsterdam,15,2023Q3"));
  const ProcessResult dry =
      Tkp({"import", SamplePath(testing::kSampleFoodValleyA), "--dry-run"});
  ASSERT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, HasSubstr("validated: FoodValley 2023Q4"));
  const ProcessResult list = Tkp({"publications", "--format", "csv"});
  EXPECT_THAT(list.out, ::testing::Not(HasSubstr("FoodValley")));
}

TEST_F(CliTest, FailedCallsExitWith64PlusTheCode) {
  ProcessResult r = Tkp({"totals", "--region", "Twente"});
  EXPECT_EQ(r.exit_code, 64 + 5);
  EXPECT_THAT(r.err,
              ::testing::MatchesRegex("error: .*Twente.* \\(NOT_FOUND\\)\n"));
  EXPECT_EQ(r.out, "");

  r = Tkp({"import", SamplePath(testing::kSampleAmsterdamB)});
  EXPECT_EQ(r.exit_code, 64 + 3);
  EXPECT_THAT(r.err, HasSubstr("names no period"));
  EXPECT_THAT(r.err, HasSubstr("(INVALID_ARGUMENT)"));

  r = testing::RunProcess({TKP_CLI_BIN, "--server", "127.0.0.1:1", "--timeout",
                           "5", "publications"});
  EXPECT_EQ(r.exit_code, 64 + 14);
  EXPECT_THAT(r.err, HasSubstr("(UNAVAILABLE)"));
}

TEST_F(CliTest, UsageErrorsExitWith2AndHelpWith0) {
  EXPECT_EQ(Tkp({"totals"}).exit_code, 2);  // --region is required
  EXPECT_EQ(Tkp({"--format", "xml", "publications"}).exit_code, 2);
  EXPECT_EQ(Tkp({"coverage", "--period", "2021Q5"}).exit_code, 2);
  EXPECT_EQ(Tkp({"frobnicate"}).exit_code, 2);
  EXPECT_EQ(Tkp({}).exit_code, 2);
  const ProcessResult help = Tkp({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("municipalities"));
  EXPECT_THAT(help.out, HasSubstr("TKP_SERVER"));
  const ProcessResult missing = Tkp({"import", "/nonexistent/file.txt"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent/file.txt"));
}

TEST_F(CliTest, ChangesAndRankedCoverage) {
  const ProcessResult changes =
      Tkp({"changes", "--region", "Groot Amsterdam", "--format", "csv"});
  ASSERT_EQ(changes.exit_code, 0) << changes.err;
  EXPECT_THAT(changes.out, HasSubstr("Aalsmeer,GM0358,both,2533,2046,-487,"));
  EXPECT_THAT(changes.out, HasSubstr("(region total),,,20486,28788,+8302,"));
  const ProcessResult table = Tkp({"changes", "--region", "Groot Amsterdam"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("Groot-Amsterdam: 2023Q3 -> 2023Q4"));
  EXPECT_THAT(table.out, HasSubstr("coverage: 71.0% -> 73.0% (+2.0 points)"));

  const ProcessResult ranked =
      Tkp({"coverage", "--period", "2023Q4", "--sort", "total"});
  ASSERT_EQ(ranked.exit_code, 0) << ranked.err;
  EXPECT_THAT(ranked.out, HasSubstr("   1  Groot-Amsterdam"));
  EXPECT_EQ(Tkp({"coverage", "--sort", "size"}).exit_code, 2);
  EXPECT_EQ(Tkp({"changes", "--region", "x", "--from", "2021Q9"}).exit_code, 2);
}

TEST_F(CliTest, ChartsDrawInTheTerminalAndWriteSvg) {
  testing::TempDir dir;
  const ProcessResult history =
      Tkp({"chart", "history", "--region", "Groot Amsterdam", "--width", "60",
           "--out", dir.File("history.svg")});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, HasSubstr("Groot Amsterdam, by quarter"));
  EXPECT_THAT(history.out, HasSubstr("2023Q3  2023Q4"));
  EXPECT_THAT(history.out, HasSubstr("█"));
  EXPECT_THAT(testing::ReadFileOrDie(dir.File("history.svg")),
              HasSubstr("<polyline"));

  const ProcessResult coverage =
      Tkp({"chart", "coverage", "--period", "2023Q4", "--width", "60", "--out",
           dir.File("coverage.svg")});
  ASSERT_EQ(coverage.exit_code, 0) << coverage.err;
  EXPECT_THAT(coverage.out, HasSubstr("Groot-Amsterdam  ███"));
  EXPECT_THAT(coverage.out, HasSubstr("73.0%"));
  for (const char* svg : {"history.svg", "coverage.svg"}) {
    const ProcessResult render = testing::RunProcess(
        {"/usr/bin/rsvg-convert", dir.File(svg), "-o", dir.File("out.png")});
    EXPECT_EQ(render.exit_code, 0) << svg << ": " << render.err;
  }
  EXPECT_EQ(Tkp({"chart"}).exit_code, 2);
  EXPECT_EQ(Tkp({"chart", "history"}).exit_code, 2);  // --region missing
}

TEST_F(CliTest, ImportersListsThePlugins) {
  const ProcessResult r = Tkp({"importers", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  v1::ListImportersResponse parsed;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(r.out, &parsed).ok());
  std::vector<std::string> names;
  for (const v1::ImporterInfo& i : parsed.importers())
    names.push_back(i.name());
  std::vector<std::string> expected = {
      "csv", "layout-a", "layout-b", "long-format", "ods", "pdf", "xlsx"};
#if TKP_XLS_IMPORTER
  expected.insert(expected.end() - 1, "xls");
#endif
  EXPECT_EQ(names, expected);
}

TEST(ServerProcessTest, ServerHelpAndGracefulStop) {
  const ProcessResult help = testing::RunProcess({TKP_SERVER_BIN, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("--plugin-dir"));
  EXPECT_THAT(help.out, HasSubstr("--data-dir"));
  EXPECT_EQ(testing::RunProcess({TKP_SERVER_BIN, "--bogus"}).exit_code, 2);

  testing::TempDir dir;
  testing::ServerProcess server({"--data-dir", dir.path()});
  ASSERT_TRUE(server.running()) << server.log();
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_THAT(server.log(), HasSubstr("stopped"));
}

TEST(ServerProcessTest, BadPluginsAreLoggedAndSkippedAndTheRestWork) {
  testing::TempDir plugins;
  const std::string fixtures = TKP_FIXTURE_PLUGIN_DIR;
  const std::pair<std::string, std::string> links[] = {
      {std::string(TKP_PLUGIN_DIR) + "/tkp_layout_a.so", "a_layout_a.so"},
      {std::string(TKP_PLUGIN_DIR) + "/tkp_layout_b.so", "b_layout_b.so"},
      {fixtures + "/fixture_good.so", "c_good.so"},
      {fixtures + "/fixture_wrong_abi.so", "d_wrong_abi.so"},
      {fixtures + "/fixture_missing_entry.so", "e_missing_entry.so"},
      {fixtures + "/fixture_not_a_library.so", "f_not_a_library.so"},
      // Sorts after the real layout-a, so the real one keeps the name.
      {fixtures + "/fixture_duplicate_name.so", "g_duplicate.so"},
  };
  for (const auto& [target, name] : links) {
    std::filesystem::create_symlink(target, plugins.File(name));
  }
  testing::TempDir data;
  testing::ServerProcess server(
      {"--data-dir", data.path(), "--plugin-dir", plugins.path()});
  ASSERT_TRUE(server.running()) << server.log();
  EXPECT_THAT(server.log(), HasSubstr("d_wrong_abi.so: built for plugin ABI "
                                      "version 99"));
  EXPECT_THAT(server.log(), HasSubstr("e_missing_entry.so: missing entry "
                                      "point tkp_importer_destroy"));
  EXPECT_THAT(server.log(), HasSubstr("f_not_a_library.so: cannot be loaded"));
  EXPECT_THAT(server.log(), HasSubstr("g_duplicate.so: duplicate importer "
                                      "name \"layout-a\""));

  const ProcessResult importers =
      testing::RunProcess({TKP_CLI_BIN, "--server", server.address(),
                           "--format", "csv", "importers"});
  ASSERT_EQ(importers.exit_code, 0) << importers.err;
  EXPECT_THAT(importers.out, HasSubstr("\r\nfixture-good,"));
  EXPECT_THAT(importers.out, HasSubstr("a_layout_a.so"));
  EXPECT_THAT(importers.out, HasSubstr("b_layout_b.so"));
  // Libraries that failed are listed with why, with no name.
  EXPECT_THAT(importers.out, HasSubstr(",,,"));
  EXPECT_THAT(importers.out, HasSubstr("/g_duplicate.so,,"));
  EXPECT_THAT(importers.out, HasSubstr("duplicate importer name"));
  EXPECT_THAT(importers.out,
              HasSubstr("/d_wrong_abi.so,,\"built for plugin ABI"));
  const ProcessResult import =
      testing::RunProcess({TKP_CLI_BIN, "--server", server.address(), "import",
                           SamplePath(testing::kSampleAmsterdamA)});
  EXPECT_EQ(import.exit_code, 0) << import.err;
}

TEST(ServerProcessTest, PortInUseStopsTheStartWithAReason) {
  testing::TempDir dir;
  testing::ServerProcess first({"--data-dir", dir.File("one")});
  ASSERT_TRUE(first.running()) << first.log();
  const ProcessResult second =
      testing::RunProcess({TKP_SERVER_BIN, "--listen", first.address(),
                           "--data-dir", dir.File("two")});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr("cannot listen on " + first.address()));
}

TEST(ServerProcessTest, UnreadablePluginDirStopsTheStartWithAReason) {
  testing::TempDir dir;
  const ProcessResult r = testing::RunProcess(
      {TKP_SERVER_BIN, "--listen", "127.0.0.1:0", "--data-dir", dir.path(),
       "--plugin-dir", "/nonexistent/plugins"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("/nonexistent/plugins"));
}

}  // namespace
}  // namespace tkp

namespace tkp {
namespace {

// tkp import with several files, tkp identify: against a server of their
// own, so the counts are theirs.
class ImportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.running()) << server_.log();
    std::filesystem::copy_file(SamplePath(testing::kSampleAmsterdamA),
                               docs_.File("groot-amsterdam-2023Q3.txt"));
    std::filesystem::copy_file(SamplePath(testing::kSampleFoodValleyA),
                               docs_.File("food-valley-2023Q4.txt"));
    testing::WriteFileOrDie(docs_.File("broken.txt"),
                            "Dit is geen tabel, alleen een zin.\n");
    // Hidden files are not documents.
    testing::WriteFileOrDie(docs_.File(".notes.txt"), "aantekeningen\n");
  }

  ProcessResult Tkp(std::vector<std::string> args) {
    args.insert(args.begin(), TKP_CLI_BIN);
    return testing::RunProcess(args, {"TKP_SERVER=" + server_.address()});
  }

  testing::TempDir data_;
  testing::TempDir docs_;
  testing::ServerProcess server_{{"--data-dir", data_.path()}};
};

TEST_F(ImportCommandTest, ADirectoryImportsEveryFileAndARefusalStopsNothing) {
  const ProcessResult r = Tkp({"import", docs_.path()});
  // The first refusal's code: 64 + INVALID_ARGUMENT.
  EXPECT_EQ(r.exit_code, 67) << r.out << r.err;
  // Sorted: broken.txt comes first and does not stop the other two.
  EXPECT_THAT(r.out, HasSubstr("[1/3] refused " + docs_.File("broken.txt") +
                               ": file broken.txt: no importer recognises"));
  EXPECT_THAT(r.out, HasSubstr("[2/3] imported " +
                               docs_.File("food-valley-2023Q4.txt") +
                               ": FoodValley 2023Q4"));
  EXPECT_THAT(r.out, HasSubstr("[3/3] imported"));
  EXPECT_THAT(r.out, HasSubstr("3 files: 2 imported, 1 refused"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr(".notes.txt")));
  // Not a terminal: plain lines, no bar.
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("\r")));

  const ProcessResult again =
      Tkp({"import", "--format", "csv", docs_.File("food-valley-2023Q4.txt"),
           docs_.File("groot-amsterdam-2023Q3.txt")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("file,outcome,detail\r\n"));
  EXPECT_THAT(again.out, HasSubstr(",unchanged,FoodValley 2023Q4\r\n"));
}

TEST_F(ImportCommandTest, OnATerminalAProgressBarIsDrawn) {
  // script(1) gives the CLI a terminal, as an operator's shell would.
  const std::string command =
      absl::StrCat("TKP_SERVER=", server_.address(), " ", TKP_CLI_BIN,
                   " import ", docs_.File("food-valley-2023Q4.txt"), " ",
                   docs_.File("groot-amsterdam-2023Q3.txt"));
  const ProcessResult r =
      testing::RunProcess({"/usr/bin/script", "-qec", command, "/dev/null"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("\r\033[K[---------------"));
  EXPECT_THAT(r.out, HasSubstr("] 1/2 groot-amsterdam-2023Q3.txt"));
  EXPECT_THAT(r.out, HasSubstr("2 files: 2 imported"));
}

TEST_F(ImportCommandTest, IdentifyExplainsTheChoice) {
  const ProcessResult a =
      Tkp({"identify", docs_.File("groot-amsterdam-2023Q3.txt")});
  EXPECT_EQ(a.exit_code, 0) << a.err;
  EXPECT_THAT(a.out, HasSubstr("chosen: layout-a, most confident (95 of 100)"));
  EXPECT_THAT(a.out, ::testing::ContainsRegex("\npdf +0\n"));

  // A PDF: the text layouts are not asked, and say so.
  testing::WriteScannedPdf(docs_.File("scan.pdf"));
  const ProcessResult pdf = Tkp({"identify", docs_.File("scan.pdf")});
  EXPECT_EQ(pdf.exit_code, 0) << pdf.err;
  EXPECT_THAT(pdf.out, HasSubstr("chosen: pdf, most confident (95 of 100)"));
  EXPECT_THAT(pdf.out, ::testing::ContainsRegex(
                           "layout-a +0 +reads text, and this file is not "
                           "text"));

  const ProcessResult broken = Tkp({"identify", docs_.File("broken.txt")});
  EXPECT_EQ(broken.exit_code, 0) << broken.err;
  EXPECT_THAT(broken.out,
              HasSubstr("no importer reads it: file broken.txt: no importer "
                        "recognises this document"));
  // Nothing was stored by asking.
  const ProcessResult listed = Tkp({"publications", "--format", "csv"});
  EXPECT_EQ(listed.out.find("FoodValley"), std::string::npos) << listed.out;
}

}  // namespace
}  // namespace tkp
