// Documents that hold several regions, as a national publication prints all
// 35, through a real server: every importer gives one publication per
// region, each with exactly the figures it has when imported alone, or
// refuses the whole document; a damaged region anywhere, a line that looks
// like table data that no table took in, and a region given twice store
// nothing and name the line. Region cells may print the CBS code.

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/region_catalog.h"
#include "proto/period_conversion.h"
#include "tests/bench/publication_generator.h"
#include "tests/support/pdf_builder.h"
#include "tests/support/test_support.h"
#include "tests/support/workbook_builder.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::ReadFileOrDie;
using testing::SamplePath;

// The 35 regions of the catalog for 2023Q2 in layout A: the texts one by
// one, as the generator writes them.
std::vector<bench::GeneratedPublication> NationalTexts() {
  std::vector<bench::GeneratedPublication> texts;
  int code = 0;
  for (const std::string& region : RegionCatalog::BuiltIn().names()) {
    ++code;
    texts.push_back(bench::GeneratePublication(
        region, code, 2023, 2, false, static_cast<uint32_t>(code * 7)));
  }
  return texts;
}

std::string Joined(const std::vector<bench::GeneratedPublication>& texts) {
  std::string all;
  for (const bench::GeneratedPublication& text : texts) {
    absl::StrAppend(&all, text.text, "\n");
  }
  return all;
}

bool SameFigures(const v1::RegionFigures& a, const v1::RegionFigures& b) {
  return google::protobuf::util::MessageDifferencer::Equals(
      testing::FiguresOnly(a), testing::FiguresOnly(b));
}

class NationalDocumentsTest : public ::testing::Test {
 protected:
  // What the server makes of one document without storing it.
  v1::RegionFigures DryRun(const std::string& content,
                           const std::string& file_name,
                           const std::string& period = "") {
    v1::ImportDocumentRequest request;
    request.set_content(content);
    request.set_file_name(file_name);
    request.set_dry_run(true);
    if (!period.empty()) {
      *request.mutable_period() = ToProto(*ParsePeriod(period));
    }
    v1::ImportDocumentResponse response;
    const grpc::Status status = server_.Import(request, &response);
    EXPECT_TRUE(status.ok()) << file_name << ": " << status.error_message();
    EXPECT_EQ(response.publications_size(), 1) << file_name;
    return response.figures();
  }

  // What the server makes of each text on its own.
  std::vector<v1::RegionFigures> EachAlone(
      const std::vector<bench::GeneratedPublication>& texts) {
    std::vector<v1::RegionFigures> alone;
    alone.reserve(texts.size());
    for (const bench::GeneratedPublication& text : texts) {
      alone.push_back(DryRun(text.text, text.file_name));
    }
    return alone;
  }

  // Imports; expects every publication of `expected`, in order.
  void ExpectImported(const std::string& content, const std::string& file_name,
                      const std::vector<v1::RegionFigures>& expected,
                      const std::string& period = "") {
    v1::ImportDocumentResponse response;
    const grpc::Status status =
        server_.Import(content, file_name, period, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.publications_size(), static_cast<int>(expected.size()));
    for (size_t i = 0; i < expected.size(); ++i) {
      const v1::RegionFigures& got =
          response.publications(static_cast<int>(i)).figures();
      EXPECT_TRUE(SameFigures(got, expected[i]))
          << got.DebugString() << "\nvs\n"
          << expected[i].DebugString();
    }
    EXPECT_EQ(server_.PublicationCount(), static_cast<int>(expected.size()));
  }

  void ExpectRefused(const std::string& content, const std::string& file_name,
                     const std::vector<std::string>& what,
                     const std::string& period = "") {
    const grpc::Status status = server_.Import(content, file_name, period);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << status.error_message();
    for (const std::string& part : what) {
      EXPECT_THAT(status.error_message(), HasSubstr(part));
    }
    EXPECT_EQ(server_.PublicationCount(), 0);
  }

  testing::TempDir dir_;
  testing::TempDir data_;
  testing::TestServer server_{data_.path()};
};

TEST_F(NationalDocumentsTest, TwoSampleRegionsInOneTextGiveBoth) {
  const std::string amsterdam =
      ReadFileOrDie(SamplePath("groot-amsterdam-2023Q3.txt"));
  const std::string food_valley =
      ReadFileOrDie(SamplePath("food-valley-2023Q4.txt"));
  ExpectImported(amsterdam + "\n" + food_valley, "twee.txt",
                 {testing::SampleFigures("groot-amsterdam-2023Q3.txt"),
                  testing::SampleFigures("food-valley-2023Q4.txt")});
}

TEST_F(NationalDocumentsTest, ThirtyFiveRegionsInOneTextGiveEachItsFigures) {
  const std::vector<bench::GeneratedPublication> texts = NationalTexts();
  std::vector<v1::RegionFigures> alone = EachAlone(texts);
  ExpectImported(Joined(texts), "nationaal.txt", alone);
}

