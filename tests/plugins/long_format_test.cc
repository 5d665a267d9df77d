// The long-format importer: headers recognised in Dutch and English in any
// order, the real plugin grouping rows into one publication per region and
// quarter with computed TOTAAL AMR rows, and the refusals that name the
// line and column.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugins/long_format/long_columns.h"
#include "server/importing/validator.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using long_format::ClassifyHeader;
using long_format::Column;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(LongColumnsTest, HeadersInDutchAndEnglishAndAsJsonKeys) {
  EXPECT_EQ(ClassifyHeader("period"), Column::kPeriod);
  EXPECT_EQ(ClassifyHeader("Periode"), Column::kPeriod);
  EXPECT_EQ(ClassifyHeader("Jaar"), Column::kYear);
  EXPECT_EQ(ClassifyHeader("Kwartaal"), Column::kQuarter);
  EXPECT_EQ(ClassifyHeader("Kwartaalnummer"), Column::kQuarter);
  EXPECT_EQ(ClassifyHeader("quarter_number"), Column::kQuarter);
  EXPECT_EQ(ClassifyHeader("region_cbs_code"), Column::kRegionCode);
  EXPECT_EQ(ClassifyHeader("AMR-code"), Column::kRegionCode);
  EXPECT_EQ(ClassifyHeader("regionNumber"), Column::kRegionNumber);
  EXPECT_EQ(ClassifyHeader("Regionummer"), Column::kRegionNumber);
  EXPECT_EQ(ClassifyHeader("Arbeidsmarktregio"), Column::kRegionName);
  EXPECT_EQ(ClassifyHeader("Gemeente"), Column::kMunicipalityName);
  EXPECT_EQ(ClassifyHeader("municipality_code"), Column::kMunicipalityCode);
  EXPECT_EQ(ClassifyHeader("Gemeentecode"), Column::kMunicipalityCode);
  EXPECT_EQ(ClassifyHeader("Gemeente met profiel"),
            Column::kMunicipalityWithProfile);
  EXPECT_EQ(ClassifyHeader("municipalityWithoutProfile"),
            Column::kMunicipalityWithoutProfile);
  EXPECT_EQ(ClassifyHeader("UWV met profiel"), Column::kUwvWithProfile);
  EXPECT_EQ(ClassifyHeader("uwv_without_profile"), Column::kUwvWithoutProfile);
  EXPECT_EQ(ClassifyHeader("Totaal"), Column::kTotal);
  EXPECT_EQ(ClassifyHeader("Omvang doelgroepregister"), Column::kRegisterSize);
  EXPECT_EQ(ClassifyHeader("registerSize"), Column::kRegisterSize);
  EXPECT_EQ(ClassifyHeader("% bekend in Sonar"), Column::kStatedPercent);
  EXPECT_EQ(ClassifyHeader("stated_coverage_percent"), Column::kStatedPercent);
  EXPECT_EQ(ClassifyHeader("source_sha256"), Column::kSource);
  // A title, a count without its subject, nothing at all: not columns.
  EXPECT_EQ(ClassifyHeader("Transparantie van klantprofielen"),
            Column::kUnknown);
  EXPECT_EQ(ClassifyHeader("met profiel"), Column::kUnknown);
  EXPECT_EQ(ClassifyHeader(""), Column::kUnknown);
}

// What `tkp export` writes, reordered, with Dutch headers and semicolons
// as Dutch Excel writes it: two regions in one quarter and one region in
// another make three publications.
const char kDutchLongCsv[] =
    "Transparantie van klantprofielen, per gemeente\r\n"
    "\r\n"
    "Kwartaal;Arbeidsmarktregio;Regionummer;AMR-code;Gemeente;Gemeentecode;"
    "Gemeente met profiel;Gemeente zonder profiel;UWV met profiel;"
    "UWV zonder profiel;Totaal;Omvang doelgroepregister;% bekend in Sonar\r\n"
    "2023Q4;Twente;9;AM05;Almelo;GM0141;10;353;794;52;1.209;11.031;13\r\n"
    "2023Q4;Twente;9;AM05;Borne;GM0147;6;31;155;27;219;11031;13%\r\n"
    "2023Q4;Achterhoek;;AM09;Aalten;GM0197;1;2;3;4;10;;\r\n"
    "2024Q1;Twente;9;AM05;Almelo;GM0141;11;350;790;50;1.201;11.040;13\r\n"
    "\r\n"
    "Bron: UWV en gemeenten\r\n";

std::vector<v1::RegionFigures> ValidateAll(const plugin::ParseOutcome& parsed,
                                           const std::string& file_name) {
  std::vector<v1::RegionFigures> all;
  ValidationContext context;
  context.file_name = file_name;
  for (const plugin::RawDocument& document : parsed.documents) {
    absl::StatusOr<v1::RegionFigures> figures = Validate(document, context);
    EXPECT_TRUE(figures.ok()) << figures.status();
    if (figures.ok()) all.push_back(*figures);
  }
  return all;
}

