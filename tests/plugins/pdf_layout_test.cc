// The PDF reader's geometry on words placed by hand, in points as poppler
// gives them: the count columns and the rows rebuilt from where words
// stand (plugins/pdf/table_grid.h), and a spreadsheet's column strips put
// back side by side (plugins/pdf/page_strips.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "plugins/pdf/page_strips.h"
#include "plugins/pdf/table_grid.h"

namespace tkp::pdf {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

constexpr double kLineHeight = 10;
// Right edges of the five count columns.
constexpr double kColumns[] = {300, 350, 400, 450, 500};

// A word of `text` starting at `left`, 5 points a character.
Word At(const std::string& text, double left) {
  return {text, left, left + 5.0 * static_cast<double>(text.size())};
}

// A word of `text` ending at `right` (a right-aligned count).
Word EndingAt(const std::string& text, double right) {
  return {text, right - 5.0 * static_cast<double>(text.size()), right};
}

TextLine Line(int page, double top, std::vector<Word> words) {
  TextLine line{page, top, top + kLineHeight, std::move(words), ""};
  for (const Word& word : line.words) {
    line.text += line.text.empty() ? word.text : " " + word.text;
  }
  return line;
}

// A table row: words of the name from x = 100 (and a region cell from
// x = 20 when given), the five counts in their columns.
TextLine Row(int page, double top, const std::string& name,
             const std::vector<std::string>& counts,
             const std::string& region = "") {
  std::vector<Word> words;
  if (!region.empty()) words.push_back(At(region, 20));
  double left = 100;
  for (size_t start = 0; start < name.size();) {
    size_t end = name.find(' ', start);
    if (end == std::string::npos) end = name.size();
    words.push_back(At(name.substr(start, end - start), left));
    left = words.back().right + 5;
    start = end + 1;
  }
  for (size_t i = 0; i < counts.size(); ++i) {
    words.push_back(EndingAt(counts[i], kColumns[i]));
  }
  return Line(page, top, std::move(words));
}

// Every line numbered from 1, as the importer numbers them.
TableGrid Grid(const std::vector<TextLine>& lines) {
  std::vector<NumberedLine> numbered;
  for (size_t i = 0; i < lines.size(); ++i) {
    numbered.push_back({&lines[i], static_cast<int>(i) + 1});
  }
  return BuildGrid(numbered, FindColumns(lines));
}

TEST(TableGridTest, TheColumnsAreWhereRowsNumbersEndAlike) {
  const std::vector<TextLine> lines = {
      Line(1, 50, {At("Transparantie", 100), At("2024", 200)}),
      Row(1, 100, "Almelo", {"1", "22", "333", "4", "360"}),
      Row(1, 112, "Borne", {"10", "2", "3", "4", "19"}),
  };
  const CountColumns columns = FindColumns(lines);
  EXPECT_EQ(columns.edge, CountColumns::Edge::kRight);
  ASSERT_EQ(columns.at.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(columns.at[i], kColumns[i]);
  // A year in the title ends nowhere near a column: part of the name.
  const sdk::NameAndNumbers split = SplitByColumns(lines[1], columns);
  EXPECT_EQ(split.name, "Almelo");
  EXPECT_THAT(split.numbers, ElementsAre("1", "22", "333", "4", "360"));
}

// A row whose counts are set flush left in their columns, as a word
// processor sets a table's cells unless told otherwise (AbiWord's PDF).
TextLine LeftAlignedRow(double top, const std::string& name,
                        const std::vector<std::string>& counts) {
  std::vector<Word> words = {At(name, 100)};
  for (size_t i = 0; i < counts.size(); ++i) {
    words.push_back(At(counts[i], kColumns[i] - 40));
  }
  return Line(1, top, std::move(words));
}

TEST(TableGridTest, CountsSetFlushLeftAreColumnsByTheirLeftEdges) {
  const std::vector<TextLine> lines = {
      LeftAlignedRow(100, "Almelo", {"1", "22", "333", "4", "360"}),
      LeftAlignedRow(112, "Borne", {"10", "2", "3", "4.444", "19"}),
      LeftAlignedRow(124, "Hengelo", {"100", "2", "31", "4", "1.137"}),
  };
  const CountColumns columns = FindColumns(lines);
  EXPECT_EQ(columns.edge, CountColumns::Edge::kLeft);
  ASSERT_EQ(columns.at.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_DOUBLE_EQ(columns.at[i], kColumns[i] - 40);
  }
  // By their right edges "4.444" would stand in no column and the row
  // would have one count and a name of four words.
  const sdk::NameAndNumbers split = SplitByColumns(lines[1], columns);
  EXPECT_EQ(split.name, "Borne");
  EXPECT_THAT(split.numbers, ElementsAre("10", "2", "3", "4.444", "19"));
}

TEST(TableGridTest, RowsKeepTheirRegionCellAndTheNamesTheyWrapOnto) {
  const std::vector<TextLine> lines = {
      Row(1, 100, "Almelo", {"1", "2", "3", "4", "10"}, "14"),
      // The region cell's name, wrapped below its number.
      Line(1, 110.5, {At("Twente", 20)}),
      Row(1, 122, "Nuenen, Gerwen en", {"5", "6", "7", "8", "26"}),
      // The name's second line, in the name column just below.
      Line(1, 132.5, {At("Nederwetten", 100)}),
      Row(1, 144, "Borne", {"10", "2", "3", "4", "19"}),
  };
  const TableGrid grid = Grid(lines);
  ASSERT_EQ(grid.rows.size(), 3u);
  EXPECT_EQ(grid.rows.at(1).region, "14 Twente");
  EXPECT_EQ(grid.rows.at(1).name, "Almelo");
  EXPECT_EQ(grid.rows.at(3).name, "Nuenen, Gerwen en Nederwetten");
  EXPECT_EQ(grid.rows.at(3).region, "");
  EXPECT_THAT(grid.rows.at(3).numbers, ElementsAre("5", "6", "7", "8", "26"));
  EXPECT_EQ(grid.rows.at(5).name, "Borne");
  // The two wrapped lines are in rows now, not lines of their own.
  EXPECT_THAT(grid.joined, ElementsAre(2, 4));
}

TEST(TableGridTest, AnEmptyCellIsLeftOutAndALineFarBelowIsNotAPart) {
  const std::vector<TextLine> lines = {
      Row(1, 100, "Almelo", {"1", "2", "3", "4", "10"}),
      Row(1, 112, "Borne", {"10", "2", "3", "4", "19"}),
      // Four counts: the UWV without profile cell is empty.
      Line(1, 124,
           {At("Hengelo", 100), EndingAt("5", 300), EndingAt("6", 350),
            EndingAt("7", 400), EndingAt("18", 500)}),
      // A source note well below the table, though it starts where names
      // do.
      Line(1, 200, {At("Bron:", 100), At("UWV", 130)}),
  };
  const TableGrid grid = Grid(lines);
  ASSERT_EQ(grid.rows.size(), 3u);
  EXPECT_THAT(grid.rows.at(3).numbers, ElementsAre("5", "6", "7", "18"));
  EXPECT_EQ(grid.rows.at(3).name, "Hengelo");
  EXPECT_TRUE(grid.joined.empty());
}

TEST(TableGridTest, ARegionCellOnARowOfItsOwnGoesToTheRowBelow) {
  // A browser's colspan: "17 Zuid-Kennemerland en IJmond" across the
  // table above its first row, wrapped, its words across the name column.
  const std::vector<TextLine> lines = {
      Line(1, 78, {At("17", 20), At("Zuid-Kennemerland", 40)}),
      Line(1, 89, {At("en", 20), At("IJmond", 35)}),
      Row(1, 100, "Beverwijk", {"1", "2", "3", "4", "10"}),
      Row(1, 112, "Haarlem", {"10", "2", "3", "4", "19"}),
      Row(1, 124, "Velsen", {"5", "6", "7", "8", "26"}),
  };
  const TableGrid grid = Grid(lines);
  ASSERT_EQ(grid.rows.size(), 3u);
  EXPECT_EQ(grid.rows.at(3).region, "17 Zuid-Kennemerland en IJmond");
  EXPECT_EQ(grid.rows.at(3).name, "Beverwijk");
  EXPECT_THAT(grid.joined, ElementsAre(1, 2));
}

TEST(TableGridTest, AMergedCellPrintedOnTwoPagesIsOneCell) {
  // Gnumeric prints a region cell merged over rows that run onto the next
  // page on both pages where the cell's middle falls: below page 1's last
  // row, and again beside page 2's rows, its last line above them past the
  // page's top.
  const std::vector<TextLine> lines = {
      Row(1, 100, "Apeldoorn", {"1", "2", "3", "4", "10"}),
      Row(1, 112, "Brummen", {"10", "2", "3", "4", "19"}),
      Line(1, 150, {At("8", 20)}),
      Line(1, 160.5, {At("Midden-", 20)}),
      Line(1, 171, {At("Gelderland", 20)}),
      Line(2, 2, {At("Gelderland", 20)}),
      Row(2, 40, "Elburg", {"5", "6", "7", "8", "26"}),
      Line(2, 41, {At("8", 20)}),
      Line(2, 51.5, {At("Midden-", 20)}),
      Row(2, 52, "Epe", {"5", "6", "7", "8", "26"}),
      Row(2, 64, "TOTAAL AMR", {"21", "16", "20", "24", "81"}),
  };
  const TableGrid grid = Grid(lines);
  ASSERT_EQ(grid.rows.size(), 5u);
  EXPECT_EQ(grid.rows.at(2).region, "8 Midden-Gelderland");
  for (const int row : {1, 7, 10, 11}) {
    EXPECT_EQ(grid.rows.at(row).region, "") << "row " << row;
  }
  EXPECT_THAT(grid.joined, ElementsAre(3, 4, 5, 6, 8, 9));
}

TEST(TableGridTest, TextBelowAPagesLastRowIsNoCellWithoutACode) {
  // The same place, but a note in the region column, not a cell: left
  // as a line of its own, for the reader to refuse.
  const std::vector<TextLine> lines = {
      Row(1, 100, "Apeldoorn", {"1", "2", "3", "4", "10"}),
      Line(1, 150, {At("Bron:", 20)}),
      Line(1, 160.5, {At("UWV", 20)}),
      Row(2, 40, "Elburg", {"5", "6", "7", "8", "26"}),
  };
  const TableGrid grid = Grid(lines);
  EXPECT_EQ(grid.rows.at(1).region, "");
  EXPECT_TRUE(grid.joined.empty());
}

TEST(TableGridTest, NoRowsWithoutCounts) {
  const std::vector<TextLine> lines = {
      Line(1, 100, {At("Alleen", 100), At("tekst", 140)}),
      Line(1, 112, {At("en", 100), At("nog", 120), At("eens", 140)}),
  };
  EXPECT_TRUE(FindColumns(lines).at.empty());
  EXPECT_TRUE(Grid(lines).rows.empty());
}

PdfText Pages(std::vector<TextLine> lines, int pages) {
  PdfText text;
  text.lines = std::move(lines);
  text.pages = pages;
  text.page_widths.assign(static_cast<size_t>(pages), 600);
  text.page_heights.assign(static_cast<size_t>(pages), 800);
  return text;
}

std::vector<std::string> Texts(const PdfText& text) {
  std::vector<std::string> texts;
  for (const TextLine& line : text.lines) {
    texts.push_back(std::to_string(line.page) + ": " + line.text);
  }
  return texts;
}

TEST(PageStripsTest, AStripOfTheSameRowsIsPutBesideThePageBefore) {
  // Calc's print of a wide sheet: names and two counts, then the other
  // three counts on the next page at the same heights, and a page number
  // on each.
  PdfText text = Pages(
      {
          Line(1, 100,
               {At("Almelo", 100), EndingAt("1", 450), EndingAt("2", 500)}),
          Line(1, 112,
               {At("Borne", 100), EndingAt("10", 450), EndingAt("2", 500)}),
          Line(1, 124,
               {At("Hengelo", 100), EndingAt("5", 450), EndingAt("6", 500)}),
          Line(1, 780, {At("Pagina", 280), At("1", 320)}),
          Line(2, 100,
               {EndingAt("3", 100), EndingAt("4", 150), EndingAt("10", 200)}),
          Line(2, 112,
               {EndingAt("3", 100), EndingAt("4", 150), EndingAt("19", 200)}),
          Line(2, 124,
               {EndingAt("7", 100), EndingAt("8", 150), EndingAt("26", 200)}),
          Line(2, 780, {At("Pagina", 280), At("2", 320)}),
      },
      2);
  JoinColumnStrips(text);
  EXPECT_THAT(Texts(text), ElementsAreArray({
                               "1: Almelo 1 2 3 4 10",
                               "1: Borne 10 2 3 4 19",
                               "1: Hengelo 5 6 7 8 26",
                               "1: Pagina 1",
                               "2: Pagina 2",
                           }));
  // The strip's words moved right by the width of the page before it.
  EXPECT_DOUBLE_EQ(text.lines[0].words[3].right, 600 + 100);
}

TEST(PageStripsTest, TwoPagesOfTablesOfTheirOwnNeverJoin) {
  // A national publication: a region's table on each page, its rows at
  // the same heights as the page before's.
  PdfText text = Pages(
      {
          Row(1, 100, "Almelo", {"1", "2", "3", "4", "10"}),
          Row(1, 112, "Borne", {"10", "2", "3", "4", "19"}),
          Row(1, 124, "Hengelo", {"5", "6", "7", "8", "26"}),
          Row(2, 100, "Assen", {"1", "2", "3", "4", "10"}),
          Row(2, 112, "Emmen", {"10", "2", "3", "4", "19"}),
          Row(2, 124, "Hoogeveen", {"5", "6", "7", "8", "26"}),
      },
      2);
  const std::vector<std::string> before = Texts(text);
  JoinColumnStrips(text);
  EXPECT_EQ(Texts(text), before);
}

TEST(PageStripsTest, PagesOfAnotherSizeOrLinesAtOtherHeightsStayApart) {
  std::vector<TextLine> lines = {
      Line(1, 100, {At("Almelo", 100), EndingAt("1", 450)}),
      Line(1, 112, {At("Borne", 100), EndingAt("10", 450)}),
      Line(1, 124, {At("Hengelo", 100), EndingAt("5", 450)}),
      Line(2, 100, {EndingAt("3", 100), EndingAt("10", 200)}),
      Line(2, 112, {EndingAt("3", 100), EndingAt("19", 200)}),
      Line(2, 124, {EndingAt("7", 100), EndingAt("26", 200)}),
  };
  PdfText landscape = Pages(lines, 2);
  landscape.page_widths[1] = 800;
  const std::vector<std::string> before = Texts(landscape);
  JoinColumnStrips(landscape);
  EXPECT_EQ(Texts(landscape), before);
  // One line of three at a row's height: not a strip.
  lines[5].top = lines[5].top + 3;
  lines[4].top = lines[4].top + 3;
  PdfText shifted = Pages(lines, 2);
  JoinColumnStrips(shifted);
  EXPECT_EQ(Texts(shifted), before);
}

}  // namespace
}  // namespace tkp::pdf
