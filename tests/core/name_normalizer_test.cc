#include "core/name_normalizer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_format.h"
#include "core/region_catalog.h"

namespace tkp {
namespace {

TEST(NormalizeNameTest, SpellingVariantsMeetInOneKey) {
  EXPECT_EQ(NormalizeName("Groot Amsterdam"), NormalizeName("Groot-Amsterdam"));
  EXPECT_EQ(NormalizeName("Food Valley"), NormalizeName("FoodValley"));
  EXPECT_EQ(NormalizeName("\xE2\x80\x99s-Hertogenbosch"),
            NormalizeName("'s-Hertogenbosch"));
  EXPECT_EQ(NormalizeName("S\xC3\xBA"
                          "dwest-Frysl\xC3\xA2n"),
            "sudwestfryslan");
  // U+0132, the IJ ligature that PDF extraction produces.
  EXPECT_EQ(NormalizeName("Zuid-Kennemerland en \xC4\xB2mond"),
            NormalizeName("Zuid-Kennemerland en IJmond"));
  EXPECT_NE(NormalizeName("Twente"), NormalizeName("Achterhoek"));
}

TEST(PlainLettersTest, LigaturesReadAsTheirLetters) {
  // U+FB02 "fl" and U+FB01 "fi", as word processors set them in a PDF.
  EXPECT_EQ(PlainLetters("Midden-Del\xEF\xAC\x82"
                         "and"),
            "Midden-Delfland");
  EXPECT_EQ(PlainLetters("Met pro\xEF\xAC\x81"
                         "el"),
            "Met profiel");
  EXPECT_EQ(PlainLetters("\xC4\xB2sselstein"), "IJsselstein");
  // Accents, case, apostrophes and hyphens stay as printed.
  for (const char* kept : {"S\xC3\xBA"
                           "dwest-Frysl\xC3\xA2n",
                           "\xE2\x80\x99s-Hertogenbosch", "Bergen (NH.)"}) {
    EXPECT_EQ(PlainLetters(kept), kept);
  }
  EXPECT_EQ(PlainLetters("bad \xFF byte"), "bad \xFF byte");
}

TEST(RegionCatalogTest, BuiltInCatalogHasThe35Regions) {
  EXPECT_EQ(RegionCatalog::BuiltIn().size(), 35);
}

TEST(RegionCatalogTest, ResolvesVariantsToTheUsualName) {
  const RegionCatalog& catalog = RegionCatalog::BuiltIn();
  const ResolvedRegion fv = catalog.Resolve("FoodValley");
  EXPECT_TRUE(fv.known);
  EXPECT_EQ(fv.name, "Food Valley");
  EXPECT_EQ(catalog.Resolve("Fryslân").key, catalog.Resolve("Friesland").key);
  EXPECT_EQ(catalog.Resolve("Zaanstreek-Waterland").name,
            "Zaanstreek/Waterland");
  // A spelling as listed, its key, and another spelling agree (the first
  // two are looked up without normalising).
  const ResolvedRegion listed = catalog.Resolve("Groot Amsterdam");
  EXPECT_TRUE(listed.known);
  for (const char* other : {"grootamsterdam", "GROOT-AMSTERDAM"}) {
    const ResolvedRegion same = catalog.Resolve(other);
    EXPECT_EQ(same.key, listed.key) << other;
    EXPECT_EQ(same.name, listed.name) << other;
    EXPECT_TRUE(same.known) << other;
  }
  const ResolvedRegion unknown = catalog.Resolve("Atlantis");
  EXPECT_FALSE(unknown.known);
  EXPECT_EQ(unknown.key, "atlantis");
}

TEST(RegionCatalogTest, RefusesASpellingClaimedByTwoRegions) {
  absl::StatusOr<RegionCatalog> catalog =
      RegionCatalog::Parse("AM05|Twente|Tukkers\nAM09|Achterhoek|Tukkers\n");
  ASSERT_FALSE(catalog.ok());
  EXPECT_THAT(catalog.status().message(), ::testing::HasSubstr("line 2"));
}

TEST(RegionCatalogTest, RefusesACodeClaimedTwiceOrMalformed) {
  absl::StatusOr<RegionCatalog> twice =
      RegionCatalog::Parse("AM05|Twente\nAM05|Achterhoek\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.status().message(), ::testing::HasSubstr("code AM05"));
  EXPECT_FALSE(RegionCatalog::Parse("5|Twente\n").ok());
  EXPECT_FALSE(RegionCatalog::Parse("Twente\n").ok());
}

// The codes from ../shared/refdata/am_regions.csv: each of the 35 regions
// has one, FoodValley two.
TEST(RegionCatalogTest, EveryBuiltInRegionHasItsCbsCode) {
  const RegionCatalog& catalog = RegionCatalog::BuiltIn();
  EXPECT_EQ(catalog.size(), 35);
  EXPECT_EQ(catalog.Resolve("Twente").cbs_code, "AM05");
  EXPECT_EQ(catalog.Resolve("Groot-Amsterdam").cbs_code, "AM18");
  EXPECT_EQ(catalog.ResolveCode("am18")->name, "Groot Amsterdam");
  EXPECT_EQ(catalog.ResolveCode("AM31")->name, "Food Valley");
  EXPECT_EQ(catalog.ResolveCode("AM38")->key,
            catalog.Resolve("FoodValley").key);
  EXPECT_EQ(catalog.ResolveCode("AM31")->cbs_code, "AM38");
  // AM04 and AM16 were never used.
  EXPECT_FALSE(catalog.ResolveCode("AM04"));
  EXPECT_FALSE(catalog.ResolveCode("AM16"));
  int codes = 0;
  for (int n = 1; n <= 38; ++n) {
    if (catalog.ResolveCode(absl::StrFormat("AM%02d", n))) ++codes;
  }
  EXPECT_EQ(codes, 36);
  EXPECT_TRUE(RegionCatalog::IsCbsCode("am05"));
  EXPECT_FALSE(RegionCatalog::IsCbsCode("AM5"));
  EXPECT_FALSE(RegionCatalog::IsCbsCode("AB05"));
}

}  // namespace
}  // namespace tkp
