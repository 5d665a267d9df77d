// The xlsx importer through a real server: workbooks written with
// libxlsxwriter import to the same figures as the text they were made from,
// several sheets give several publications in one all-or-nothing import,
// and broken workbooks are refused with a clear message and nothing stored.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>
#include <zip.h>

#include <tuple>

#include "tests/support/test_support.h"
#include "tests/support/workbook_builder.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::ReadFileOrDie;
using testing::SamplePath;
using testing::SheetCell;
using testing::SheetSpec;

v1::Period Quarter(int year, int quarter) {
  v1::Period period;
  period.set_year(year);
  period.set_quarter(quarter);
  return period;
}

class WorkbookImportTest : public ::testing::Test {
 protected:
  // Writes the sheets to a workbook and returns its bytes.
  std::string Workbook(const std::vector<SheetSpec>& sheets) {
    const std::string path = dir_.File("w.xlsx");
    testing::WriteWorkbook(path, sheets);
    return ReadFileOrDie(path);
  }

  grpc::Status ImportWorkbook(const std::string& bytes,
                              v1::ImportDocumentResponse* response,
                              const std::string& sheet = "") {
    v1::ImportDocumentRequest request;
    request.set_content(bytes);
    request.set_file_name("w.xlsx");
    *request.mutable_period() = Quarter(2023, 4);
    request.set_sheet(sheet);
    return server_.Import(request, response);
  }

  void ExpectRefused(const std::string& bytes, absl::string_view what) {
    v1::ImportDocumentResponse response;
    const grpc::Status status = ImportWorkbook(bytes, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("w.xlsx"));
    EXPECT_THAT(status.error_message(), HasSubstr(std::string(what)));
    EXPECT_EQ(server_.PublicationCount(), 0);
  }

  testing::TempDir dir_;
  testing::TempDir data_;
  testing::TestServer server_{data_.path()};
};

TEST_F(WorkbookImportTest, GivesTheSameFiguresAsTheTabSeparatedText) {
  const std::string tsv = ReadFileOrDie(SamplePath(testing::kSampleAmsterdamB));
  v1::ImportDocumentResponse from_text;
  ASSERT_TRUE(server_.Import(tsv, "b.tsv", "2023Q4", &from_text).ok());

  testing::TempDir other_data;
  testing::TestServer other(other_data.path());
  v1::ImportDocumentRequest request;
  testing::WriteWorkbook(dir_.File("b.xlsx"),
                         {testing::SheetFromTabSeparated("Blad1", tsv)});
  request.set_content(ReadFileOrDie(dir_.File("b.xlsx")));
  request.set_file_name("b.xlsx");
  *request.mutable_period() = Quarter(2023, 4);
  v1::ImportDocumentResponse from_workbook;
  const grpc::Status status = other.Import(request, &from_workbook);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(from_workbook.publications_size(), 1);
  EXPECT_EQ(from_workbook.figures().source().importer(), "xlsx");
  EXPECT_EQ(from_workbook.figures().source().part(), "sheet \"Blad1\"");
  // The sample's TOTAAL AMR row prints 28.788.
  EXPECT_EQ(from_workbook.figures().totals().total(), 28788);
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      testing::FiguresOnly(from_workbook.figures()),
      testing::FiguresOnly(from_text.figures())))
      << from_workbook.figures().DebugString() << "\nvs\n"
      << from_text.figures().DebugString();
}

TEST_F(WorkbookImportTest, EachSheetWithATableIsOnePublication) {
  const v1::RegionFigures food_valley =
      testing::SampleFigures(testing::kSampleFoodValleyA);
  const std::string tsv = ReadFileOrDie(SamplePath(testing::kSampleAmsterdamB));
  const SheetSpec notes = testing::ProseSheet("Toelichting", "Uitleg.");
  const std::string bytes =
      Workbook({notes, testing::SheetFromTabSeparated("Amsterdam", tsv),
                testing::SheetFromFigures("Food Valley", food_valley)});

  v1::ImportDocumentResponse response;
  grpc::Status status = ImportWorkbook(bytes, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), 2);
  EXPECT_EQ(response.publications(0).figures().region().key(),
            "grootamsterdam");
  EXPECT_THAT(response.publications(0).figures().notes(),
              ::testing::Contains(HasSubstr("\"Toelichting\" holds no table")));
  const v1::RegionFigures& fv = response.publications(1).figures();
  EXPECT_EQ(fv.source().part(), "sheet \"Food Valley\"");
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(
      testing::FiguresOnly(fv), testing::FiguresOnly(food_valley)))
      << fv.DebugString();
  EXPECT_EQ(server_.PublicationCount(), 2);

  // Again: nothing changed.
  status = ImportWorkbook(bytes, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.publications(1).outcome(),
            v1::ImportDocumentResponse::OUTCOME_UNCHANGED);
}