TEST_F(NationalDocumentsTest, ThirtyFiveRegionsInOnePdfGiveEachItsFigures) {
  const std::vector<bench::GeneratedPublication> texts = NationalTexts();
  std::vector<v1::RegionFigures> alone = EachAlone(texts);
  // Names that fit the drawn name column (the generator's run into the
  // numbers for the longest region names).
  for (v1::RegionFigures& figures : alone) {
    for (int m = 0; m < figures.municipalities_size(); ++m) {
      figures.mutable_municipalities(m)->set_name(
          absl::StrCat(figures.region().cbs_code(), " gemeente ",
                       std::string(1, static_cast<char>('A' + m))));
    }
  }
  // Each region over two pages, under running headers, page numbers below.
  testing::WritePublicationsPdf(dir_.File("nationaal.pdf"), alone,
                                {.rows_on_first_page = 7});
  ExpectImported(ReadFileOrDie(dir_.File("nationaal.pdf")), "nationaal.pdf",
                 alone);
}

// The same row at the same place on two pages (the foot of each region's
// first page) is a row of each table, not a running footer.
TEST_F(NationalDocumentsTest, ARowRepeatedAtTheFootOfTwoPagesIsReadTwice) {
  const v1::RegionFigures food_valley =
      testing::SampleFigures("food-valley-2023Q4.txt");
  v1::RegionFigures twin = food_valley;
  twin.mutable_region()->set_name("Twente");
  twin.mutable_region()->set_key("twente");
  twin.mutable_region()->set_cbs_code("AM05");
  testing::WritePublicationsPdf(dir_.File("twee.pdf"), {food_valley, twin},
                                {.rows_on_first_page = 3});
  v1::ImportDocumentResponse response;
  const grpc::Status status = server_.Import(
      ReadFileOrDie(dir_.File("twee.pdf")), "twee.pdf", "", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), 2);
  for (const v1::ImportedPublication& publication : response.publications()) {
    EXPECT_EQ(publication.figures().municipalities_size(),
              food_valley.municipalities_size());
    EXPECT_EQ(publication.figures().totals().total(),
              food_valley.totals().total());
  }
}

TEST_F(NationalDocumentsTest, ADamagedRegionAnywhereStoresNothing) {
  std::vector<bench::GeneratedPublication> texts = NationalTexts();
  // Region 20's first row: one count off, so its total no longer adds up.
  bench::GeneratedPublication& damaged = texts[19];
  const std::string row_name =
      bench::MunicipalityName(RegionCatalog::BuiltIn().names()[19], 0) + " ";
  const size_t row = damaged.text.find(row_name);
  ASSERT_NE(row, std::string::npos);
  const size_t digit = row + row_name.size();
  damaged.text[digit] = damaged.text[digit] == '9'
                            ? '8'
                            : static_cast<char>(damaged.text[digit] + 1);
  const std::string all = Joined(texts);
  const size_t at = all.find(row_name);
  const int line =
      1 + static_cast<int>(std::count(
              all.begin(), all.begin() + static_cast<long>(at), '\n'));
  ExpectRefused(all, "nationaal.txt",
                {absl::StrCat("file nationaal.txt line ", line, " row \""),
                 "gemeente A", "add up"});
}

TEST_F(NationalDocumentsTest, ATableLikeLineNoTableTookStoresNothing) {
  const std::string amsterdam =
      ReadFileOrDie(SamplePath("groot-amsterdam-2023Q3.txt"));
  const std::string food_valley =
      ReadFileOrDie(SamplePath("food-valley-2023Q4.txt"));
  // Between the two regions, after the first one's sentence: a row whose
  // last three numbers were lost.
  const std::string all = amsterdam + "\nAlmere 12 345\n\n" + food_valley;
  const int line =
      1 +
      static_cast<int>(std::count(amsterdam.begin(), amsterdam.end(), '\n')) +
      1;
  ExpectRefused(all, "twee.txt",
                {absl::StrCat("file twee.txt line ", line),
                 "\"Almere 12 345\" looks like a row of the table"});
  // The same at the very end, after the last region's prose.
  ExpectRefused(
      food_valley + "\n TOTAAL AMR 1 2 3 4 10\n", "een.txt",
      {absl::StrCat(
           "file een.txt line ",
           std::count(food_valley.begin(), food_valley.end(), '\n') + 2),
       "no municipality rows found above this TOTAAL AMR row"});
}

TEST_F(NationalDocumentsTest, ARegionTwiceForOnePeriodIsRefused) {
  const std::string food_valley =
      ReadFileOrDie(SamplePath("food-valley-2023Q4.txt"));
  ExpectRefused(food_valley + "\n" + food_valley, "dubbel.txt",
                {"FoodValley 2023Q4 again"});
}

