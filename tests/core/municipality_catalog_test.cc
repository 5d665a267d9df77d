// The municipality catalog compiled from core/data/refdata: printed names
// resolve to the CBS codes the reference data gives them (checked by hand
// in core/data/refdata/municipalities_by_year.csv).

#include "core/municipality_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace tkp {
namespace {

std::string CodeOf(const std::string& name, int year,
                   const std::vector<std::string>& region = {}) {
  const std::optional<ResolvedMunicipality> found =
      MunicipalityCatalog::BuiltIn().Resolve(name, year, region);
  return found ? found->municipality.gm_code : "";
}

// The fourteen municipalities of the Twente seed (2020Q2).
TEST(MunicipalityCatalogTest, TheTwenteSeedsMunicipalitiesGetTheirCodes) {
  const std::vector<std::pair<std::string, std::string>> twente = {
      {"Almelo", "GM0141"},         {"Borne", "GM0147"},
      {"Dinkelland", "GM1774"},     {"Enschede", "GM0153"},
      {"Haaksbergen", "GM0158"},    {"Hellendoorn", "GM0163"},
      {"Hengelo", "GM0164"},        {"Hof van Twente", "GM1735"},
      {"Losser", "GM0168"},         {"Oldenzaal", "GM0173"},
      {"Rijssen-Holten", "GM1742"}, {"Tubbergen", "GM0183"},
      {"Twenterand", "GM1700"},     {"Wierden", "GM0189"}};
  for (const auto& [name, code] : twente) {
    EXPECT_EQ(CodeOf(name, 2020, {"AM05"}), code) << name;
    const std::optional<ResolvedMunicipality> found =
        MunicipalityCatalog::BuiltIn().Resolve(name, 2020, {"AM05"});
    ASSERT_TRUE(found) << name;
    EXPECT_EQ(found->municipality.am_code, "AM05") << name;
  }
}

TEST(MunicipalityCatalogTest, SpellingsAccentsAndApostrophesResolve) {
  EXPECT_EQ(CodeOf("\xE2\x80\x99s-Hertogenbosch", 2023), "GM0796");
  EXPECT_EQ(CodeOf("'s-Hertogenbosch", 2023), "GM0796");
  EXPECT_EQ(CodeOf("Nuenen, Gerwen en Nederwetten", 2023), "GM0820");
  EXPECT_EQ(CodeOf("Sudwest-Fryslan", 2023), "GM1900");
  EXPECT_EQ(CodeOf("Den Haag", 2023), "GM0518");
  // CBS names it "Hengelo (O.)" from 2024; the bare name still resolves.
  EXPECT_EQ(CodeOf("Hengelo", 2024), "GM0164");
  EXPECT_EQ(CodeOf("Laren (NH.)", 2020), "GM0417");
}

TEST(MunicipalityCatalogTest, AFormerNameFollowsTheRename) {
  // De Friese Meren became De Fryske Marren (GM1921 -> GM1940) in 2016.
  EXPECT_EQ(CodeOf("De Friese Meren", 2015), "GM1921");
  EXPECT_EQ(CodeOf("De Friese Meren", 2020), "GM1940");
}

TEST(MunicipalityCatalogTest, TheRegionDecidesBetweenNamesakes) {
  // Bergen (NH.) in Noord-Holland Noord, Bergen (L.) in Noord-Limburg.
  EXPECT_EQ(CodeOf("Bergen (L.)", 2023), "GM0893");
  EXPECT_EQ(CodeOf("Bergen", 2023, {"AM29"}), "GM0893");
  EXPECT_EQ(CodeOf("Bergen", 2023, {"AM15"}), "GM0373");
}

TEST(MunicipalityCatalogTest, CodesNamedListsEveryBearerOfAName) {
  const MunicipalityCatalog& catalog = MunicipalityCatalog::BuiltIn();
  EXPECT_EQ(catalog.CodesNamed("Almelo"), std::vector<std::string>{"GM0141"});
  EXPECT_EQ(catalog.CodesNamed("Boxmeer"), std::vector<std::string>{"GM0756"});
  std::vector<std::string> bergen = catalog.CodesNamed("Bergen");
  std::sort(bergen.begin(), bergen.end());
  EXPECT_EQ(bergen, (std::vector<std::string>{"GM0373", "GM0893"}));
  EXPECT_TRUE(catalog.CodesNamed("Atlantis").empty());
  // Its last year: Boxmeer merged away at the end of 2021.
  const std::optional<MunicipalityYear> boxmeer = catalog.Latest("gm0756");
  ASSERT_TRUE(boxmeer);
  EXPECT_EQ(boxmeer->name, "Boxmeer");
  EXPECT_EQ(catalog.Find("GM0756", 2021)->am_code, "AM27");
  EXPECT_EQ(catalog.Find("GM0756", 2022), nullptr);
  EXPECT_FALSE(catalog.Latest("GM9999"));
}

TEST(MunicipalityCatalogTest, MergersHaveTheirDateAndQuarter) {
  const MunicipalityCatalog& catalog = MunicipalityCatalog::BuiltIn();
  const std::vector<MunicipalityMerger> cuijk = catalog.MergersInto("GM1982");
  ASSERT_EQ(cuijk.size(), 5u);
  for (const MunicipalityMerger& m : cuijk) {
    EXPECT_EQ(m.date, "2022-01-01") << m.old_name;
    EXPECT_EQ(m.quarter, (PeriodKey{2022, 1})) << m.old_name;
    EXPECT_EQ(m.new_name, "Land van Cuijk");
  }
  const std::vector<MunicipalityMerger> weesp = catalog.MergersFrom("GM0457");
  ASSERT_EQ(weesp.size(), 1u);
  EXPECT_EQ(weesp[0].new_code, "GM0363");
  EXPECT_EQ(weesp[0].quarter, (PeriodKey{2022, 1}));  // 24 March
  // Maasdonk was split between two.
  EXPECT_EQ(catalog.MergersFrom("GM1671").size(), 2u);
  // Malformed dates are refused when the data is read.
  EXPECT_FALSE(
      MunicipalityCatalog::Parse("year,gm_code,name,am_code,am_name,basis,alt\n"
                                 "2022,GM0001,A,AM01,R,x,\n",
                                 "gm_code,spelling,note\n",
                                 "date,old,old_name,new,new_name\n"
                                 "1-1-2022,GM0002,B,GM0001,A\n")
          .ok());
}

TEST(MunicipalityCatalogTest, IsGmCode) {
  EXPECT_TRUE(MunicipalityCatalog::IsGmCode("GM0141"));
  EXPECT_TRUE(MunicipalityCatalog::IsGmCode("gm0141"));
  EXPECT_FALSE(MunicipalityCatalog::IsGmCode("GM141"));
  EXPECT_FALSE(MunicipalityCatalog::IsGmCode("AM0141"));
  EXPECT_FALSE(MunicipalityCatalog::IsGmCode("GM01a1"));
}

TEST(MunicipalityCatalogTest, UnknownNamesAndYearsOutsideTheData) {
  EXPECT_EQ(CodeOf("Atlantis", 2023), "");
  EXPECT_EQ(CodeOf("", 2023), "");
  // Years outside 2015-2025 use the nearest year.
  EXPECT_EQ(CodeOf("Almelo", 2030), "GM0141");
  EXPECT_EQ(MunicipalityCatalog::BuiltIn().first_year(), 2015);
  EXPECT_EQ(MunicipalityCatalog::BuiltIn().last_year(), 2025);
}

}  // namespace
}  // namespace tkp
