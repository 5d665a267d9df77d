// The SDK's reading-order reader (plugins/sdk/publication_text.h): tables
// in the text office software and pdftotext make of them.

#include "plugins/sdk/publication_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "plugins/sdk/text.h"
#include "tests/plugins/read_text.h"

namespace tkp::sdk {
namespace {

using ::testing::ElementsAre;
TEST(ReadPublicationsTest, ProseThatBeginsWithTheTotalLabelIsProse) {
  const std::vector<Line> lines = SplitLines(
      "Transparantie van klantprofielen\n"
      "Per gemeente hoeveel mensen bekend zijn; de rij\n"
      "TOTAAL AMR telt de gemeenten op en is geen gemeente.\n"
      "Derde kwartaal 2023 Twente\n"
      "Almelo 10 353 794 52 1.209\n"
      "Borne 1 2 3 4 10\n"
      "TOTAAL AMR 11 355 797 56 1.219\n"
      "Over dit voorbeeld: de regel met de optelling, het\n"
      "TOTAAL AMR, is de som van de gemeenten.\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  ASSERT_EQ(outcome.documents.size(), 1u);
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 3u);
  EXPECT_EQ(doc.rows[2].kind, plugin::RawRow::Kind::kRegionTotal);
  EXPECT_EQ(doc.rows[2].line, 7);
}

// pdftotext -layout of a table whose cells are set at the top of their
// rows (AbiWord, Word): a name too long for its cell goes on below its
// row, in the names' column, though the crowded row's line set its first
// part two characters left of it.
TEST(ReadPublicationsTest, ANameWrappedBelowACrowdedRowIsJoined) {
  const std::vector<Line> lines = SplitLines(
      "Derde kwartaal 2023\n"
      " 3 Drenthe Borger-         5   42   947   98   1.092\n"
      "             Odoorn\n"
      "             Coevorden    33   85 1.046  291   1.455\n"
      "             Emmen        22  358 1.231  297   1.908\n"
      "             Tynaarlo      1    2     3    4      10\n"
      "             TOTAAL AMR   61  487 3.227  690   4.465\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 5u);
  EXPECT_EQ(doc.rows[0].name, "Borger-Odoorn");
  EXPECT_EQ(doc.rows[1].name, "Coevorden");
  ASSERT_FALSE(doc.region_names.empty());
  EXPECT_EQ(doc.region_names.front().text, "Drenthe");
}

// A region cell merged over the region's rows and set at their middle
// (Gnumeric's print): its lines fall between the rows.
TEST(ReadPublicationsTest, AMergedRegionCellBetweenRowsIsOneCell) {
  const std::vector<Line> lines = SplitLines(
      "Vierde kwartaal 2023\n"
      "              Blaricum       38   128  1350  300  1816\n"
      "              Eemnes         34   308   755   55  1152\n"
      "14 Gooi en\n"
      "              Hilversum      26   200  1086  197  1509\n"
      "Vechtstreek\n"
      "              Huizen         29    82   243  160   514\n"
      "              TOTAAL AMR    127   718  3434  712  4991\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 5u);
  EXPECT_EQ(doc.region_code.text, "14");
  ASSERT_EQ(doc.region_names.size(), 1u);
  EXPECT_EQ(doc.region_names.front().text, "Gooi en Vechtstreek");
}

// pdftotext -layout of a table whose cells are set at the bottom of their
// rows (wkhtmltopdf): the first row's name wrapped above its counts, where
// no row has been read yet. A line ending in a hyphen in the names' column
// begins the name; a heading above it does not.
TEST(ReadPublicationsTest, TheFirstRowsNameWrappedAboveItIsJoined) {
  const std::vector<Line> lines = SplitLines(
      "Derde kwartaal 2023\n"
      "Arbeidsmarktregio       Gemeente\n"
      "                                   Met  Zonder  Met  Zonder  Totaal\n"
      "3 Drenthe\n"
      "                      Borger-\n"
      "                      Odoorn        5   42   947   98   1.092\n"
      "                      Coevorden    33   85 1.046  291   1.455\n"
      "                      TOTAAL AMR   38  127 1.993  389   2.547\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 3u);
  EXPECT_EQ(doc.rows[0].name, "Borger-Odoorn");
  for (const plugin::Located& unread : doc.unread) {
    EXPECT_NE(unread.text, "Borger-");
  }
}

// Calc prints a merged region cell again on each page its rows run onto
// (pdftotext of a stacked workbook's print): the second copy, beside a row
// or on lines of its own, is the same cell, not more of its name.
TEST(ReadPublicationsTest, AMergedCellPrintedAgainOnTheNextPageIsOneCell) {
  const std::vector<Line> lines = SplitLines(
      "Transparantie van klantprofielen – 2021Q1\n"
      "                   Beemster         24   147  1460   97  1728\n"
      "                   Edam-Volendam    18   161   562  249   990\n"
      "16\n"
      "Zaanstreek/Waterla\n"
      "nd\n"
      "16                 Oostzaan         25   352  1214   67  1658\n"
      "Zaanstreek/Waterla\n"
      "nd                 Purmerend        32   327   857  261  1477\n"
      "                   TOTAAL AMR       99   987  4093  674  5853\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 5u);
  ASSERT_EQ(doc.region_names.size(), 1u);
  EXPECT_EQ(doc.region_names.front().text, "Zaanstreek/Waterla nd");
}

// pdftotext -layout of a region cell and a name that both wrap beside a
// table's first row (Writer, ReportLab): the line below holds more of each,
// side by side, split where the names' column begins.
TEST(ReadPublicationsTest, MoreOfTheRegionCellAndOfTheNameSideBySide) {
  const std::vector<Line> lines = SplitLines(
      "Eerste kwartaal 2019\n"
      "19 Holland         Alphen aan den     14   161   571    6   752\n"
      "Rijnland           Rijn\n"
      "                   Hillegom           28   228   666    6   928\n"
      "                   Katwijk             1     2     3    4    10\n"
      "                   TOTAAL AMR         43   391  1240   16  1690\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 4u);
  EXPECT_EQ(doc.rows[0].name, "Alphen aan den Rijn");
  ASSERT_EQ(doc.region_names.size(), 1u);
  EXPECT_EQ(doc.region_names.front().text, "Holland Rijnland");
}

// A register sentence tkp cannot read its size from is refused, not left
// out: the size is a figure of the document.
TEST(ReadPublicationsTest, ARegisterSentenceWithoutAReadableSizeIsRefused) {
  const std::vector<Line> lines = SplitLines(
      "Eerste kwartaal 2019 Twente\n"
      "Almelo 10 353 794 52 1.209\n"
      "TOTAAL AMR 10 353 794 52 1.209\n"
      "In de arbeidsmarktregio Twente bevat het doelgroepregister in totaal\n"
      "Bijlage bij de rapportage\n"
      "32.569 personen. Hiervan is 68% bekend binnen Sonar.\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_FALSE(outcome.ok);
  EXPECT_EQ(outcome.error_line, 4);
  EXPECT_THAT(outcome.error,
              ::testing::HasSubstr("gives no size tkp can read"));
}

// Gnumeric's merged region cell, its code beside a row and the rest of
// its text on lines of their own between the rows below ("Stedendrieho" /
// a row / "ek en"): one cell.
TEST(ReadPublicationsTest, AMergedCellsLinesBetweenRowsWithoutACellAreOneCell) {
  const std::vector<Line> lines = SplitLines(
      "Eerste kwartaal 2019\n"
      "5            Ermelo           0    98   129    32   259\n"
      "Stedendrieho\n"
      "             Harderwijk      15   146  1091    51  1303\n"
      "ek en\n"
      "             Heerde          40    97  1004   257  1398\n"
      "Noordwest\n"
      "             TOTAAL AMR      55   341  2224   340  2960\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 4u);
  ASSERT_EQ(doc.region_names.size(), 1u);
  // As printed, the word its cell broke too (the server serves the name
  // the register sentence spells whole).
  EXPECT_EQ(doc.region_names.front().text, "Stedendrieho ek en Noordwest");
}

// The same below a row whose region cell holds only its code (Writer's
// narrow column: "22" / "Midden-" / "Holland"), and on a crowded line
// where one space parts the two ("Haaglanden Gravenhage", AbiWord).
TEST(ReadPublicationsTest, MoreOfACodedCellAndOfTheNameBelowIt) {
  std::vector<Line> lines = SplitLines(
      "Tweede kwartaal 2017\n"
      "22        Bodegraven-         25   331   826   273  1.455\n"
      "Midden-   Reeuwijk\n"
      "Holland\n"
      "          Gouda               23   328 1.162   221  1.734\n"
      "          Krimpenerwaard       1     2     3     4     10\n"
      "          TOTAAL AMR          49   661 1.991   498  3.199\n");
  plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  ASSERT_EQ(outcome.documents.front().rows.size(), 4u);
  EXPECT_EQ(outcome.documents.front().rows[0].name, "Bodegraven-Reeuwijk");
  EXPECT_EQ(outcome.documents.front().region_code.text, "22");
  ASSERT_EQ(outcome.documents.front().region_names.size(), 1u);
  EXPECT_EQ(outcome.documents.front().region_names.front().text,
            "Midden-Holland");
  lines = SplitLines(
      "Tweede kwartaal 2017\n"
      " 21          's-          27   373   405   228  1.033\n"
      " Haaglanden Gravenhage\n"
      "             Delft         6   209   399   229    843\n"
      "             Rijswijk      1     2     3     4     10\n"
      "             TOTAAL AMR   34   584   807   461  1.886\n");
  outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  ASSERT_EQ(outcome.documents.front().rows.size(), 4u);
  EXPECT_EQ(outcome.documents.front().rows[0].name, "'s-Gravenhage");
  ASSERT_EQ(outcome.documents.front().region_names.size(), 1u);
  EXPECT_EQ(outcome.documents.front().region_names.front().text, "Haaglanden");
}

// pdftotext -layout of a browser's print (cells centred on their rows):
// the region cell beside the first row is so full that the lines of the
// name that wraps beside it stand six characters left of the names'
// column, but at one left edge, above and below the row's counts.
TEST(ReadPublicationsTest, ANameCrowdedLeftByTheRegionCellKeepsItsEdge) {
  const std::vector<Line> lines = SplitLines(
      "Derde kwartaal 2019\n"
      "   16                   Edam-\n"
      "                                               27   368 1.146  97 "
      "1.638\n"
      "   Zaanstreek/Waterland Volendam\n"
      "                              Landsmeer        23   100   889  51 "
      "1.063\n"
      "                              Oostzaan         14    99   192 213   "
      "518\n"
      "                              Purmerend        21   183   138 196   "
      "538\n"
      "                              TOTAAL AMR       85   750 2.365 557 "
      "3.757\n");
  const plugin::ParseOutcome outcome = ReadText(lines);
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 5u);
  EXPECT_EQ(doc.rows[0].name, "Edam-Volendam");
  EXPECT_THAT(doc.rows[0].cells,
              ElementsAre("27", "368", "1.146", "97", "1.638"));
  EXPECT_EQ(doc.rows[1].name, "Landsmeer");
  EXPECT_EQ(doc.region_code.text, "16");
  ASSERT_FALSE(doc.region_names.empty());
  EXPECT_EQ(doc.region_names.front().text, "Zaanstreek/Waterland");
}

// A name of two lines centred on its row's counts: pdftotext sets the
// counts on the line of one of them, the upper ("Nuenen, Gerwen") or the
// lower ("en Nederwetten"). The other line goes with that row, not with
// the row next to it: a name begins with a capital, and a row of counts
// alone has as many lines above it as below.
TEST(ReadPublicationsTest, ANameOfTwoLinesBesideItsCountsInEitherLine) {
  const auto read = [](std::string_view nuenen) {
    return ReadText(
        SplitLines("Derde kwartaal 2019\n"
                   "                             Bergeijk        18   318   "
                   "750  100 1.186\n"
                   "                             Best            31   282   "
                   "462  292 1.067\n" +
                   std::string(nuenen) +
                   "                             Oirschot        25   227   "
                   "456  186   894\n"
                   "                             Reusel-De\n"
                   "                                              7   132 "
                   "1.131  285 1.555\n"
                   "                             Mierden\n"
                   "                             TOTAAL AMR     103 1.099 "
                   "2.955  882 5.039\n"));
  };
  for (const std::string_view nuenen :
       {"   30 Zuidoost-Brabant Nuenen, Gerwen        22   140   156   19   "
        "337\n"
        "                       en Nederwetten\n",
        "   30 Zuidoost-Brabant Nuenen, Gerwen\n"
        "                       en Nederwetten        22   140   156   19   "
        "337\n"}) {
    const plugin::ParseOutcome outcome = read(nuenen);
    ASSERT_TRUE(outcome.ok) << outcome.error << "\n" << nuenen;
    const plugin::RawDocument& doc = outcome.documents.front();
    ASSERT_EQ(doc.rows.size(), 6u) << nuenen;
    EXPECT_EQ(doc.rows[1].name, "Best") << nuenen;
    EXPECT_EQ(doc.rows[2].name, "Nuenen, Gerwen en Nederwetten") << nuenen;
    EXPECT_THAT(doc.rows[2].cells,
                ElementsAre("22", "140", "156", "19", "337"));
    EXPECT_EQ(doc.rows[3].name, "Oirschot") << nuenen;
    EXPECT_EQ(doc.rows[4].name, "Reusel-De Mierden") << nuenen;
    EXPECT_EQ(doc.region_code.text, "30") << nuenen;
    ASSERT_FALSE(doc.region_names.empty());
    EXPECT_EQ(doc.region_names.front().text, "Zuidoost-Brabant") << nuenen;
  }
}

// pdftotext -layout of Gnumeric's print: beside the lines of a region cell
// merged over the rows, a row's name stands a little above its counts, on
// a line of its own; the counts alone below it are its row.
TEST(ReadPublicationsTest, ANameALittleAboveItsCountsBesideAMergedCell) {
  const plugin::ParseOutcome outcome = ReadText(SplitLines(
      "Transparantie van klantprofielen - 2022Q2\n"
      "               Eindhoven                    7   201   892   17 1117\n"
      "               Heeze-Leende                 9    29   509  238  785\n"
      "30 Zuidoost-\n"
      "               Nuenen, Gerwen en Nederwetten\n"
      "                                           17   139    43  299  498\n"
      "Brabant\n"
      "               Oirschot                     6   160   253  110  529\n"
      "               TOTAAL AMR                  39   529  1698  664 2930\n"));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 5u);
  EXPECT_EQ(doc.rows[2].name, "Nuenen, Gerwen en Nederwetten");
  EXPECT_THAT(doc.rows[2].cells, ElementsAre("17", "139", "43", "299", "498"));
  EXPECT_EQ(doc.rows[3].name, "Oirschot");
  EXPECT_EQ(doc.region_code.text, "30");
  ASSERT_FALSE(doc.region_names.empty());
  EXPECT_EQ(doc.region_names.front().text, "Zuidoost-Brabant");
}

// A region cell wrapped below its row in a narrow region column (Writer's
// text): its second line shares a left edge with the first line's name,
// but in the left half of the region column that is the region cell's
// own, not a crowded name's.
TEST(ReadPublicationsTest, ARegionCellWrappedBelowItsRowIsNoCrowdedName) {
  const plugin::ParseOutcome outcome = ReadText(SplitLines(
      "Tweede kwartaal 2021\n"
      "31 Helmond- Asten                26   267   777   85 1.155\n"
      "De Peel\n"
      "             Deurne              7   373   278  227   885\n"
      "             Helmond            24   100   200   50   374\n"
      "             Someren            30    87 1.205   97 1.419\n"
      "             TOTAAL AMR         87   827 2.460  459 3.833\n"));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 5u);
  EXPECT_EQ(doc.rows[0].name, "Asten");
  EXPECT_EQ(doc.rows[1].name, "Deurne");
  EXPECT_EQ(doc.region_code.text, "31");
  ASSERT_FALSE(doc.region_names.empty());
  EXPECT_EQ(doc.region_names.front().text, "Helmond-De Peel");
}

// Writer's text of a narrow region column: the row's name pushed left by
// the full cell beside it, the rest of the cell below, ending left of the
// names' column though not of that row's name.
TEST(ReadPublicationsTest, ARegionCellBelowARowItsFullCellPushedLeft) {
  const plugin::ParseOutcome outcome = ReadText(
      SplitLines("Eerste kwartaal 2018\n"
                 "14 Gooi Blaricum        17   102   596   227   942\n"
                 "en\n"
                 "Vechtstre\n"
                 "ek\n"
                 "          Eemnes         6    56 1.485    21 1.568\n"
                 "          Huizen        12   209   362   264   847\n"
                 "          TOTAAL AMR    35   367 2.443   512 3.357\n"));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 4u);
  EXPECT_EQ(doc.rows[0].name, "Blaricum");
  EXPECT_EQ(doc.rows[1].name, "Eemnes");
  ASSERT_FALSE(doc.region_names.empty());
  EXPECT_EQ(doc.region_names.front().text, "Gooi en Vechtstre ek");
}

// A merged region cell centred beside its middle row, run into the row's
// name with no gap left (Chromium's text): the words after the code go to
// the row's name, for the server to tell the region's from the
// municipality's, not to the region cell with the row left nameless.
TEST(ReadPublicationsTest, ARegionCellRunIntoANameFarLeftStaysWithTheName) {
  const plugin::ParseOutcome outcome = ReadText(SplitLines(
      "Derde kwartaal 2023\n"
      "                              Aalsmeer       39   291   276   49   655\n"
      "                              Amstelveen      4    70   364   32   470\n"
      "   15 Groot Amsterdam Diemen                  1    10   635   82   728\n"
      "                              Weesp          13   310   821  249 1.393\n"
      "                              TOTAAL AMR     57   681 2.096  412 "
      "3.246\n"));
  ASSERT_TRUE(outcome.ok) << outcome.error;
  const plugin::RawDocument& doc = outcome.documents.front();
  ASSERT_EQ(doc.rows.size(), 5u);
  EXPECT_EQ(doc.rows[2].name, "Groot Amsterdam Diemen");
  EXPECT_EQ(doc.region_code.text, "15");
}

}  // namespace
}  // namespace tkp::sdk