// Layout B as a national CSV export stacks the tables, each with its region
// in the first cell; here the second prints the CBS code.
std::string TwoTablesTsv() {
  const std::string amsterdam =
      ReadFileOrDie(SamplePath("groot-amsterdam-2023Q4.tsv"));
  return amsterdam +
         "\n\n7 Zaanstreek/Waterland\tEdam-Volendam\t5\t148\t525\t38\t716\n"
         "\tPurmerend\t3\t168\t631\t233\t1.035\n"
         "\tTOTAAL AMR\t8\t316\t1.156\t271\t1.751\n\n"
         "In de arbeidsmarktregio Zaanstreek/Waterland bevat het "
         "doelgroepregister in totaal 2.500 personen. Hiervan is 70% bekend "
         "binnen Sonar.\n";
}

TEST_F(NationalDocumentsTest, LayoutBWithTwoTablesGivesBoth) {
  v1::ImportDocumentResponse response;
  const grpc::Status status =
      server_.Import(TwoTablesTsv(), "twee.tsv", "2023Q4", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), 2);
  const v1::RegionFigures& first = response.publications(0).figures();
  EXPECT_EQ(first.region().name(), "Groot-Amsterdam");
  EXPECT_EQ(first.region().cbs_code(), "AM18");
  EXPECT_EQ(first.totals().total(), 28788);
  EXPECT_EQ(first.register_size(), 39435);
  const v1::RegionFigures& second = response.publications(1).figures();
  EXPECT_EQ(second.region().name(), "Zaanstreek/Waterland");
  EXPECT_EQ(second.region().cbs_code(), "AM17");
  ASSERT_EQ(second.municipalities_size(), 2);
  EXPECT_EQ(second.municipalities(1).name(), "Purmerend");
  EXPECT_EQ(second.municipalities(1).counts().total(), 1035);
  EXPECT_EQ(second.totals().total(), 1751);
  EXPECT_EQ(second.register_size(), 2500);
  EXPECT_EQ(server_.PublicationCount(), 2);
}

TEST_F(NationalDocumentsTest, AWorkbookSheetWithTwoTablesGivesBoth) {
  testing::WriteWorkbook(
      dir_.File("twee.xlsx"),
      {testing::SheetFromTabSeparated("Nationaal", TwoTablesTsv())});
  v1::ImportDocumentResponse response;
  const grpc::Status status = server_.Import(
      ReadFileOrDie(dir_.File("twee.xlsx")), "twee.xlsx", "2023Q4", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.publications_size(), 2);
  EXPECT_EQ(response.publications(0).figures().totals().total(), 28788);
  EXPECT_EQ(response.publications(1).figures().totals().total(), 1751);
  EXPECT_EQ(response.publications(1).figures().register_size(), 2500);
}

TEST_F(NationalDocumentsTest, ACbsCodeIdentifiesTheRegion) {
  const std::string tsv =
      ReadFileOrDie(SamplePath("groot-amsterdam-2023Q4.tsv"));
  // The code alone.
  v1::ImportDocumentResponse response;
  grpc::Status status =
      server_.Import(absl::StrReplaceAll(tsv, {{"15 Groot-Amsterdam", "AM18"}}),
                     "code.tsv", "2023Q4", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The sentence below the table prints the name.
  EXPECT_EQ(response.figures().region().name(), "Groot-Amsterdam");
  EXPECT_EQ(response.figures().region().key(), "grootamsterdam");
  EXPECT_EQ(response.figures().region().cbs_code(), "AM18");
  EXPECT_EQ(response.figures().region().code(), 0);
  EXPECT_EQ(response.figures().totals().total(), 28788);
  // Queries take the code too.
  v1::GetRegionTotalsRequest request;
  request.set_region("am18");
  v1::RegionFigures totals;
  grpc::ClientContext context;
  ASSERT_TRUE(
      server_.transparency().GetRegionTotals(&context, request, &totals).ok());
  EXPECT_EQ(totals.totals().total(), 28788);
}

TEST_F(NationalDocumentsTest, AWrongOrUnknownCbsCodeIsRefused) {
  const std::string tsv =
      ReadFileOrDie(SamplePath("groot-amsterdam-2023Q4.tsv"));
  ExpectRefused(
      absl::StrReplaceAll(tsv,
                          {{"15 Groot-Amsterdam", "AM05 Groot-Amsterdam"}}),
      "mis.tsv",
      {"file mis.tsv line 5", "region code AM05 is Twente", "Groot-Amsterdam"},
      "2023Q4");
  ExpectRefused(absl::StrReplaceAll(
                    tsv, {{"15 Groot-Amsterdam", "AM16 Groot-Amsterdam"}}),
                "mis.tsv", {"line 5", "\"AM16\" is not the CBS code"},
                "2023Q4");
}

}  // namespace
}  // namespace tkp
