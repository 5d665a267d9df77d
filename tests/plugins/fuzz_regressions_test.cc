// Replays what the fuzzers found (tests/fuzz/regressions/<target>/) and the
// samples through the real plugins and the validation, as the fuzz targets
// do: nothing may crash, a failure must say what is wrong, and a success
// must hold documents. Runs in every build, with or without clang.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "server/importing/text_decoding.h"
#include "server/importing/validator.h"
#include "tests/fuzz/raw_document_from_bytes.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

// Every regression input of a fuzz target, plus the samples.
std::vector<std::string> Inputs(const std::string& target) {
  std::vector<std::string> files;
  const std::filesystem::path dir =
      std::filesystem::path(TKP_FUZZ_REGRESSIONS_DIR) / target;
  if (std::filesystem::is_directory(dir)) {
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.is_regular_file()) files.push_back(entry.path().string());
    }
  }
  for (const char* sample :
       {testing::kSampleAmsterdamA, testing::kSampleAmsterdamB,
        testing::kSampleFoodValleyA}) {
    files.push_back(testing::SamplePath(sample));
  }
  return files;
}

class FuzzRegressionsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(FuzzRegressionsTest, EveryFindingIsReadOrRefusedWithAReason) {
  const std::string plugin = GetParam();
  const LoadedImporter importer = testing::LoadRealImporter(plugin);
  ASSERT_NE(importer.importer, nullptr);
  std::string target = "layout_a";
  if (plugin != "layout-a") target = plugin == "layout-b" ? "layout_b" : plugin;
  for (const std::string& file : Inputs(target)) {
    SCOPED_TRACE(file);
    const std::string bytes = testing::ReadFileOrDie(file);
    const int confidence = importer.importer->Identify(bytes);
    EXPECT_GE(confidence, 0);
    EXPECT_LE(confidence, 100);
    const plugin::ParseOutcome outcome =
        importer.importer->Parse(bytes, {"fuzz-2023Q4.txt", ""});
    if (outcome.ok) {
      EXPECT_FALSE(outcome.documents.empty());
    } else {
      EXPECT_FALSE(outcome.error.empty());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Plugins, FuzzRegressionsTest,
                         ::testing::Values("layout-a", "layout-b", "pdf",
                                           "xlsx", "ods", "csv"));

TEST(ValidationRegressionsTest, EveryFindingIsCheckedOrRefusedWithAReason) {
  for (const std::string& file : Inputs("validation")) {
    SCOPED_TRACE(file);
    const std::string bytes = testing::ReadFileOrDie(file);
    const absl::StatusOr<DecodedText> text = DecodeText(bytes, "fuzz.txt");
    if (!text.ok()) {
      EXPECT_FALSE(text.status().message().empty());
    }
    const absl::StatusOr<v1::RegionFigures> figures =
        Validate(fuzz::RawDocumentFromBytes(bytes),
                 ValidationContext{"fuzz.txt", std::nullopt});
    if (figures.ok()) {
      EXPECT_GE(figures->totals().total(), 0);
    } else {
      EXPECT_FALSE(figures.status().message().empty());
    }
  }
}

TEST(ValidationRegressionsTest, BuiltDocumentsReachTheValidatorsChecks) {
  // A document the byte format spells out: region, period, one row, a
  // total that disagrees. Proves the replay reaches real validation.
  const std::string bytes =
      "0Twente\n2"
      "2023 4\n3Almelo\t1\t2\t3\t4\t10\n"
      "4TOTAAL AMR\t1\t2\t3\t4\t11\n";
  const absl::StatusOr<v1::RegionFigures> figures =
      Validate(fuzz::RawDocumentFromBytes(bytes),
               ValidationContext{"fuzz.txt", std::nullopt});
  ASSERT_FALSE(figures.ok());
  EXPECT_THAT(figures.status().message(), ::testing::HasSubstr("TOTAAL AMR"));
}

}  // namespace
}  // namespace tkp
