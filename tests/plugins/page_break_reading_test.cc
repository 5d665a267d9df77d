// The SDK's reading-order reader (plugins/sdk/publication_text.h) where a
// page breaks a table: its furniture and repeated header between a table's
// rows, a row or a sentence broken over the break.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugins/sdk/publication_text.h"
#include "plugins/sdk/text.h"
#include "tests/plugins/read_text.h"

namespace tkp::sdk {
namespace {

using ::testing::ElementsAre;

// A page break inside the register sentence (Writer's national PDF and its
// pdftotext): the page number and the running header with the period
// stand between "in" and "totaal"; the sentence is read across them.
TEST(ReadPublicationsTest, ARegisterSentenceReadsAcrossAPageBreak) {
  const std::vector<Line> lines = SplitLines(
      "Transparantie van klantprofielen – Eerste kwartaal 2019\n"
      "Almelo 10 353 794 52 1.209\n"
      "Borne 1 2 3 4 10\n"
      "TOTAAL AMR 11 355 797 56 1.219\n"
      "In de arbeidsmarktregio Twente bevat het doelgroepregister in\n"
      "Pagina 7 van 14\n"
      "Transparantie van klantprofielen – Eerste kwartaal 2019\n"
      "totaal 32.569 personen. Hiervan is 68% bekend binnen Sonar.\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  ASSERT_EQ(outcome.documents.size(), 1u);
  const plugin::RawDocument& doc = outcome.documents.front();
  EXPECT_EQ(doc.register_size.text, "32.569");
  EXPECT_EQ(doc.register_size.line, 8);
  EXPECT_EQ(doc.stated_percent.text, "68");
}

// Cells set at the top (Writer), a row broken over a page break: the rest
// of its name at the top of the next page, below the repeated header, is
// no sign of cells set at the bottom, whatever else the table holds.
TEST(ReadPublicationsTest, ANameRunOnOverAPageBreakKeepsCellsAtTheTop) {
  const plugin::ParseOutcome outcome = ReadText(
      SplitLines("Eerste kwartaal 2018\n"
                 "Arbeidsm Gemeente          Met  Zonder  Met  Zonder  Totaal\n"
                 "20        Katwijk           5    10    20    30    65\n"
                 "Haagland  Delft             1     2     3     4    10\n"
                 "en        Leidschendam-     7     8     9    10    34\n"
                 "\n"
                 "Pagina 2 van 3\n"
                 "Arbeidsm Gemeente          Met  Zonder  Met  Zonder  Totaal\n"
                 "          Voorburg\n"
                 "          Rijswijk          2     2     2     2     8\n"
                 "          Capelle aan       1     1     1     1     4\n"
                 "          den IJssel\n"
                 "          Wassenaar         3     3     3     3    12\n"
                 "          TOTAAL AMR       19    26    38    50   133\n"));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 7u);
  EXPECT_EQ(doc.rows[2].name, "Leidschendam-Voorburg");
  EXPECT_EQ(doc.rows[3].name, "Rijswijk");
  EXPECT_EQ(doc.rows[4].name, "Capelle aan den IJssel");
  EXPECT_EQ(doc.rows[5].name, "Wassenaar");
}

// Lines without columns (a PDF's, read by position): the total row's label
// wrapped, "AMR" below "TOTAAL" and its counts (on the next page, where
// no grid joins them), ends the table.
TEST(ReadPublicationsTest, TheTotalLabelWrappedBelowItsCountsEndsTheTable) {
  const plugin::ParseOutcome outcome = ReadText(SplitLines(
      "Derde kwartaal 2023\n"
      "Almelo 10 353 794 52 1.209\n"
      "Borne 1 2 3 4 10\n"
      "TOTAAL 11 355 797 56 1.219\n"
      "AMR\n"
      "In de arbeidsmarktregio Twente bevat het doelgroepregister in totaal "
      "32.569 personen. Hiervan is 68% bekend binnen Sonar.\n"));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 3u);
  EXPECT_EQ(doc.rows[2].kind, plugin::RawRow::Kind::kRegionTotal);
  EXPECT_EQ(doc.rows[2].name, "TOTAAL AMR");
  EXPECT_EQ(doc.register_size.text, "32.569");
}

// Cells centred on their rows (WeasyPrint), a row broken over a page
// break: its counts alone end one page, the whole of its name stands at
// the top of the next, below the running and the repeated header.
TEST(ReadPublicationsTest, ACentredRowBrokenOverAPageBreakIsOneRow) {
  const plugin::ParseOutcome outcome = ReadText(SplitLines(
      "Transparantie van klantprofielen - Derde kwartaal 2016\n"
      "Arbeidsmarktregio Gemeente      met  zonder  met  zonder  in\n"
      "                      Barendrecht      1   32 1.156  191 1.380\n"
      "                      Goeree-\n"
      "                                       5  287    63  173   528\n"
      "                      Overflakkee\n"
      "                      Brielle          7  305 1.422   80 1.814\n"
      "                                      29  294   845  202 1.370\n"
      "Transparantie van klantprofielen - Derde kwartaal 2016\n"
      "\n"
      "Arbeidsmarktregio Gemeente      met  zonder  met  zonder  in\n"
      "                      Capelle aan\n"
      "                      den IJssel\n"
      "                      Cromstrijen      4  291 1.248  233 1.776\n"
      "                      TOTAAL AMR      46  909 4.734  879 6.568\n"));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 6u);
  EXPECT_EQ(doc.rows[1].name, "Goeree-Overflakkee");
  EXPECT_EQ(doc.rows[2].name, "Brielle");
  EXPECT_EQ(doc.rows[3].name, "Capelle aan den IJssel");
  EXPECT_THAT(doc.rows[3].cells,
              ElementsAre("29", "294", "845", "202", "1.370"));
  EXPECT_EQ(doc.rows[4].name, "Cromstrijen");
}

// A PDF's lines (no columns), a row the page broke: its counts alone end
// page 1, its name's two lines begin page 2, before the next row. Where no
// page breaks between them, counts alone are no row.
TEST(ReadPublicationsTest, CountsEndingAPageTakeTheNameBeginningTheNext) {
  const auto read = [](std::vector<int> page_first_lines) {
    plugin::Origin origin;
    origin.page_first_lines = std::move(page_first_lines);
    return ReadPublications(
        SplitLines("Derde kwartaal 2016\n"
                   "Brielle 7 305 1.422 80 1.814\n"
                   "29 294 845 202 1.370\n"
                   "Capelle aan\n"
                   "den IJssel\n"
                   "Cromstrijen 4 291 1.248 233 1.776\n"
                   "TOTAAL AMR 40 890 3.515 515 4.960\n"),
        [](const Line& line) { return SplitNameAndNumbers(line.text); },
        origin);
  };
  const plugin::ParseOutcome outcome = read({1, 4});
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 4u);
  EXPECT_EQ(doc.rows[1].name, "Capelle aan den IJssel");
  EXPECT_EQ(doc.rows[1].line, 3);
  EXPECT_THAT(doc.rows[1].cells,
              ElementsAre("29", "294", "845", "202", "1.370"));
  EXPECT_EQ(doc.rows[2].name, "Cromstrijen");
  EXPECT_FALSE(read({1}).ok);
}

}  // namespace
}  // namespace tkp::sdk