TEST(LongFormatImporterTest, ReadsEveryRegionAndQuarterAsAPublication) {
  const LoadedImporter long_format = testing::LoadRealImporter("long-format");
  const LoadedImporter csv = testing::LoadRealImporter("csv");
  // It reads this more surely than the layout-B CSV importer does.
  EXPECT_EQ(long_format.importer->Identify(kDutchLongCsv), 90);
  EXPECT_LT(csv.importer->Identify(kDutchLongCsv), 90);

  const plugin::ParseOutcome parsed =
      long_format.importer->Parse(kDutchLongCsv, {"figuren.csv", ""});
  ASSERT_TRUE(parsed.ok) << parsed.error;
  ASSERT_EQ(parsed.documents.size(), 3u);
  const std::vector<v1::RegionFigures> figures =
      ValidateAll(parsed, "figuren.csv");
  ASSERT_EQ(figures.size(), 3u);

  const v1::RegionFigures& twente = figures[0];
  EXPECT_EQ(twente.region().cbs_code(), "AM05");
  EXPECT_EQ(twente.region().code(), 9);
  EXPECT_EQ(twente.period().year(), 2023);
  EXPECT_EQ(twente.period().quarter(), 4);
  ASSERT_EQ(twente.municipalities_size(), 2);
  EXPECT_EQ(twente.municipalities(0).name(), "Almelo");
  EXPECT_EQ(twente.municipalities(0).counts().total(), 1209);
  // The totals are the columns' sums (10+6, 353+31, 794+155, 52+27).
  EXPECT_EQ(twente.totals().municipality_with_profile(), 16);
  EXPECT_EQ(twente.totals().municipality_without_profile(), 384);
  EXPECT_EQ(twente.totals().uwv_with_profile(), 949);
  EXPECT_EQ(twente.totals().uwv_without_profile(), 79);
  EXPECT_EQ(twente.totals().total(), 1428);
  EXPECT_EQ(twente.register_size(), 11031);
  EXPECT_EQ(twente.stated_coverage_percent(), 13);
  EXPECT_THAT(parsed.documents[0].notes,
              ElementsAre(HasSubstr("sums of its 2 municipality rows")));

  const v1::RegionFigures& achterhoek = figures[1];
  EXPECT_EQ(achterhoek.region().cbs_code(), "AM09");
  EXPECT_EQ(achterhoek.region().code(), 0);
  EXPECT_FALSE(achterhoek.has_register_size());
  EXPECT_FALSE(achterhoek.has_stated_coverage_percent());
  EXPECT_EQ(achterhoek.totals().total(), 10);

  EXPECT_EQ(figures[2].period().year(), 2024);
  EXPECT_EQ(figures[2].period().quarter(), 1);
  EXPECT_EQ(figures[2].register_size(), 11040);

  // The title and the source line are handed to the server's check.
  std::vector<std::string> unread;
  for (const plugin::RawDocument& document : parsed.documents) {
    for (const plugin::Located& line : document.unread) {
      unread.push_back(line.text);
    }
  }
  EXPECT_THAT(unread, ::testing::Contains(HasSubstr("Transparantie")));
  EXPECT_THAT(unread, ::testing::Contains("Bron: UWV en gemeenten"));
}

TEST(LongFormatImporterTest, ReadsJsonLinesAsTkpExportWritesThem) {
  const LoadedImporter long_format = testing::LoadRealImporter("long-format");
  const std::string text =
      R"({"period":{"year":2023,"quarter":4},"regionName":"Twente",)"
      R"("regionCbsCode":"AM05","regionNumber":9,"municipalityName":"Almelo",)"
      R"("municipalityCode":"GM0141","counts":{"municipalityWithProfile":10,)"
      R"("municipalityWithoutProfile":353,"uwvWithProfile":794,)"
      R"("uwvWithoutProfile":52,"total":1209},"registerSize":11031,)"
      R"("sourceFile":"twente.txt","sourceSha256":"ab12",)"
      R"("statedCoveragePercent":13})"
      "\n"
      R"({"period":{"year":2023,"quarter":4},"regionName":"Twente",)"
      R"("regionCbsCode":"AM05","regionNumber":9,"municipalityName":"Borne",)"
      R"("municipalityCode":"GM0147","counts":{"municipalityWithProfile":6,)"
      R"("municipalityWithoutProfile":31,"uwvWithProfile":155,)"
      R"("uwvWithoutProfile":27,"total":219},"registerSize":11031,)"
      R"("sourceFile":"twente.txt","sourceSha256":"ab12",)"
      R"("statedCoveragePercent":13})"
      "\n";
  EXPECT_EQ(long_format.importer->Identify(text), 90);
  const plugin::ParseOutcome parsed =
      long_format.importer->Parse(text, {"export.jsonl", ""});
  ASSERT_TRUE(parsed.ok) << parsed.error;
  const std::vector<v1::RegionFigures> figures =
      ValidateAll(parsed, "export.jsonl");
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0].region().cbs_code(), "AM05");
  EXPECT_EQ(figures[0].totals().total(), 1428);
  EXPECT_EQ(figures[0].register_size(), 11031);
  EXPECT_EQ(figures[0].stated_coverage_percent(), 13);
}

