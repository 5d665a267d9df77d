// The region cell put back together from its printed parts, its second
// print on a page a table runs onto left out (plugins/sdk/wrapped_cells.h).

#include <gtest/gtest.h>

#include "plugins/sdk/wrapped_cells.h"

namespace tkp::sdk {
namespace {

TEST(RepeatsCellTextTest, WordsInOrderAndThePiecesOfAHyphenatedWord) {
  EXPECT_TRUE(RepeatsCellText("Brabant", "27 West-Brabant"));
  EXPECT_TRUE(RepeatsCellText("ek en", "5 Stedendrieho ek en Noordwest"));
  // The hyphen stays with the first piece: the rest of a name wrapped
  // after it is no repeat.
  EXPECT_FALSE(RepeatsCellText("Noord", "18 Noord-Holland"));
  EXPECT_FALSE(RepeatsCellText("en Noordwest", "5 Stedendrieho ek en"));
  EXPECT_FALSE(RepeatsCellText("", "27 West-Brabant"));
}

TEST(RegionCellTextTest, TheSecondPrintFromItsCodeOnIsLeftOut) {
  // Gnumeric, a cell merged over rows on two pages: printed below the
  // first page's rows and again beside the next page's.
  RegionCellText cell;
  for (const char* part : {"5", "Stedendrieho", "ek en", "Noordwest", "Veluwe",
                           "5", "Stedendrieho", "ek en"}) {
    cell.Add(part);
  }
  EXPECT_EQ(cell.text(), "5 Stedendrieho ek en Noordwest Veluwe");
}

TEST(RegionCellTextTest, MoreOfTheCellIsAddedWhereverItStands) {
  RegionCellText cell;
  cell.Add("18 Noord-Holland");
  cell.Add("Noord");
  EXPECT_EQ(cell.text(), "18 Noord-Holland Noord");
  // A line past a page's top that does not repeat the cell is more of it
  // (a browser breaks a cell's lines over pages).
  RegionCellText broken;
  broken.Add("17 Zuid-");
  broken.Add("Kennemerland en", /*may_be_print_again=*/true);
  broken.Add("IJmond", /*may_be_print_again=*/true);
  EXPECT_EQ(broken.text(), "17 Zuid-Kennemerland en IJmond");
}

TEST(RegionCellTextTest, ALinePastAPagesTopThatRepeatsTheCellIsLeftOut) {
  // "27 West-" / "Brabant" beside the rows of one page, "Brabant" alone at
  // the top of the next, above its rows: no code begins that print.
  RegionCellText cell;
  cell.Add("27 West-");
  cell.Add("Brabant");
  cell.Add("Brabant", /*may_be_print_again=*/true);
  EXPECT_EQ(cell.text(), "27 West-Brabant");
  // The same words elsewhere (not where a print may begin) are added: a
  // region's name may repeat a word only there, and the validator then
  // says the names disagree rather than the reader guessing.
  RegionCellText plain;
  plain.Add("27 West-");
  plain.Add("Brabant");
  plain.Add("Brabant");
  EXPECT_EQ(plain.text(), "27 West-Brabant Brabant");
}

}  // namespace
}  // namespace tkp::sdk
