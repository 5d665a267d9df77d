// Where a publisher may state the period outside the table (a title, the
// sheet's name, the file's name), and that two statements must agree.

#include "plugins/sdk/stated_period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

namespace tkp::sdk {
namespace {

using ::testing::HasSubstr;

std::string CodeOf(std::string_view text) {
  const std::optional<YearQuarter> period = FindStatedPeriod(text);
  if (!period) return "none";
  return std::to_string(period->year) + "Q" + std::to_string(period->quarter);
}

TEST(StatedPeriodTest, CodesAndWordsWhereverTheyStand) {
  EXPECT_EQ(CodeOf("Transparantie van klantprofielen - 2024Q3"), "2024Q3");
  EXPECT_EQ(CodeOf("twente-2024-Q3.xlsx"), "2024Q3");
  EXPECT_EQ(CodeOf("cijfers 2024 Q3"), "2024Q3");
  EXPECT_EQ(CodeOf("Q3 2024"), "2024Q3");
  EXPECT_EQ(CodeOf("Derde kwartaal 2024"), "2024Q3");
  EXPECT_EQ(CodeOf("Cijfers over het vierde kwartaal 2023."), "2023Q4");
  EXPECT_EQ(CodeOf("3e kwartaal 2024"), "2024Q3");
  // Numbers that are no quarter.
  EXPECT_EQ(CodeOf("Bron: UWV, 12 maart 2024"), "none");
  EXPECT_EQ(CodeOf("12024Q3"), "none");
  EXPECT_EQ(CodeOf("2024Q5"), "none");
  EXPECT_EQ(CodeOf("AQ3 2024"), "none");
}

plugin::RawDocument Document(std::vector<plugin::Located> unread) {
  plugin::RawDocument document;
  document.unread = std::move(unread);
  return document;
}

TEST(StatedPeriodTest, ATitleGivesEveryDocumentWithoutOneItsPeriod) {
  std::vector<plugin::RawDocument> documents = {
      Document({{"Transparantie van klantprofielen", 1},
                {"Vierde kwartaal 2023", 2}}),
      Document({{"In de regio ... 2.500 personen.", 20}})};
  documents[1].period_year = 2022;  // one that names its own keeps it
  documents[1].period_quarter = 1;
  EXPECT_FALSE(TakeStatedPeriod(&documents, "Blad1", "export.xlsx"));
  EXPECT_EQ(documents[0].period_year, 2023);
  EXPECT_EQ(documents[0].period_quarter, 4);
  EXPECT_EQ(documents[0].period_line, 2);
  EXPECT_EQ(documents[1].period_year, 2022);
}

TEST(StatedPeriodTest, TheSheetNameThenTheFileNameWhenNoLineStatesIt) {
  std::vector<plugin::RawDocument> documents = {Document({})};
  EXPECT_FALSE(TakeStatedPeriod(&documents, "2024Q2 Twente", ""));
  EXPECT_EQ(documents[0].period_quarter, 2);
  documents = {Document({})};
  EXPECT_FALSE(TakeStatedPeriod(&documents, "Twente", "twente-2021Q3.csv"));
  EXPECT_EQ(documents[0].period_year, 2021);
  EXPECT_EQ(documents[0].period_line, 0);
  documents = {Document({})};
  EXPECT_FALSE(TakeStatedPeriod(&documents, "Twente", "twente.csv"));
  EXPECT_EQ(documents[0].period_year, 0);
}

TEST(StatedPeriodTest, TwoStatementsThatDisagreeAreRefusedNamingBoth) {
  plugin::Origin sheet;
  sheet.part = "sheet \"2024Q1\"";
  sheet.line_unit = "row";
  std::vector<plugin::RawDocument> documents = {
      Document({{"Derde kwartaal 2024", 1}})};
  std::optional<plugin::ParseOutcome> refused =
      TakeStatedPeriod(&documents, "2024Q1", "", sheet);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->error_line, 1);
  EXPECT_THAT(refused->error,
              HasSubstr("row 1 (\"Derde kwartaal 2024\") states 2024Q3 but "
                        "the name of sheet \"2024Q1\" states 2024Q1"));

  documents = {Document({{"2024Q3", 1}}),
               Document({{"Tweede kwartaal 2024", 30}})};
  refused = TakeStatedPeriod(&documents, "", "");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->error_line, 30);
  EXPECT_EQ(documents[0].period_year, 0);  // nothing given on a refusal

  documents = {Document({{"2024Q3", 1}})};
  refused = TakeStatedPeriod(&documents, "", "regio-2024Q2.xlsx");
  ASSERT_TRUE(refused);
  EXPECT_THAT(refused->error, HasSubstr("the file name \"regio-2024Q2.xlsx\""));
}

}  // namespace
}  // namespace tkp::sdk
