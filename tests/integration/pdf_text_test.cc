// What an operator does first with a PDF: `pdftotext -layout`. The text of
// the PDFs LibreOffice Writer and Calc wrote (tests/fixtures/documents/
// pdftotext-*.txt, make_fixtures.sh) — names wrapped onto lines of their
// own, "TOTAAL" above "AMR", the two-row header repeated where the table
// runs onto page 2, the region cell beside the first row or centred beside
// a middle one, two regions one after the other — imports as layout A to
// exactly the figures of the PDF it was pulled from.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_support.h"

namespace tkp {
namespace {

v1::ImportDocumentResponse DryRun(testing::TestServer& server,
                                  const std::string& name) {
  v1::ImportDocumentResponse response;
  const grpc::Status status = server.DryRun(
      std::string(TKP_DOCUMENT_FIXTURES_DIR) + "/" + name, "2023Q4", &response);
  EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
  return response;
}

class PdfTextTest : public ::testing::TestWithParam<const char*> {
 protected:
  testing::TempDir data_;
  testing::TestServer server_{data_.path()};
};

TEST_P(PdfTextTest, ImportsToTheFiguresOfItsPdf) {
  const std::string pdf = GetParam();
  const v1::ImportDocumentResponse want = DryRun(server_, pdf + ".pdf");
  const v1::ImportDocumentResponse got =
      DryRun(server_, "pdftotext-" + pdf + ".txt");
  ASSERT_GT(want.publications_size(), 0);
  ASSERT_EQ(got.publications_size(), want.publications_size());
  for (int i = 0; i < want.publications_size(); ++i) {
    EXPECT_EQ(got.publications(i).figures().source().importer(), "layout-a");
    const v1::RegionFigures a =
        testing::FiguresOnly(got.publications(i).figures());
    const v1::RegionFigures b =
        testing::FiguresOnly(want.publications(i).figures());
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(a, b))
        << a.DebugString() << "\nvs\n"
        << b.DebugString();
  }
}

INSTANTIATE_TEST_SUITE_P(Producers, PdfTextTest,
                         ::testing::Values("writer-wrapped-2023Q4",
                                           "writer-merged-region-2023Q4",
                                           "writer-long-table-2023Q4",
                                           "calc-twee-regios-2023Q4-one-page"),
                         testing::FileParamName);

}  // namespace
}  // namespace tkp
