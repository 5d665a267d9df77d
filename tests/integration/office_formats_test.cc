// Documents written by real office software (tests/fixtures/documents, made
// by its make_fixtures.sh with LibreOffice Calc and openpyxl) import
// through a real server to exactly the figures of the tab-separated text
// they were made from; a file no importer reads is refused saying what it
// is and what tkp reads.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::ReadFileOrDie;

std::string Fixture(const std::string& name) {
  return std::string(TKP_DOCUMENT_FIXTURES_DIR) + "/" + name;
}

class OfficeFormatsImport : public ::testing::Test {
 protected:
  // The publications a file gives; fails the test when it is refused.
  v1::ImportDocumentResponse Import(const std::string& name,
                                    testing::TestServer& server) {
    v1::ImportDocumentResponse response;
    const grpc::Status status =
        server.DryRun(Fixture(name), "2023Q4", &response);
    EXPECT_TRUE(status.ok()) << name << ": " << status.error_message();
    return response;
  }

  // `name` gives every region of the source the fixtures were made from,
  // each with exactly the source's figures; without the share known in
  // Sonar where the document does not print it.
  void ExpectTheSourcesFigures(const std::string& name,
                               bool without_stated_share = false) {
    const v1::ImportDocumentResponse source =
        Import("twee-regios-2023Q4.tsv", server_);
    const v1::ImportDocumentResponse read = Import(name, server_);
    ASSERT_EQ(read.publications_size(), source.publications_size());
    for (int i = 0; i < source.publications_size(); ++i) {
      v1::RegionFigures expected =
          testing::FiguresOnly(source.publications(i).figures());
      if (without_stated_share) {
        EXPECT_GT(expected.stated_coverage_percent(), 0);
        expected.clear_stated_coverage_percent();
      }
      const v1::RegionFigures got =
          testing::FiguresOnly(read.publications(i).figures());
      EXPECT_TRUE(
          google::protobuf::util::MessageDifferencer::Equals(got, expected))
          << got.DebugString() << "\nvs\n"
          << expected.DebugString();
    }
  }

  testing::TempDir data_;
  testing::TestServer server_{data_.path()};
};

class OfficeFormatsTest : public OfficeFormatsImport,
                          public ::testing::WithParamInterface<const char*> {};

// The source the fixtures were made from, read as layout B, holds the two
// regions with the figures printed in it.
TEST(OfficeFormatsSourceTest, TheSourceHoldsBothRegions) {
  testing::TempDir data;
  testing::TestServer server(data.path());
  v1::ImportDocumentResponse response;
  const grpc::Status status =
      server.Import(ReadFileOrDie(Fixture("twee-regios-2023Q4.tsv")),
                    "twee-regios-2023Q4.tsv", "2023Q4", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), 2);
  const v1::RegionFigures& amsterdam = response.publications(0).figures();
  EXPECT_EQ(amsterdam.region().name(), "Groot-Amsterdam");
  EXPECT_EQ(amsterdam.municipalities_size(), 13);
  EXPECT_EQ(amsterdam.totals().total(), 28788);
  EXPECT_EQ(amsterdam.totals().uwv_with_profile(), 15498);
  EXPECT_EQ(amsterdam.register_size(), 39435);
  const v1::RegionFigures& zaanstreek = response.publications(1).figures();
  EXPECT_EQ(zaanstreek.region().name(), "Zaanstreek/Waterland");
  EXPECT_EQ(zaanstreek.region().code(), 7);
  EXPECT_EQ(zaanstreek.municipalities(1).name(), "Purmerend");
  EXPECT_EQ(zaanstreek.municipalities(1).counts().uwv_with_profile(), 631);
  EXPECT_EQ(zaanstreek.totals().total(), 1751);
  EXPECT_EQ(zaanstreek.register_size(), 2500);
}

TEST_P(OfficeFormatsTest, GivesEveryRegionWithTheSourcesFigures) {
  ExpectTheSourcesFigures(GetParam());
}

INSTANTIATE_TEST_SUITE_P(
    Producers, OfficeFormatsTest,
    ::testing::Values("calc-twee-regios-2023Q4.xlsx",
                      "calc-twee-regios-2023Q4.ods",
                      "calc-twee-regios-2023Q4.csv",
                      "calc-twee-regios-2023Q4-one-page.pdf",
#if TKP_XLS_IMPORTER
                      "calc-twee-regios-2023Q4.xls",
#endif
                      "openpyxl-twee-regios-2023Q4.xlsx"),
    testing::FileParamName);

