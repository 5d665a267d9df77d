// The plugin SDK's text helpers.

#include "plugins/sdk/text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/dutch_count.h"
#include "plugins/sdk/numbers.h"
#include "plugins/sdk/page_number.h"
#include "plugins/sdk/register_sentence.h"

namespace tkp::sdk {
namespace {

using ::testing::ElementsAre;

TEST(SplitLinesTest, HandlesEveryLineEndingAndCountsLines) {
  const std::vector<Line> lines = SplitLines("a\r\nb\rc\n\nd");
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0].text, "a");
  EXPECT_EQ(lines[1].text, "b");
  EXPECT_EQ(lines[2].text, "c");
  EXPECT_EQ(lines[3].text, "");
  EXPECT_EQ(lines[4].text, "d");
  EXPECT_EQ(lines[4].number, 5);
  EXPECT_EQ(SplitLines("x\n").size(), 1u);
}

TEST(TrimTest, RemovesNoBreakSpacesToo) {
  EXPECT_EQ(Trim("\xC2\xA0 Almelo \t\xE2\x80\xAF"), "Almelo");
  EXPECT_TRUE(IsBlank("\xC2\xA0 \t"));
  EXPECT_FALSE(IsBlank(" x "));
}

TEST(SplitNameAndNumbersTest, KeepsMultiWordAndPunctuatedNames) {
  NameAndNumbers row = SplitNameAndNumbers("Hof van Twente 1 37 167 10 215");
  EXPECT_EQ(row.name, "Hof van Twente");
  EXPECT_THAT(row.numbers, ElementsAre("1", "37", "167", "10", "215"));
  row = SplitNameAndNumbers(
      "'s-Hertogenbosch\xC2\xA0"
      "1.209 3");
  EXPECT_EQ(row.name, "'s-Hertogenbosch");
  EXPECT_THAT(row.numbers, ElementsAre("1.209", "3"));
  row = SplitNameAndNumbers("no numbers here");
  EXPECT_EQ(row.name, "no numbers here");
  EXPECT_TRUE(row.numbers.empty());
}

TEST(LooksLikeNumberTest, AcceptsPrintedCountsOnly) {
  EXPECT_TRUE(LooksLikeNumber("1.209"));
  EXPECT_TRUE(LooksLikeNumber("-3"));
  EXPECT_FALSE(LooksLikeNumber("1a"));
  EXPECT_FALSE(LooksLikeNumber("."));
  EXPECT_FALSE(LooksLikeNumber(""));
  // A sentence's end is prose: the server's rule (core/count_rule.h).
  for (const char* token : {"6", "6.", "2024,", "1.209", "12%"}) {
    EXPECT_EQ(LooksLikeNumber(token), ::tkp::LooksLikeCount(token)) << token;
  }
  EXPECT_FALSE(LooksLikeNumber("6."));
}

// tkp 1.0's SDK header reads counts as the server does.
TEST(NumbersTest, TheSdksReadCountIsTheServers) {
  EXPECT_EQ(*ReadCount("1.209", ::tkp::kMaxCount).value, 1209);
  EXPECT_EQ(ReadCount("1,5", ::tkp::kMaxCount).error,
            ::tkp::ParseDutchCount("1,5").status().message());
  EXPECT_EQ(ReadCount("-5", 100).error, "\"-5\" is negative; counts cannot be");
  EXPECT_EQ(FormatCount(8169), ::tkp::FormatDutchCount(8169));
}

TEST(FindPeriodTest, ReadsQuarterWordsAndTheRegionAfterThem) {
  std::optional<PeriodMention> p = FindPeriod("Tweede kwartaal 2020 Twente");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->quarter, 2);
  EXPECT_EQ(p->year, 2020);
  EXPECT_EQ(p->rest, "Twente");
  p = FindPeriod("vierde Kwartaal 2019 Groot Amsterdam");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->quarter, 4);
  EXPECT_EQ(p->rest, "Groot Amsterdam");
  EXPECT_EQ(FindPeriod("3e kwartaal 2021")->quarter, 3);
  EXPECT_FALSE(FindPeriod("vijfde kwartaal 2020 Twente").has_value());
  EXPECT_FALSE(FindPeriod("Tweede kwartaal 20 Twente").has_value());
}

