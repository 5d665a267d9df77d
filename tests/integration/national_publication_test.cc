// A national publication as LibreOffice Writer exports it, and the text
// `pdftotext -layout` pulls from it (tests/fixtures/documents/
// writer-national-2024Q3.*, make_writer_national.py): a title page with
// prose that ends in numbers, a running page header that names the
// quarter, "Pagina N van M" footers, the 35 regions one after another with
// their real municipalities, tables that run over page breaks with their
// two-row header repeated, region cells that wrap, register sentences at
// the top of a page. Each imports in one go, the period taken from the
// document, every figure as the generator wrote it (the .tsv beside it).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

constexpr char kName[] = "writer-national-2024Q3";

struct Expected {
  int register_size = 0;
  int percent = 0;
  // name, the four counts; in the table's order
  std::vector<std::pair<std::string, std::vector<int>>> municipalities;
};

// The generator's figures by region CBS code.
std::map<std::string, Expected> ReadExpected() {
  std::ifstream in(std::string(TKP_DOCUMENT_FIXTURES_DIR) + "/" + kName +
                   ".tsv");
  std::map<std::string, Expected> expected;
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = absl::StrSplit(line, '\t');
    std::vector<int> numbers;
    for (size_t i = 2; i < fields.size(); ++i) {
      int n = 0;
      EXPECT_TRUE(absl::SimpleAtoi(fields[i], &n)) << line;
      numbers.push_back(n);
    }
    Expected& region = expected[fields[0]];
    if (fields[1] == "(register)") {
      region.register_size = numbers.at(0);
      region.percent = numbers.at(1);
    } else {
      region.municipalities.emplace_back(fields[1], numbers);
    }
  }
  return expected;
}

class NationalPublicationTest : public ::testing::TestWithParam<const char*> {
 protected:
  testing::TempDir data_;
  testing::TestServer server_{data_.path()};
};

TEST_P(NationalPublicationTest, EveryRegionImportsWithExactlyItsFigures) {
  const std::map<std::string, Expected> expected = ReadExpected();
  ASSERT_EQ(expected.size(), 35u);
  const std::string file =
      std::string(TKP_DOCUMENT_FIXTURES_DIR) + "/" + GetParam();
  v1::ImportDocumentResponse response;
  // No --period: the document names its quarter.
  const grpc::Status status = server_.DryRun(file, "", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), 35);
  std::set<std::string> seen;
  for (const auto& publication : response.publications()) {
    const v1::RegionFigures& figures = publication.figures();
    const std::string& code = figures.region().cbs_code();
    SCOPED_TRACE(code + " " + figures.region().name());
    seen.insert(code);
    ASSERT_TRUE(expected.contains(code));
    const Expected& want = expected.at(code);
    // The name as the document prints it, whole where a narrow cell broke
    // a word ("Zaanstreek/Waterla" above "nd").
    EXPECT_THAT(figures.region().name(),
                ::testing::Not(::testing::HasSubstr("Waterla nd")));
    EXPECT_EQ(figures.period().year(), 2024);
    EXPECT_EQ(figures.period().quarter(), 3);
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
      // A municipality the reference data knows for the year has its code.
      EXPECT_THAT(got.code(), ::testing::StartsWith("GM")) << name;
    }
  }
  EXPECT_EQ(seen.size(), 35u);
}

INSTANTIATE_TEST_SUITE_P(
    Producers, NationalPublicationTest,
    ::testing::Values("writer-national-2024Q3.pdf",
                      "pdftotext-writer-national-2024Q3.txt"),
    testing::FileParamName);

}  // namespace
}  // namespace tkp
