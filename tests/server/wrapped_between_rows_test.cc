// A name that wrapped over two rows' lines, mended by the region's
// municipalities.
#include "server/importing/wrapped_between_rows.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

namespace tkp {
namespace {

using plugin::RawRow;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A region's municipalities, by name (made by hand: the codes CBS gives
// them in 2018).
MunicipalityOfRegion Region(std::map<std::string, std::string> members) {
  return [members = std::move(members)](
             std::string_view printed) -> std::optional<std::string> {
    const auto found = members.find(std::string(printed));
    if (found == members.end()) return std::nullopt;
    return found->second;
  };
}

const MunicipalityOfRegion kMiddenUtrecht =
    Region({{"Utrecht", "GM0344"},
            {"Utrechtse Heuvelrug", "GM0351"},
            {"Vianen", "GM0620"},
            {"Wijk bij Duurstede", "GM0352"}});

RawRow Row(int line, std::string name) {
  return {RawRow::Kind::kMunicipality,
          line,
          std::move(name),
          {"1", "2", "3", "4", "10"}};
}

std::vector<std::string> Names(const std::vector<RawRow>& rows) {
  std::vector<std::string> names;
  for (const RawRow& row : rows) names.push_back(row.name);
  return names;
}

TEST(WrappedBetweenRowsTest, TheLastWordsOfARowGoDownToTheNext) {
  std::vector<RawRow> rows = {Row(20, "Utrecht"), Row(24, "Vianen Wijk bij"),
                              Row(26, "Duurstede")};
  const std::vector<std::string> notes =
      MendNamesWrappedBetweenRows(kMiddenUtrecht, {}, &rows);
  EXPECT_THAT(Names(rows),
              ElementsAre("Utrecht", "Vianen", "Wijk bij Duurstede"));
  EXPECT_THAT(notes,
              ElementsAre("line 24 row \"Vianen Wijk bij\" and line 26 row "
                          "\"Duurstede\": read as \"Vianen\" and \"Wijk bij "
                          "Duurstede\", a name that wrapped over the two "
                          "rows' lines; each row keeps the counts on its "
                          "line"));
  EXPECT_EQ(rows[1].cells.back(), "10");  // the counts stay
}

TEST(WrappedBetweenRowsTest, TheFirstWordsOfARowGoUpToTheOneAbove) {
  std::vector<RawRow> rows = {Row(21, "Utrechtse"),
                              Row(23, "Heuvelrug Wijk bij Duurstede")};
  EXPECT_THAT(MendNamesWrappedBetweenRows(kMiddenUtrecht, {}, &rows),
              ElementsAre(::testing::HasSubstr("line 21 row \"Utrechtse\"")));
  EXPECT_THAT(Names(rows),
              ElementsAre("Utrechtse Heuvelrug", "Wijk bij Duurstede"));
}

TEST(WrappedBetweenRowsTest, RowsThatAreMunicipalitiesAreLeftAlone) {
  // "Utrecht" is one: the row below is refused later, not mended here.
  std::vector<RawRow> rows = {Row(20, "Utrecht"), Row(21, "se Heuvelrug")};
  EXPECT_THAT(MendNamesWrappedBetweenRows(kMiddenUtrecht, {}, &rows),
              IsEmpty());
  EXPECT_THAT(Names(rows), ElementsAre("Utrecht", "se Heuvelrug"));
}

TEST(WrappedBetweenRowsTest, TwoWaysToMendAreNone) {
  const MunicipalityOfRegion region = Region({{"Aa", "GM0001"},
                                              {"Bb Cc Dd", "GM0002"},
                                              {"Aa Bb Cc", "GM0003"},
                                              {"Dd", "GM0004"}});
  std::vector<RawRow> rows = {Row(1, "Aa Bb"), Row(2, "Cc Dd")};
  EXPECT_THAT(MendNamesWrappedBetweenRows(region, {}, &rows), IsEmpty());
  EXPECT_THAT(Names(rows), ElementsAre("Aa Bb", "Cc Dd"));
}

TEST(WrappedBetweenRowsTest, NeverIntoTheTotalNorIntoOneMunicipalityTwice) {
  std::vector<RawRow> rows = {
      Row(24, "Vianen Wijk bij"),
      {RawRow::Kind::kRegionTotal, 26, "Duurstede", {}}};
  EXPECT_THAT(MendNamesWrappedBetweenRows(kMiddenUtrecht, {}, &rows),
              IsEmpty());
  // Two names of one municipality (a former name and a spelling, say).
  const MunicipalityOfRegion one =
      Region({{"Aa", "GM0518"}, {"Bb Cc", "GM0518"}});
  rows = {Row(1, "Aa Bb"), Row(2, "Cc")};
  EXPECT_THAT(MendNamesWrappedBetweenRows(one, {}, &rows), IsEmpty());
  EXPECT_THAT(Names(rows), ElementsAre("Aa Bb", "Cc"));
}

}  // namespace
}  // namespace tkp
