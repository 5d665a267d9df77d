// The CSV importer: fields as RFC 4180 writes them, the separator office
// software chose, and the real plugin reading a comma-separated national
// export with quoted thousands.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "plugins/csv/csv_fields.h"
#include "server/importing/validator.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(CsvFieldsTest, QuotedFieldsHoldSeparatorsQuotesAndLineBreaks) {
  const csv::CsvTable table = csv::ReadCsv(
      "a;\"b;c\";\"say \"\"hi\"\"\"\r\n\"two\nlines\";x\n;;\n", ';');
  ASSERT_EQ(table.records.size(), 3u);
  EXPECT_THAT(table.records[0].fields, ElementsAre("a", "b;c", "say \"hi\""));
  EXPECT_EQ(table.records[0].line, 1);
  EXPECT_THAT(table.records[1].fields, ElementsAre("two\nlines", "x"));
  EXPECT_EQ(table.records[1].line, 2);
  EXPECT_THAT(table.records[2].fields, ElementsAre("", "", ""));
  EXPECT_EQ(table.records[2].line, 4);
  EXPECT_EQ(table.unterminated_quote_line, 0);
}

TEST(CsvFieldsTest, AnOpenQuoteIsReportedWhereItOpened) {
  const csv::CsvTable table = csv::ReadCsv("a;b\nc;\"d\ne;f\n", ';');
  EXPECT_EQ(table.unterminated_quote_line, 2);
}

TEST(CsvFieldsTest, TheSeparatorIsTheOneThatSplitsRows) {
  EXPECT_EQ(csv::DetectSeparator("r;Almelo;10;353;794;52;1209\n"), ';');
  EXPECT_EQ(csv::DetectSeparator("r,Almelo,10,353,794,52,\"1,209\"\n"), ',');
  EXPECT_EQ(csv::DetectSeparator("r\tAlmelo\t10\t353\t794\t52\t1209\n"), '\t');
  // A comma inside quotes does not count.
  EXPECT_EQ(csv::DetectSeparator("\"a,b,c,d,e,f,g\";x;y;z;u;v;w\n"), ';');
}

// Two regions, comma-separated, thousands in quotes as Excel writes them.
TEST(CsvImporterTest, ReadsACommaSeparatedNationalExport) {
  const LoadedImporter csv = testing::LoadRealImporter("csv");
  const std::string text =
      "Arbeidsmarktregio,Gemeente,Met,Zonder,Met,Zonder,Totaal\n"
      "9 Twente,Almelo,10,353,794,52,\"1,209\"\n"
      ",Borne,6,31,155,27,219\n"
      ",TOTAAL AMR,16,384,949,79,\"1,428\"\n"
      "\n"
      "AM09 Achterhoek,Aalten,1,2,3,4,10\n"
      ",TOTAAL AMR,1,2,3,4,10\n";
  EXPECT_GT(csv.importer->Identify(text), 0);
  const plugin::ParseOutcome parsed =
      csv.importer->Parse(text, {"nationaal-2023Q4.csv", ""});
  ASSERT_TRUE(parsed.ok) << parsed.error;
  ASSERT_EQ(parsed.documents.size(), 2u);
  absl::StatusOr<v1::RegionFigures> twente =
      Validate(parsed.documents[0], {"n.csv", std::nullopt});
  ASSERT_TRUE(twente.ok()) << twente.status();
  EXPECT_EQ(twente->region().name(), "Twente");
  EXPECT_EQ(twente->period().year(), 2023);
  EXPECT_EQ(twente->municipalities(0).counts().total(), 1209);
  EXPECT_EQ(twente->totals().total(), 1428);
  absl::StatusOr<v1::RegionFigures> achterhoek =
      Validate(parsed.documents[1], {"n.csv", std::nullopt});
  ASSERT_TRUE(achterhoek.ok()) << achterhoek.status();
  EXPECT_EQ(achterhoek->region().cbs_code(), "AM09");
  EXPECT_EQ(achterhoek->totals().total(), 10);
  EXPECT_THAT(twente->notes(), ::testing::Contains(HasSubstr("comma")));
}

TEST(CsvImporterTest, AnOpenQuoteRefusesTheFile) {
  const LoadedImporter csv = testing::LoadRealImporter("csv");
  const plugin::ParseOutcome parsed = csv.importer->Parse(
      "r;g;1;2;3;4;10\n;\"Borne;1;2;3;4;10\n", {"x.csv", ""});
  ASSERT_FALSE(parsed.ok);
  EXPECT_EQ(parsed.error_line, 2);
  EXPECT_THAT(parsed.error, HasSubstr("never closed"));
}

}  // namespace
}  // namespace tkp
