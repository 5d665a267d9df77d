// The read calls' answers as pure functions of a snapshot: which region a
// request means, a period asked for, coverage summed and ranked, changes
// between quarters. Figures made here by hand, so each expectation is
// worked out from them in the comments.
#include "server/queries/figure_queries.h"

#include <gmock/gmock.h>
#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/region_catalog.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

// Three regions; Groningen was numbered 5 in 2024Q2, the number Twente
// carries in 2024Q3 (UWV renumbers).
constexpr char kCatalog[] =
    "AM01|Groningen\n"
    "AM05|Twente|Regio Twente\n"
    "AM10|Drechtsteden\n";

const RegionCatalog& Catalog() {
  static const RegionCatalog* catalog =
      new RegionCatalog(*RegionCatalog::Parse(kCatalog));
  return *catalog;
}

v1::RegionFigures Parse(const std::string& text) {
  v1::RegionFigures figures;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &figures))
      << text;
  return figures;
}

// municipality_with_profile, municipality_without_profile, uwv_with_profile,
// uwv_without_profile, total.
std::string Counts(int mw, int mo, int uw, int uo) {
  return "municipality_with_profile: " + std::to_string(mw) +
         " municipality_without_profile: " + std::to_string(mo) +
         " uwv_with_profile: " + std::to_string(uw) +
         " uwv_without_profile: " + std::to_string(uo) +
         " total: " + std::to_string(mw + mo + uw + uo);
}

std::string Publication(const std::string& name, int code, int year,
                        int quarter, const std::string& counts,
                        const std::string& rest = "") {
  const ResolvedRegion region = Catalog().Resolve(name);
  return "region { code: " + std::to_string(code) + " name: '" + name +
         "' key: '" + region.key + "' cbs_code: '" + region.cbs_code +
         "' } period { year: " + std::to_string(year) +
         " quarter: " + std::to_string(quarter) + " } totals { " + counts +
         " } " + rest;
}

class FigureQueriesTest : public ::testing::Test {
 protected:
  FigureQueriesTest() {
    Snapshot::Map map;
    for (const std::string& text : {
             // 100 of a register of 400: coverage 0.25.
             Publication("Groningen", 5, 2024, 2, Counts(10, 20, 30, 40),
                         "register_size: 400 coverage: 0.25"),
             // 200 of 400: 0.5.
             Publication("Groningen", 1, 2024, 3, Counts(20, 40, 60, 80),
                         "register_size: 400 coverage: 0.5"),
             // 150 of 200: 0.75.
             Publication("Twente", 5, 2024, 3, Counts(50, 25, 50, 25),
                         "register_size: 200 coverage: 0.75"),
             // No register size printed: no coverage.
             Publication("Drechtsteden", 10, 2024, 3, Counts(1, 2, 3, 4)),
         }) {
      auto figures = std::make_shared<v1::RegionFigures>(Parse(text));
      figures->set_profile_share(
          static_cast<double>(figures->totals().municipality_with_profile() +
                              figures->totals().uwv_with_profile()) /
          figures->totals().total());
      map.emplace(KeyOf(*figures), std::move(figures));
    }
    snapshot_ = Snapshot(std::move(map));
  }

  FigureQueries Queries() const { return FigureQueries(snapshot_, Catalog()); }

  Snapshot snapshot_;
};