// Calc prints the wide table as it is laid out: column A (the region cell
// and the register sentence) on page 1, the names and three counts on page
// 2, the last two counts on page 3, each row at the same height on each
// page. The pages are put back side by side. The sentence overflowing
// column A is printed only as far as page 1 reaches ("... 39.435 personen.
// Daarm"): the PDF does not say the share known in Sonar, so none is read;
// every other figure is the source's.
TEST_F(OfficeFormatsImport, ACalcPdfWithColumnsOnLaterPagesIsJoined) {
  ExpectTheSourcesFigures("calc-twee-regios-2023Q4.pdf",
                          /*without_stated_share=*/true);
}

// A Writer table with a narrow name column: "Capelle aan den" / "IJssel",
// "Krimpen" / "aan den" / "IJssel" and "TOTAAL" / "AMR" wrap in their
// cells; the region cell stands beside the first row, or is merged over all
// rows and centred. The figures as the PDF prints them (checked by hand:
// 12 + 340 + 1.210 + 95 = 1.657, and the TOTAAL AMR row is the column sums).
class WriterTableTest : public ::testing::TestWithParam<const char*> {};

TEST_P(WriterTableTest, WrappedCellsJoinTheirRows) {
  testing::TempDir data;
  testing::TestServer server(data.path());
  v1::ImportDocumentResponse response;
  const grpc::Status status = server.Import(ReadFileOrDie(Fixture(GetParam())),
                                            GetParam(), "2023Q4", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), 1);
  const v1::RegionFigures& f = response.figures();
  EXPECT_EQ(f.region().name(), "Rijnmond");
  EXPECT_EQ(f.region().code(), 22);
  EXPECT_EQ(f.region().cbs_code(), "AM22");
  ASSERT_EQ(f.municipalities_size(), 5);
  EXPECT_EQ(f.municipalities(0).name(), "Capelle aan den IJssel");
  EXPECT_EQ(f.municipalities(0).counts().municipality_with_profile(), 12);
  EXPECT_EQ(f.municipalities(0).counts().uwv_with_profile(), 1210);
  EXPECT_EQ(f.municipalities(0).counts().total(), 1657);
  EXPECT_EQ(f.municipalities(1).name(), "Krimpen aan den IJssel");
  EXPECT_EQ(f.municipalities(1).counts().total(), 598);
  EXPECT_EQ(f.municipalities(2).name(), "Rotterdam");
  EXPECT_EQ(f.municipalities(2).counts().total(), 11001);
  EXPECT_EQ(f.municipalities(4).name(), "Vlaardingen");
  EXPECT_EQ(f.municipalities(4).counts().uwv_without_profile(), 120);
  EXPECT_EQ(f.totals().municipality_without_profile(), 4213);
  EXPECT_EQ(f.totals().total(), 16759);
  EXPECT_EQ(f.register_size(), 22345);
  EXPECT_EQ(f.stated_coverage_percent(), 75);
}

INSTANTIATE_TEST_SUITE_P(Exports, WriterTableTest,
                         ::testing::Values("writer-wrapped-2023Q4.pdf",
                                           "writer-merged-region-2023Q4.pdf"),
                         [](const auto& info) {
                           return std::string(info.param).find("merged") ==
                                          std::string::npos
                                      ? "RegionBesideTheFirstRow"
                                      : "RegionMergedAndCentred";
                         });

