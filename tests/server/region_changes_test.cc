// How a region's figures changed between two quarters, on tkp's own
// reference data: the five municipalities that became Land van Cuijk on
// 2022-01-01 are compared as their sum, and a name the data does not know
// appears or disappears without a figure made up for it.
#include "server/queries/region_changes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "core/municipality_catalog.h"
#include "core/region_catalog.h"

namespace tkp {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

void SetCounts(int mw, int mo, int uw, int uo, v1::ClientCounts* counts) {
  counts->set_municipality_with_profile(mw);
  counts->set_municipality_without_profile(mo);
  counts->set_uwv_with_profile(uw);
  counts->set_uwv_without_profile(uo);
  counts->set_total(mw + mo + uw + uo);
}

struct Row {
  std::string name;
  int mw, mo, uw, uo;
};

v1::RegionFigures Publication(int year, int quarter,
                              const std::vector<Row>& rows) {
  v1::RegionFigures figures;
  const ResolvedRegion region =
      RegionCatalog::BuiltIn().Resolve("Noordoost-Brabant");
  figures.mutable_region()->set_name(region.name);
  figures.mutable_region()->set_key(region.key);
  figures.mutable_period()->set_year(year);
  figures.mutable_period()->set_quarter(quarter);
  int sums[4] = {0, 0, 0, 0};
  for (const Row& row : rows) {
    v1::Municipality* m = figures.add_municipalities();
    m->set_name(row.name);  // no code: resolved by name, as for old files
    SetCounts(row.mw, row.mo, row.uw, row.uo, m->mutable_counts());
    sums[0] += row.mw;
    sums[1] += row.mo;
    sums[2] += row.uw;
    sums[3] += row.uo;
  }
  SetCounts(sums[0], sums[1], sums[2], sums[3], figures.mutable_totals());
  return figures;
}

class RegionChangesTest : public ::testing::Test {
 protected:
  RegionChangesTest() {
    const v1::RegionFigures before =
        Publication(2021, 4,
                    {{"'s-Hertogenbosch", 10, 10, 10, 10},
                     {"Boxmeer", 1, 1, 1, 1},
                     {"Cuijk", 2, 2, 2, 2},
                     {"Grave", 1, 0, 0, 0},
                     {"Mill en Sint Hubert", 0, 1, 0, 0},
                     {"Sint Anthonis", 0, 0, 1, 1},
                     {"Oudstad", 3, 0, 0, 0}});
    const v1::RegionFigures after =
        Publication(2022, 1,
                    {{"'s-Hertogenbosch", 12, 10, 10, 10},
                     {"Land van Cuijk", 5, 5, 5, 5},
                     {"Nieuwstad", 1, 1, 1, 1}});
    changes_ =
        CompareRegionPublications(before, after, RegionCatalog::BuiltIn(),
                                  MunicipalityCatalog::BuiltIn());
    for (const v1::MunicipalityChange& change : changes_.municipalities()) {
      by_name_[change.name()] = &change;
    }
  }

  const v1::MunicipalityChange& Change(const std::string& name) {
    EXPECT_TRUE(by_name_.contains(name)) << name;
    return *by_name_.at(name);
  }

  v1::GetRegionChangesResponse changes_;
  std::map<std::string, const v1::MunicipalityChange*> by_name_;
};

TEST_F(RegionChangesTest, TheRegionTotalsChangeByTheDifference) {
  // 59 listed in 2021Q4 (40 + 4 + 8 + 1 + 1 + 2 + 3), 66 in 2022Q1.
  EXPECT_EQ(changes_.totals().before().total(), 59);
  EXPECT_EQ(changes_.totals().after().total(), 66);
  EXPECT_EQ(changes_.totals().change().total(), 7);
  EXPECT_EQ(changes_.totals().change().municipality_with_profile(),
            (12 + 5 + 1) - (10 + 1 + 2 + 1 + 3));
}

TEST_F(RegionChangesTest, AMunicipalityFormedByAMergerIsComparedWithTheSum) {
  const v1::MunicipalityChange& cuijk = Change("Land van Cuijk");
  EXPECT_EQ(cuijk.presence(), v1::MunicipalityChange::PRESENCE_MERGED);
  EXPECT_EQ(cuijk.code(), "GM1982");
  EXPECT_THAT(cuijk.predecessors(),
              UnorderedElementsAre("Boxmeer", "Cuijk", "Grave",
                                   "Mill en Sint Hubert", "Sint Anthonis"));
  // Before: Boxmeer 1 1 1 1, Cuijk 2 2 2 2, Grave 1 0 0 0, Mill en Sint
  // Hubert 0 1 0 0, Sint Anthonis 0 0 1 1: 4 4 4 4, 16 in all.
  EXPECT_EQ(cuijk.counts().before().municipality_with_profile(), 4);
  EXPECT_EQ(cuijk.counts().before().uwv_without_profile(), 4);
  EXPECT_EQ(cuijk.counts().before().total(), 16);
  EXPECT_EQ(cuijk.counts().change().total(), 20 - 16);
  for (const char* old :
       {"Boxmeer", "Cuijk", "Grave", "Mill en Sint Hubert", "Sint Anthonis"}) {
    EXPECT_EQ(Change(old).presence(),
              v1::MunicipalityChange::PRESENCE_MERGED_INTO)
        << old;
    EXPECT_EQ(Change(old).merged_into(), "Land van Cuijk") << old;
    EXPECT_FALSE(Change(old).counts().has_change()) << old;
  }
  EXPECT_THAT(changes_.notes(),
              Contains(HasSubstr("Land van Cuijk (GM1982) was formed on "
                                 "2022-01-01 from ")));
}

TEST_F(RegionChangesTest, OneListedInBothIsComparedUnderItsCode) {
  const v1::MunicipalityChange& bosch = Change("'s-Hertogenbosch");
  EXPECT_EQ(bosch.presence(), v1::MunicipalityChange::PRESENCE_BOTH);
  EXPECT_EQ(bosch.code(), "GM0796");
  EXPECT_EQ(bosch.counts().change().municipality_with_profile(), 2);
  EXPECT_EQ(bosch.counts().change().total(), 2);
}

TEST_F(RegionChangesTest, UnknownNamesAppearAndDisappearWithoutAChange) {
  const v1::MunicipalityChange& appeared = Change("Nieuwstad");
  EXPECT_EQ(appeared.presence(), v1::MunicipalityChange::PRESENCE_APPEARED);
  EXPECT_EQ(appeared.code(), "");
  EXPECT_FALSE(appeared.counts().has_before());
  EXPECT_FALSE(appeared.counts().has_change());
  const v1::MunicipalityChange& gone = Change("Oudstad");
  EXPECT_EQ(gone.presence(), v1::MunicipalityChange::PRESENCE_DISAPPEARED);
  EXPECT_FALSE(gone.counts().has_after());
  EXPECT_THAT(changes_.notes(),
              Contains(HasSubstr("listed in 2021Q4 but not in 2022Q1: "
                                 "Oudstad")));
  EXPECT_THAT(changes_.notes(),
              Contains(HasSubstr("listed in 2022Q1 but not in 2021Q4: "
                                 "Nieuwstad")));
  EXPECT_EQ(changes_.municipalities_size(), 3 + 5 + 1);
}

}  // namespace
}  // namespace tkp