TEST(SplitTabsTest, TrimsCellsAndKeepsEmptyOnes) {
  EXPECT_THAT(SplitTabs("\tTOTAAL AMR\t\t38 "),
              ElementsAre("", "TOTAAL AMR", "", "38"));
}

TEST(RegisterSentenceTest, ReadsASentenceBrokenOverLines) {
  const std::string text =
      "In Sonar staat niet iedereen; in de arbeidsmarktregio Midden-Holland "
      "bevat het register \n\nin totaal 12.345 personen. Hiervan is 61% "
      "bekend.\n";
  const RegisterSentence s = FindRegisterSentence(SplitLines(text));
  EXPECT_EQ(s.register_size.text, "12.345");
  EXPECT_EQ(s.register_size.line, 3);
  EXPECT_EQ(s.stated_percent.text, "61");
  EXPECT_EQ(s.region_name.text, "Midden-Holland");
  EXPECT_EQ(s.region_name.line, 1);
}

TEST(RegisterSentenceTest, MissingSentenceLeavesFieldsEmpty) {
  const RegisterSentence s = FindRegisterSentence(SplitLines("prose only\n"));
  EXPECT_TRUE(s.register_size.empty());
  EXPECT_TRUE(s.stated_percent.empty());
}

TEST(FindPeriodCodeTest, FindsAQuarterCodeInANameOnly) {
  const std::optional<YearQuarter> found =
      FindPeriodCode("groot-amsterdam-2023Q4.csv");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->year, 2023);
  EXPECT_EQ(found->quarter, 4);
  EXPECT_EQ(FindPeriodCode("twente_2021q1")->quarter, 1);
  EXPECT_FALSE(FindPeriodCode("2023Q5"));
  EXPECT_FALSE(FindPeriodCode("12023Q4"));
  EXPECT_FALSE(FindPeriodCode("2023Q41"));
  EXPECT_FALSE(FindPeriodCode("no period"));
}

TEST(AppendWrappedTest, JoinsANameBrokenAfterItsHyphenWithoutASpace) {
  std::string name = "Leidschendam-";
  AppendWrapped(&name, "Voorburg");
  EXPECT_EQ(name, "Leidschendam-Voorburg");
  // A hyphen that ends a word before "en" keeps its space.
  name = "Noord-";
  AppendWrapped(&name, "en  Midden-Limburg");
  EXPECT_EQ(name, "Noord- en Midden-Limburg");
  name = "Mook en";
  AppendWrapped(&name, " Middelaar ");
  EXPECT_EQ(name, "Mook en Middelaar");
  name = "";
  AppendWrapped(&name, "Gooise");
  EXPECT_EQ(name, "Gooise");
}

TEST(PageFurnitureTest, ABrowsersAddressLineIsFurnitureAFigureIsNot) {
  EXPECT_TRUE(IsPageFurniture("Pagina 3 van 14"));
  EXPECT_TRUE(IsPageFurniture("file:///tmp/tabel.html 1/2"));
  EXPECT_TRUE(IsPageFurniture("https://www.uwv.nl/tabel   3 van 4"));
  EXPECT_TRUE(IsPageFurniture("12/6/26, 2:23 PM  www.example.nl/t"));
  EXPECT_FALSE(IsPageFurniture("Almere 12 40 300 20 372"));
  EXPECT_FALSE(IsPageFurniture("Bron: https://www.uwv.nl, bewerking"));
  EXPECT_FALSE(IsPageFurniture("12/6/26, 2:23 PM Transparantie"));
}
TEST(IsWordRunOfTest, WordsNextToEachOtherInOrder) {
  EXPECT_TRUE(IsWordRunOf("Noord-Holland", "18 Noord-Holland Noord"));
  EXPECT_TRUE(IsWordRunOf("18  Noord-Holland", "18 Noord-Holland Noord"));
  EXPECT_FALSE(IsWordRunOf("18 Noord", "18 Noord-Holland Noord"));
  EXPECT_FALSE(IsWordRunOf("Noord-", "18 Noord-Holland Noord"));
  EXPECT_FALSE(IsWordRunOf("", "18 Noord-Holland"));
}

}  // namespace
}  // namespace tkp::sdk