TEST_F(WorkbookImportTest, TheOperatorCanNameOneSheet) {
  const v1::RegionFigures food_valley =
      testing::SampleFigures(testing::kSampleFoodValleyA);
  const std::string bytes = Workbook(
      {testing::SheetFromTabSeparated(
           "Amsterdam", ReadFileOrDie(SamplePath(testing::kSampleAmsterdamB))),
       testing::SheetFromFigures("Food Valley", food_valley)});
  v1::ImportDocumentResponse response;
  grpc::Status status = ImportWorkbook(bytes, &response, "Food Valley");
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), 1);
  EXPECT_EQ(response.figures().region().key(), "foodvalley");

  status = ImportWorkbook(bytes, &response, "Twente");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("no sheet \"Twente\"; it has \"Amsterdam\", "
                        "\"Food Valley\""));
  EXPECT_EQ(server_.PublicationCount(), 1);
}

TEST_F(WorkbookImportTest, OneBadSheetRefusesTheWholeWorkbook) {
  v1::RegionFigures broken =
      testing::SampleFigures(testing::kSampleFoodValleyA);
  // A municipality whose counts no longer add up to its total.
  broken.mutable_municipalities(1)->mutable_counts()->set_uwv_with_profile(
      broken.municipalities(1).counts().uwv_with_profile() + 1);
  const std::string bytes = Workbook(
      {testing::SheetFromTabSeparated(
           "Amsterdam", ReadFileOrDie(SamplePath(testing::kSampleAmsterdamB))),
       testing::SheetFromFigures("Food Valley", broken)});
  // Row 4: two header rows, then the second municipality.
  ExpectRefused(bytes,
                absl::StrCat("file w.xlsx sheet \"Food Valley\" row 4 row \"",
                             broken.municipalities(1).name(), "\""));
}

TEST_F(WorkbookImportTest, AFormulaErrorCellIsRefused) {
  SheetSpec sheet = testing::SheetFromFigures(
      "Food Valley", testing::SampleFigures(testing::kSampleFoodValleyA));
  sheet.rows[3][4] = {SheetCell::Kind::kFormulaText, "#DIV/0!", 0, "=1/0"};
  ExpectRefused(Workbook({sheet}),
                "sheet \"Food Valley\" row 4: cell E4 holds the formula "
                "error #DIV/0!");
}

TEST_F(WorkbookImportTest, AWorkbookWithoutTheTableIsRefused) {
  ExpectRefused(Workbook({testing::ProseSheet("Blad1", "Geen tabel hier.")}),
                "no sheet holds a table of counts (looked at \"Blad1\")");
}

TEST_F(WorkbookImportTest, AZipThatIsNotAWorkbookIsRefused) {
  const std::string path = dir_.File("not.zip");
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr);
  static const char kText[] = "just a text file";
  zip_source_t* source = zip_source_buffer(archive, kText, sizeof kText - 1, 0);
  ASSERT_GE(zip_file_add(archive, "readme.txt", source, ZIP_FL_OVERWRITE), 0);
  ASSERT_EQ(zip_close(archive), 0);
  ExpectRefused(ReadFileOrDie(path),
                "is a zip archive that is not a workbook or spreadsheet, "
                "which no importer reads; unpack it");
}

// An entity reference that office software never writes (here one that
// would have been an XXE attempt, had it been declared) is refused before
// the XML is read, rather than left in a municipality's name.
TEST_F(WorkbookImportTest, AnXmlEntityReferenceIsRefused) {
  const std::string path = dir_.File("entity.ods");
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr);
  static const char kMimeType[] =
      "application/vnd.oasis.opendocument.spreadsheet";
  static const char kContent[] =
      "<?xml version=\"1.0\"?>\n"
      "<office:document-content "
      "xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
      "xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" "
      "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\">"
      "<office:body><office:spreadsheet><table:table table:name=\"Blad1\">\n"
      "<table:table-row><table:table-cell><text:p>Almere&amp;co &#38; "
      "&xxe;</text:p></table:table-cell></table:table-row>"
      "</table:table></office:spreadsheet></office:body>"
      "</office:document-content>";
  for (const auto& [name, text, size] :
       {std::tuple{"mimetype", kMimeType, sizeof kMimeType - 1},
        std::tuple{"content.xml", kContent, sizeof kContent - 1}}) {
    zip_source_t* source = zip_source_buffer(archive, text, size, 0);
    const zip_int64_t index =
        zip_file_add(archive, name, source, ZIP_FL_OVERWRITE);
    ASSERT_GE(index, 0);
    // Stored, as the format wants its mimetype (and tkp looks for it).
    ASSERT_EQ(zip_set_file_compression(
                  archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0),
              0);
  }
  ASSERT_EQ(zip_close(archive), 0);
  ExpectRefused(ReadFileOrDie(path),
                "content.xml holds the XML entity reference \"&xxe;\" on "
                "line 3, which office software never writes");
}

TEST_F(WorkbookImportTest, ADamagedWorkbookIsRefused) {
  const std::string bytes = Workbook({testing::SheetFromFigures(
      "Food Valley", testing::SampleFigures(testing::kSampleFoodValleyA))});
  ExpectRefused(bytes.substr(0, bytes.size() / 2),
                "not a readable zip archive");
}

}  // namespace
}  // namespace tkp