// Each refusal names the line (and column) and what to do.
struct Refusal {
  const char* name;
  const char* text;
  int line;
  const char* says;
};

void PrintTo(const Refusal& refusal, std::ostream* out) {
  *out << refusal.name;
}

class LongFormatRefusalTest : public ::testing::TestWithParam<Refusal> {};

TEST_P(LongFormatRefusalTest, NamesTheLineAndWhatIsWrong) {
  const LoadedImporter long_format = testing::LoadRealImporter("long-format");
  const plugin::ParseOutcome parsed =
      long_format.importer->Parse(GetParam().text, {"x.csv", ""});
  ASSERT_FALSE(parsed.ok);
  EXPECT_EQ(parsed.error_line, GetParam().line) << parsed.error;
  EXPECT_THAT(parsed.error, HasSubstr(GetParam().says));
}

INSTANTIATE_TEST_SUITE_P(
    Refusals, LongFormatRefusalTest,
    ::testing::Values(
        Refusal{"RegisterSizesDisagree",
                "period;region;municipality;municipality_with_profile;"
                "municipality_without_profile;uwv_with_profile;"
                "uwv_without_profile;total;register_size\n"
                "2023Q4;Twente;Almelo;1;2;3;4;10;500\n"
                "2023Q4;Twente;Borne;1;2;3;4;10;501\n",
                3, "the register size here is \"501\" but line 2 gives"},
        Refusal{"AColumnTkpDoesNotRead",
                "period;region;municipality;municipality_with_profile;"
                "municipality_without_profile;uwv_with_profile;"
                "uwv_without_profile;total;inwoners\n"
                "2023Q4;Twente;Almelo;1;2;3;4;10;72000\n",
                2, "column I holds \"72000\" under the header \"inwoners\""},
        Refusal{"PeriodAndQuarterDisagree",
                "period;year;quarter;region;municipality;"
                "municipality_with_profile;municipality_without_profile;"
                "uwv_with_profile;uwv_without_profile;total\n"
                "2023Q4;2023;3;Twente;Almelo;1;2;3;4;10\n",
                2, "the period 2023Q4 and the year and quarter (2023, 3)"},
        Refusal{"AColumnTwice",
                "period;region;municipality;gemeente;"
                "municipality_with_profile;municipality_without_profile;"
                "uwv_with_profile;uwv_without_profile;total\n",
                1, "columns C (\"municipality\") and D (\"gemeente\") both"},
        Refusal{"NotAPeriod",
                "period;region;municipality;municipality_with_profile;"
                "municipality_without_profile;uwv_with_profile;"
                "uwv_without_profile;total\n"
                "vorig jaar;Twente;Almelo;1;2;3;4;10\n",
                2, "\"vorig jaar\" is not a quarter like 2023Q4"},
        Refusal{"AHeaderWithoutTotals",
                "Overzicht\n"
                "period;region;municipality;municipality_with_profile;"
                "municipality_without_profile;uwv_with_profile;"
                "uwv_without_profile\n"
                "2023Q4;Twente;Almelo;1;2;3;4\n",
                2, "no column holds the total"},
        Refusal{"ABrokenJsonLine",
                "{\"period\":\"2023Q4\",\"region\":\"Twente\"\n", 1,
                "not a JSON object"},
        Refusal{"AJsonLineWithoutCounts",
                "{\"period\":\"2023Q4\",\"regionName\":\"Twente\","
                "\"municipalityName\":\"Almelo\",\"counts\":{\"total\":10}}\n",
                1, "gives no municipality clients with a profile"},
        Refusal{"JsonNestedTooDeeply", "{\"a\":{\"b\":{\"c\":[1]}}}\n", 1,
                "more deeply"}),
    [](const ::testing::TestParamInfo<Refusal>& info) {
      return std::string(info.param.name);
    });

TEST(LongFormatImporterTest, AFileWithoutItsHeaderIsNotLongFormat) {
  const LoadedImporter long_format = testing::LoadRealImporter("long-format");
  // The layout-B table of a region is not long format.
  EXPECT_EQ(long_format.importer->Identify("Twente;Almelo;10;353;794;52;1209\n"
                                           ";TOTAAL AMR;10;353;794;52;1209\n"),
            0);
  const plugin::ParseOutcome parsed = long_format.importer->Parse(
      "Twente;Almelo;10;353;794;52;1209\n", {"x.csv", ""});
  ASSERT_FALSE(parsed.ok);
  EXPECT_THAT(parsed.error, HasSubstr("no header row"));
}

}  // namespace
}  // namespace tkp