TEST_F(FigureQueriesTest,
       ARegionIsMeantByAnySpellingItsCodeOrAnUnambiguousNumber) {
  const FigureQueries queries = Queries();
  const std::string twente = Catalog().Resolve("Twente").key;
  EXPECT_EQ(*queries.ResolveRegion("Regio Twente"), twente);
  EXPECT_EQ(*queries.ResolveRegion("  am05 "), twente);
  EXPECT_EQ(*queries.ResolveRegion("10"),
            Catalog().Resolve("Drechtsteden").key);
  // 5 is Groningen's number in one quarter and Twente's in another.
  const absl::StatusOr<std::string> five = queries.ResolveRegion("5");
  EXPECT_EQ(five.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(five.status().message(), HasSubstr("several regions"));
  EXPECT_EQ(queries.ResolveRegion("7").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(queries.ResolveRegion("AM77").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(queries.ResolveRegion(" ").status().code(),
            absl::StatusCode::kInvalidArgument);
  const absl::StatusOr<std::string> unknown = queries.ResolveRegion("Atlantis");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.status().message(),
              HasSubstr("not a known labour-market region name"));
}

TEST_F(FigureQueriesTest, TotalsAreTheLatestOrThePeriodAskedFor) {
  const FigureQueries queries = Queries();
  v1::GetRegionTotalsRequest request;
  request.set_region("Groningen");
  EXPECT_EQ((*queries.GetRegionTotals(request))->totals().total(), 200);
  request.mutable_period()->set_year(2024);
  request.mutable_period()->set_quarter(2);
  EXPECT_EQ((*queries.GetRegionTotals(request))->totals().total(), 100);
  request.mutable_period()->set_quarter(1);
  const auto missing = queries.GetRegionTotals(request);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(),
              HasSubstr("no publication for 2024Q1; loaded: 2024Q2, 2024Q3"));
  request.mutable_period()->set_quarter(5);
  EXPECT_EQ(queries.GetRegionTotals(request).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(FigureQueriesTest,
       CoverageSumsTheQuarterAndRanksRegionsWithoutTheMeasureLast) {
  v1::GetCoverageRequest request;
  request.set_sort(v1::GetCoverageRequest::SORT_ORDER_COVERAGE);
  const absl::StatusOr<v1::GetCoverageResponse> coverage =
      Queries().GetCoverage(request);
  ASSERT_TRUE(coverage.ok()) << coverage.status();
  // The latest quarter, 2024Q3: 200 + 150 + 10 counted.
  EXPECT_EQ(coverage->period().quarter(), 3);
  EXPECT_EQ(coverage->totals().total(), 360);
  EXPECT_EQ(coverage->totals().uwv_with_profile(), 60 + 50 + 3);
  // Coverage only over the regions that print a register: (200 + 150) of
  // (400 + 200).
  EXPECT_EQ(coverage->register_size(), 600);
  EXPECT_DOUBLE_EQ(coverage->coverage(), 350.0 / 600.0);
  // With a profile: (20 + 60) + (50 + 50) + (1 + 3) of 360.
  EXPECT_DOUBLE_EQ(coverage->profile_share(), 184.0 / 360.0);
  EXPECT_EQ(coverage->regions_covered(), 3);
  EXPECT_EQ(coverage->regions_known(), 3);
  ASSERT_EQ(coverage->regions_size(), 3);
  EXPECT_EQ(coverage->regions(0).region().name(), "Twente");  // 0.75
  EXPECT_EQ(coverage->regions(0).rank(), 1);
  EXPECT_EQ(coverage->regions(1).region().name(), "Groningen");  // 0.5
  EXPECT_EQ(coverage->regions(1).rank(), 2);
  EXPECT_EQ(coverage->regions(2).region().name(), "Drechtsteden");
  EXPECT_EQ(coverage->regions(2).rank(), 0);  // no register, no rank
}

TEST_F(FigureQueriesTest, EqualMeasuresShareARank) {
  v1::GetCoverageRequest request;
  request.set_sort(v1::GetCoverageRequest::SORT_ORDER_PROFILE_SHARE);
  const absl::StatusOr<v1::GetCoverageResponse> coverage =
      Queries().GetCoverage(request);
  ASSERT_TRUE(coverage.ok()) << coverage.status();
  // Profile shares: Twente 100/150, Groningen 80/200, Drechtsteden 4/10:
  // Groningen and Drechtsteden are equal at 0.4.
  ASSERT_EQ(coverage->regions_size(), 3);
  EXPECT_EQ(coverage->regions(0).region().name(), "Twente");
  EXPECT_EQ(coverage->regions(0).rank(), 1);
  EXPECT_EQ(coverage->regions(1).rank(), 2);
  EXPECT_EQ(coverage->regions(2).rank(), 2);
}

TEST_F(FigureQueriesTest, CoverageOfAQuarterNothingWasLoadedForIsNotFound) {
  v1::GetCoverageRequest request;
  request.mutable_period()->set_year(2023);
  request.mutable_period()->set_quarter(4);
  const auto coverage = Queries().GetCoverage(request);
  EXPECT_EQ(coverage.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(coverage.status().message(), HasSubstr("2023Q4"));
  const Snapshot empty;
  EXPECT_EQ(FigureQueries(empty, Catalog())
                .GetCoverage(v1::GetCoverageRequest())
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(FigureQueriesTest, ChangesNeedAnEarlierQuarter) {
  const FigureQueries queries = Queries();
  v1::GetRegionChangesRequest request;
  request.set_region("Groningen");
  const auto changes = queries.GetRegionChanges(request);
  ASSERT_TRUE(changes.ok()) << changes.status();
  EXPECT_EQ(changes->from_period().quarter(), 2);
  EXPECT_EQ(changes->to_period().quarter(), 3);
  request.set_region("Twente");
  EXPECT_EQ(queries.GetRegionChanges(request).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // The earlier period named after the later one.
  request.set_region("Groningen");
  request.mutable_from_period()->set_year(2024);
  request.mutable_from_period()->set_quarter(3);
  request.mutable_to_period()->set_year(2024);
  request.mutable_to_period()->set_quarter(2);
  const auto backwards = queries.GetRegionChanges(request);
  EXPECT_EQ(backwards.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(backwards.status().message(), HasSubstr("must come before"));
}

TEST_F(FigureQueriesTest, PublicationsAreListedPerRegionOldestFirst) {
  v1::ListPublicationsRequest request;
  request.set_region("AM01");
  const auto listed = Queries().ListPublications(request);
  ASSERT_TRUE(listed.ok()) << listed.status();
  ASSERT_EQ(listed->publications_size(), 2);
  EXPECT_EQ(listed->publications(0).period().quarter(), 2);
  EXPECT_EQ(listed->publications(1).totals().total(), 200);
  EXPECT_EQ(Queries()
                .ListPublications(v1::ListPublicationsRequest())
                ->publications_size(),
            4);
}

}  // namespace
}  // namespace tkp
