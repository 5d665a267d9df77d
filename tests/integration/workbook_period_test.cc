// Workbooks that name their period where publishers put it — a title row
// ("Transparantie van klantprofielen - 2023Q4", "Vierde kwartaal 2023"),
// the sheet names, one title over every region stacked in one sheet with
// merged region cells — written by openpyxl and saved again by LibreOffice
// Calc (tests/fixtures/documents, make_fixtures.sh), import without
// --period as 2023Q4 with exactly the figures of the text they were made
// from; a --period that contradicts the stated one is refused, saying both.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  return std::string(TKP_DOCUMENT_FIXTURES_DIR) + "/" + name;
}

// Reads the fixture `name` without storing it; `period` empty: none given.
grpc::Status DryRun(testing::TestServer& server, const std::string& name,
                    const std::string& period,
                    v1::ImportDocumentResponse* response) {
  return server.DryRun(Fixture(name), period, response);
}

class WorkbookPeriodTest : public ::testing::TestWithParam<const char*> {
 protected:
  testing::TempDir data_;
  testing::TestServer server_{data_.path()};
};

TEST_P(WorkbookPeriodTest, ImportsWithoutAPeriodAsTheOneItStates) {
  v1::ImportDocumentResponse source;
  ASSERT_TRUE(
      DryRun(server_, "twee-regios-2023Q4.tsv", "2023Q4", &source).ok());
  v1::ImportDocumentResponse read;
  const grpc::Status status = DryRun(server_, GetParam(), "", &read);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(read.publications_size(), source.publications_size());
  for (int i = 0; i < source.publications_size(); ++i) {
    const v1::RegionFigures got =
        testing::FiguresOnly(read.publications(i).figures());
    const v1::RegionFigures want =
        testing::FiguresOnly(source.publications(i).figures());
    EXPECT_EQ(got.period().year(), 2023);
    EXPECT_EQ(got.period().quarter(), 4);
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got, want))
        << got.DebugString() << "\nvs\n"
        << want.DebugString();
  }
}

TEST_P(WorkbookPeriodTest, AContradictingPeriodIsRefusedNamingBoth) {
  v1::ImportDocumentResponse read;
  const grpc::Status status = DryRun(server_, GetParam(), "2024Q1", &read);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("the document is for 2023Q4 but the import asks for "
                        "2024Q1"));
}

INSTANTIATE_TEST_SUITE_P(
    Producers, WorkbookPeriodTest,
    ::testing::Values("openpyxl-titled.xlsx", "calc-titled.xlsx",
                      "calc-titled.ods", "openpyxl-sheet-names.xlsx",
                      "openpyxl-stacked.xlsx", "calc-stacked.xlsx",
                      "calc-stacked.ods"),
    testing::FileParamName);

}  // namespace
}  // namespace tkp
