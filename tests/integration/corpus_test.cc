// The corpus (tests/corpus, make_corpus.py): documents made by LibreOffice
// Writer and Calc, Chromium, openpyxl, pdftotext and by hand-rolled CSV
// the way publishers and analysts make them, each beside the figures it
// states (NAME.tsv). Every document imports in one go without --period,
// and every region is read with exactly its figures. A document listed in
// tests/corpus/REFUSED is one the reader cannot read yet: it must be
// refused (nothing misread), and when it starts to import the test says to
// take it off the list.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "core/region_catalog.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

// The corpus's folders: documents/ by the producers the reader was built
// against, others/ by producers it was first measured on (make_corpus.py
// --producers others). TKP_CORPUS_DOCUMENTS names another folder of
// documents made the same way (make_corpus.py --prefix), to measure the
// reader on documents it was never tuned on.
std::vector<std::filesystem::path> Folders() {
  if (const char* other = std::getenv("TKP_CORPUS_DOCUMENTS")) {
    return {other};
  }
  const std::filesystem::path corpus(TKP_CORPUS_DIR);
  return {corpus / "documents", corpus / "others"};
}

struct Region {
  int register_size = 0;
  int percent = 0;
  // name, the four counts; in the table's order
  std::vector<std::pair<std::string, std::vector<int>>> municipalities;
};

struct Expected {
  int year = 0;
  int quarter = 0;
  std::map<std::string, Region> regions;  // by CBS code
};

Expected ReadExpected(const std::filesystem::path& tsv) {
  std::ifstream in(tsv);
  Expected expected;
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    std::vector<int> numbers;
    for (size_t i = fields[0] == "period" ? 1 : 2; i < fields.size(); ++i) {
      int n = 0;
      EXPECT_TRUE(absl::SimpleAtoi(fields[i], &n)) << line;
      numbers.push_back(n);
    }
    if (fields[0] == "period") {
      expected.year = numbers.at(0);
      expected.quarter = numbers.at(1);
      continue;
    }
    Region& region = expected.regions[fields[0]];
    if (fields[1] == "(register)") {
      region.register_size = numbers.at(0);
      region.percent = numbers.at(1);
    } else {
      region.municipalities.emplace_back(fields[1], numbers);
    }
  }
  return expected;
}

// The documents, by path: every file but the expected figures and the
// notes.
std::vector<std::string> Documents() {
  std::vector<std::string> paths;
  for (const std::filesystem::path& folder : Folders()) {
    for (const auto& entry : std::filesystem::directory_iterator(folder)) {
      const std::string ext = entry.path().extension().string();
      if (!ext.empty() && ext != ".tsv") paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

// Documents the reader cannot read yet, by file name.
std::set<std::string> Refused() {
  std::ifstream in(std::filesystem::path(TKP_CORPUS_DIR) / "REFUSED");
  std::set<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    names.insert(line.substr(0, line.find_first_of(" \t")));
  }
  return names;
}

class CorpusTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void SetUpTestSuite() {
    data_ = new testing::TempDir();
    server_ = new testing::TestServer(data_->path());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
  }
  static testing::TempDir* data_;
  static testing::TestServer* server_;
};
testing::TempDir* CorpusTest::data_ = nullptr;
testing::TestServer* CorpusTest::server_ = nullptr;

TEST_P(CorpusTest, ImportsWithExactlyItsFigures) {
  const std::filesystem::path file = GetParam();
  const std::string file_name = file.filename().string();
  std::filesystem::path tsv = file;
  tsv.replace_extension(".tsv");
  const Expected expected = ReadExpected(tsv);
  ASSERT_FALSE(expected.regions.empty()) << tsv;
  v1::ImportDocumentResponse response;
  // No --period: every document names its quarter.
  const grpc::Status status = server_->DryRun(file.string(), "", &response);
  if (Refused().contains(file_name)) {
    EXPECT_FALSE(status.ok())
        << file_name << " imports now: take it off tests/corpus/REFUSED";
    return;
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), expected.regions.size());
  for (const auto& publication : response.publications()) {
    const v1::RegionFigures& figures = publication.figures();
    const std::string& code = figures.region().cbs_code();
    SCOPED_TRACE(code + " " + figures.region().name());
    ASSERT_TRUE(expected.regions.contains(code));
    const Region& want = expected.regions.at(code);
    // The corpus prints the catalog's usual name; served whole even where a
    // narrow cell broke a word ("Zaanstreek/Waterla" above "nd").
    const std::optional<ResolvedRegion> region =
        RegionCatalog::BuiltIn().ResolveCode(code);
    ASSERT_TRUE(region.has_value());
    EXPECT_EQ(figures.region().name(), region->name);
    EXPECT_EQ(figures.period().year(), expected.year);
    EXPECT_EQ(figures.period().quarter(), expected.quarter);
    EXPECT_EQ(figures.register_size(), want.register_size);
    EXPECT_EQ(figures.stated_coverage_percent(), want.percent);
    ASSERT_EQ(figures.municipalities_size(), want.municipalities.size());
    for (int i = 0; i < figures.municipalities_size(); ++i) {
      const v1::Municipality& got = figures.municipalities(i);
      const auto& [name, counts] = want.municipalities[i];
      EXPECT_EQ(got.name(), name);
      EXPECT_EQ(got.counts().municipality_with_profile(), counts[0]) << name;
      EXPECT_EQ(got.counts().municipality_without_profile(), counts[1]) << name;
      EXPECT_EQ(got.counts().uwv_with_profile(), counts[2]) << name;
      EXPECT_EQ(got.counts().uwv_without_profile(), counts[3]) << name;
      // Every municipality is one of the quarter's: the reference data
      // knows it, so it has its code.
      EXPECT_THAT(got.code(), ::testing::StartsWith("GM")) << name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Producers, CorpusTest, ::testing::ValuesIn(Documents()),
    [](const ::testing::TestParamInfo<std::string>& info) {
      std::string name = std::filesystem::path(info.param).filename().string();
      for (char& c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
      }
      return name;
    });

}  // namespace
}  // namespace tkp
