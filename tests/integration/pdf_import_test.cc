// The PDF importer through a real server: PDFs drawn with cairo from the
// samples' figures import to the same figures as the text they came from,
// also when the table runs on to a second page, is drawn column by column
// or overprinted; damaged, scanned and password-protected PDFs are refused
// with a message that says so, and nothing is stored.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "tests/support/pdf_builder.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::ReadFileOrDie;
using testing::SamplePath;

class PdfImportTest : public ::testing::Test {
 protected:
  grpc::Status ImportPdf(const std::string& bytes,
                         v1::ImportDocumentResponse* response) {
    return server_.Import(bytes, "p.pdf", "", response);
  }

  void ExpectRefused(const std::string& bytes, absl::string_view what) {
    v1::ImportDocumentResponse response;
    const grpc::Status status = ImportPdf(bytes, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("file p.pdf"));
    EXPECT_THAT(status.error_message(), HasSubstr(std::string(what)));
    EXPECT_EQ(server_.PublicationCount(), 0);
  }

  void ExpectSameFigures(const v1::RegionFigures& expected,
                         const testing::PdfLayout& layout) {
    testing::WritePublicationPdf(dir_.File("p.pdf"), expected, layout);
    v1::ImportDocumentResponse response;
    const grpc::Status status =
        ImportPdf(ReadFileOrDie(dir_.File("p.pdf")), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.figures().source().importer(), "pdf");
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
        testing::FiguresOnly(response.figures()),
        testing::FiguresOnly(expected)))
        << response.figures().DebugString() << "\nvs\n"
        << expected.DebugString();
  }

  testing::TempDir dir_;
  testing::TempDir data_;
  testing::TestServer server_{data_.path()};
};

TEST_F(PdfImportTest, GivesTheSameFiguresAsTheTextLayout) {
  const v1::RegionFigures amsterdam =
      testing::SampleFigures(testing::kSampleAmsterdamA);
  // The sample is "Derde kwartaal 2023".
  ASSERT_EQ(amsterdam.period().year(), 2023);
  ASSERT_EQ(amsterdam.period().quarter(), 3);
  ExpectSameFigures(amsterdam, {});
}

// A PDF's bytes are not text, even where they would decode as Windows-1252:
// nothing about decoding text belongs in its notes.
TEST_F(PdfImportTest, CarriesNoTextDecodingNote) {
  const v1::RegionFigures expected =
      testing::SampleFigures(testing::kSampleFoodValleyA);
  v1::ImportDocumentResponse response;
  const grpc::Status status =
      ImportPdf(testing::PlainPublicationPdf(expected), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.figures().totals().total(), expected.totals().total());
  for (const std::string& note : response.figures().notes()) {
    EXPECT_THAT(note, ::testing::Not(HasSubstr("UTF-8"))) << note;
    EXPECT_THAT(note, ::testing::Not(HasSubstr("decoded"))) << note;
  }
}

TEST_F(PdfImportTest, ATableRunningOnToASecondPageReadsAsOne) {
  const v1::RegionFigures food_valley =
      testing::SampleFigures(testing::kSampleFoodValleyA);
  ASSERT_GT(food_valley.municipalities_size(), 4);
  ExpectSameFigures(food_valley, {.rows_on_first_page = 3});
}

// Words are read in the order they are drawn and put in order by their
// position, so a table drawn column by column reads as one drawn row by
// row.
TEST_F(PdfImportTest, ATableDrawnColumnByColumnReadsByRows) {
  ExpectSameFigures(testing::SampleFigures(testing::kSampleFoodValleyA),
                    {.rows_on_first_page = 3, .table_by_columns = true});
}

// Bold faked by drawing the text twice, a fraction of a point apart: each
// number counts once.
TEST_F(PdfImportTest, OverprintedTextCountsOnce) {
  ExpectSameFigures(testing::SampleFigures(testing::kSampleAmsterdamA),
                    {.table_overprinted = true});
}

TEST_F(PdfImportTest, AWrongFigureIsRefusedWithItsPageAndLine) {
  v1::RegionFigures broken =
      testing::SampleFigures(testing::kSampleFoodValleyA);
  broken.mutable_municipalities(4)->mutable_counts()->set_total(
      broken.municipalities(4).counts().total() + 1);
  testing::WritePublicationPdf(dir_.File("p.pdf"), broken,
                               {.rows_on_first_page = 3});
  // Page 2: running header, column titles, then the fourth and fifth rows.
  ExpectRefused(ReadFileOrDie(dir_.File("p.pdf")),
                absl::StrCat("file p.pdf page 2 line 4 row \"",
                             broken.municipalities(4).name(), "\""));
}

TEST_F(PdfImportTest, AScanIsRefused) {
  testing::WriteScannedPdf(dir_.File("scan.pdf"));
  ExpectRefused(ReadFileOrDie(dir_.File("scan.pdf")), "no text layer");
}

TEST_F(PdfImportTest, ADamagedPdfIsRefused) {
  ExpectRefused(std::string("%PDF-1.5\n") + std::string(4000, '\x7f'),
                "damaged or truncated");
}

TEST_F(PdfImportTest, APasswordProtectedPdfIsRefused) {
  testing::WritePublicationPdf(
      dir_.File("p.pdf"), testing::SampleFigures(testing::kSampleFoodValleyA));
  const testing::ProcessResult qpdf = testing::RunProcess(
      {"/usr/bin/qpdf", "--encrypt", "geheim", "eigenaar", "256", "--",
       dir_.File("p.pdf"), dir_.File("locked.pdf")});
  ASSERT_EQ(qpdf.exit_code, 0) << qpdf.err;
  ExpectRefused(ReadFileOrDie(dir_.File("locked.pdf")), "password-protected");
}

TEST_F(PdfImportTest, AnOwnerPasswordOnlyIsReadWithANote) {
  const v1::RegionFigures food_valley =
      testing::SampleFigures(testing::kSampleFoodValleyA);
  testing::WritePublicationPdf(dir_.File("p.pdf"), food_valley);
  const testing::ProcessResult qpdf = testing::RunProcess(
      {"/usr/bin/qpdf", "--encrypt", "", "eigenaar", "256", "--",
       dir_.File("p.pdf"), dir_.File("restricted.pdf")});
  ASSERT_EQ(qpdf.exit_code, 0) << qpdf.err;
  v1::ImportDocumentResponse response;
  const grpc::Status status =
      ImportPdf(ReadFileOrDie(dir_.File("restricted.pdf")), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.figures().totals().total(), food_valley.totals().total());
  EXPECT_THAT(response.figures().notes(),
              ::testing::Contains(HasSubstr("encrypted")));
}

}  // namespace
}  // namespace tkp