// A Writer table that runs onto the next page, where Writer repeats its
// two-row header: one table of all thirteen rows (Rotterdam and the
// TOTAAL AMR row stand on page 2). Checked by hand: 6 + 9 + 12 + 7 + 4 + 8
// + 5 + 14 + 6 + 210 + 33 + 20 + 10 = 344, the TOTAAL AMR row's first count.
TEST_F(OfficeFormatsImport, AWriterTableRunningOntoTheNextPageIsOneTable) {
  const v1::ImportDocumentResponse response =
      Import("writer-long-table-2023Q4.pdf", server_);
  ASSERT_EQ(response.publications_size(), 1);
  const v1::RegionFigures& f = response.figures();
  EXPECT_EQ(f.region().name(), "Rijnmond");
  ASSERT_EQ(f.municipalities_size(), 13);
  EXPECT_EQ(f.municipalities(2).name(), "Capelle aan den IJssel");
  EXPECT_EQ(f.municipalities(8).name(), "Ridderkerk");
  EXPECT_EQ(f.municipalities(8).counts().total(), 538);
  EXPECT_EQ(f.municipalities(9).name(), "Rotterdam");
  EXPECT_EQ(f.municipalities(9).counts().uwv_with_profile(), 7001);
  EXPECT_EQ(f.municipalities(9).counts().total(), 11001);
  EXPECT_EQ(f.municipalities(12).name(), "Voorne aan Zee");
  EXPECT_EQ(f.municipalities(12).counts().total(), 752);
  EXPECT_EQ(f.totals().municipality_with_profile(), 344);
  EXPECT_EQ(f.totals().municipality_without_profile(), 5379);
  EXPECT_EQ(f.totals().uwv_with_profile(), 14566);
  EXPECT_EQ(f.totals().uwv_without_profile(), 1572);
  EXPECT_EQ(f.totals().total(), 21861);
  EXPECT_EQ(f.register_size(), 29148);
  EXPECT_EQ(f.stated_coverage_percent(), 75);
}

// Files the server must refuse: it says where or what, and stores nothing.
class OfficeFormatsRefusalTest : public ::testing::Test {
 protected:
  void ExpectRefused(const std::string& bytes, const std::string& file_name,
                     const std::vector<std::string>& parts) {
    const grpc::Status status = server_.Import(bytes, file_name, "2023Q4");
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    for (const std::string& part : parts) {
      EXPECT_THAT(status.error_message(), HasSubstr(part));
    }
    EXPECT_EQ(server_.PublicationCount(), 0);
  }

  testing::TempDir data_;
  testing::TestServer server_{data_.path()};
};

#if TKP_XLS_IMPORTER
// What the fuzzer found FreeXL reading past a buffer on: in a worker, it
// ends that import only, with an error, and stores nothing.
// Saved by Calc with a password: FreeXL does not say so, tkp does.
TEST_F(OfficeFormatsRefusalTest, AnXlsWithAPasswordIsRefusedSayingSo) {
  ExpectRefused(
      ReadFileOrDie(Fixture("calc-twee-regios-2023Q4-password.xls")),
      "geheim.xls",
      {"file geheim.xls: an Excel 97-2003 workbook protected by a password; "
       "remove the password"});
}

TEST_F(OfficeFormatsRefusalTest, AnXlsThatFreeXlMisreadsIsRefused) {
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(TKP_FUZZ_REGRESSIONS_DIR) + "/xls")) {
    SCOPED_TRACE(entry.path().string());
    const grpc::Status status = server_.Import(
        ReadFileOrDie(entry.path().string()), "kapot.xls", "2023Q4");
    EXPECT_FALSE(status.ok());
    EXPECT_THAT(status.error_message(), HasSubstr("kapot.xls"));
    EXPECT_EQ(server_.PublicationCount(), 0);
  }
}
#else
// Built without the .xls importer (-DTKP_XLS_IMPORTER=OFF): an Excel
// 97-2003 workbook is refused, saying what it is and what to do.
TEST_F(OfficeFormatsRefusalTest, AnXlsWorkbookIsRefusedSayingWhy) {
  ExpectRefused(ReadFileOrDie(Fixture("calc-twee-regios-2023Q4.xls")),
                "oud.xls",
                {"file oud.xls is an Excel 97-2003 workbook (.xls), which no "
                 "importer reads",
                 "; save it as .xlsx or .ods and import that. tkp reads: "});
}
#endif

// openpyxl writes =SUM() totals without their results (it does not
// calculate): the figures are unknown, so the workbook is refused, naming
// the cells and saying how to store the results.
TEST_F(OfficeFormatsRefusalTest, FormulasWithoutStoredResultsAreRefused) {
  ExpectRefused(
      ReadFileOrDie(Fixture("openpyxl-formula-totals-2023Q4.xlsx")),
      "sommen.xlsx",
      {"sommen.xlsx",
       "cells C16, D16, E16, F16, G16 hold formulas without a stored result",
       "open the file in Excel or LibreOffice and save it again"});
}

TEST_F(OfficeFormatsRefusalTest, AFileNoImporterReadsIsNamed) {
  ExpectRefused(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16), "scan.png",
                {"file scan.png is a PNG image, which no importer reads. tkp "
                 "reads: ",
                 "OpenDocument spreadsheet"});
}

}  // namespace
}  // namespace tkp
