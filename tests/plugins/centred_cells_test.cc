// The SDK's reading of tables whose cells are centred on their rows, as
// `pdftotext -layout` gives a PDF Chromium printed (tests/corpus).

#include "plugins/sdk/centred_cells.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tkp::sdk {
namespace {

// From tests/corpus/documents/c03-chromium.txt: "Midden-Groningen" wraps
// around its counts, the region cell "1 Groningen" stands beside the
// second line of that name, "TOTAAL AMR" around its row.
constexpr char kText[] =
    "   Arbeidsmarktregio         Gemeente      Met profiel    Totaal\n"
    "                          Loppersum       3     151   112   142   408\n"
    "                          Midden-\n"
    "                                         32     235   705   170 1.142\n"
    "   1 Groningen            Groningen\n"
    "                          Noordenveld    28     212   240    22   502\n"
    "                          TOTAAL\n"
    "                                         63     598 1.057   334 2.052\n"
    "                          AMR\n"
    "\n"
    "In de arbeidsmarktregio Groningen bevat het doelgroepregister\n";

std::vector<Line> Lines() { return SplitLines(kText); }

TEST(CentredCellsTest, PutsEachRowsNameAndTheRegionCellBackTogether) {
  const std::vector<Line> lines = Lines();
  const CentredCells cells = ReadCentredCells(
      lines, NameColumns{26, {}},
      [](const Line& line) { return SplitNameAndNumbers(line.text); });
  ASSERT_EQ(cells.rows.size(), 4u);
  EXPECT_EQ(cells.rows.at(2).name, "Loppersum");
  EXPECT_EQ(cells.rows.at(2).region, "1 Groningen");
  EXPECT_EQ(cells.rows.at(4).name, "Midden-Groningen");
  EXPECT_EQ(cells.rows.at(4).numbers.size(), 5u);
  EXPECT_EQ(cells.rows.at(4).region, "");
  EXPECT_EQ(cells.rows.at(6).name, "Noordenveld");
  EXPECT_EQ(cells.rows.at(8).name, "TOTAAL AMR");
  // The parts' lines are left out; the header, blank and prose stay.
  std::vector<int> kept;
  for (const Line& line : cells.lines) kept.push_back(line.number);
  EXPECT_EQ(kept, (std::vector<int>{1, 2, 4, 6, 8, 10, 11}));
}

TEST(CentredCellsTest, CellsSetAtTheBottomTakeTheLinesAboveTheirRow) {
  // As ReportLab sets cells (its default), pdftotext apart by blank lines.
  const std::vector<Line> lines = SplitLines(
      "           1 Gronin\n"
      "           gen            Aa en Hunze      4   141   975   102 1.222\n"
      "\n"
      "                          Midden-Groning\n"
      "                          en              24   215   582   200 1.021\n"
      "\n"
      "                          TOTAAL AMR      28   356 1.557   302 2.243\n");
  const CentredCells cells =
      ReadCentredCells(lines, NameColumns{26, {}}, [](const Line& line) {
        NameAndNumbers row = SplitNameAndNumbers(line.text);
        if (line.text.find("gen ") != std::string_view::npos) {
          row.region = "gen";  // as the reader splits a region cell off
          row.name = "Aa en Hunze";
        }
        return row;
      });
  ASSERT_EQ(cells.rows.size(), 3u);
  EXPECT_EQ(cells.rows.at(2).region, "1 Gronin gen");
  EXPECT_EQ(cells.rows.at(2).name, "Aa en Hunze");
  EXPECT_EQ(cells.rows.at(5).name, "Midden-Groning en");
  EXPECT_EQ(cells.rows.at(7).name, "TOTAAL AMR");
}

TEST(CentredCellsTest, TopAlignedCellsAreLeftAsTheyAre) {
  const std::vector<Line> lines = SplitLines(
      "                          Midden-         32   235   705   170 1.142\n"
      "                          Groningen\n"
      "                          Noordenveld     28   212   240    22   502\n");
  const CentredCells cells = ReadCentredCells(
      lines, NameColumns{26, {}},
      [](const Line& line) { return SplitNameAndNumbers(line.text); });
  EXPECT_TRUE(cells.rows.empty());
  EXPECT_TRUE(cells.lines.empty());
}

TEST(CentredCellsTest, LinesThatDoNotAddUpAreLeftToTheReader) {
  // A row without a name between parts, but more parts below the last row
  // than above it can take: not centred cells, so nothing is put together.
  const std::vector<Line> lines = SplitLines(
      "                          Midden-\n"
      "                                          32   235   705   170 1.142\n"
      "                          Groningen\n"
      "                          Groningen\n");
  const CentredCells cells = ReadCentredCells(
      lines, NameColumns{26, {}},
      [](const Line& line) { return SplitNameAndNumbers(line.text); });
  EXPECT_TRUE(cells.rows.empty());
}

}  // namespace
}  // namespace tkp::sdk
