// Both services in-process over a real gRPC channel on loopback, with the
// real plugins.

#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <regex>

#include "proto/period_conversion.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using testing::ReadFileOrDie;
using testing::SamplePath;

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(
        server_
            .Import(ReadFileOrDie(SamplePath(testing::kSampleAmsterdamA)),
                    testing::kSampleAmsterdamA)
            .ok());
    ASSERT_TRUE(
        server_
            .Import(ReadFileOrDie(SamplePath(testing::kSampleAmsterdamB)),
                    testing::kSampleAmsterdamB, "2023Q4")
            .ok());
    ASSERT_TRUE(
        server_
            .Import(ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA)),
                    testing::kSampleFoodValleyA)
            .ok());
  }

  grpc::Status Totals(const std::string& region, int year, int quarter,
                      v1::RegionFigures* out) {
    v1::GetRegionTotalsRequest request;
    request.set_region(region);
    if (year != 0) {
      request.mutable_period()->set_year(year);
      request.mutable_period()->set_quarter(quarter);
    }
    grpc::ClientContext context;
    return server_.transparency().GetRegionTotals(&context, request, out);
  }

  testing::TempDir dir_;
  testing::TestServer server_{dir_.path()};
};

TEST_F(ServiceTest, TotalsByAnySpellingOrPrintedNumber) {
  v1::RegionFigures f;
  ASSERT_TRUE(Totals("Groot Amsterdam", 2023, 3, &f).ok());
  EXPECT_EQ(f.totals().total(), 20486);
  EXPECT_EQ(f.register_size(), 28853);
  EXPECT_EQ(f.source().importer(), "layout-a");
  EXPECT_EQ(f.source().sha256().size(), 64u);
  EXPECT_GT(f.source().imported_at().seconds(), 0);

  // No period: the latest loaded, which is the layout-B sample.
  ASSERT_TRUE(Totals("groot-amsterdam", 0, 0, &f).ok());
  EXPECT_EQ(f.totals().total(), 28788);
  EXPECT_EQ(f.region().name(), "Groot-Amsterdam");

  ASSERT_TRUE(Totals("Food Valley", 0, 0, &f).ok());
  EXPECT_EQ(f.region().name(), "FoodValley");
  EXPECT_EQ(f.totals().total(), 5406);

  ASSERT_TRUE(Totals("15", 2023, 3, &f).ok());
  EXPECT_EQ(f.region().key(), "grootamsterdam");
}

TEST_F(ServiceTest, UnknownRegionOrPeriodIsNotFound) {
  v1::RegionFigures f;
  grpc::Status s = Totals("Twente", 0, 0, &f);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("Twente"));
  s = Totals("Groot Amsterdam", 2019, 1, &f);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(s.error_message(), HasSubstr("loaded: 2023Q3, 2023Q4"));
  s = Totals("77", 0, 0, &f);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  s = Totals("", 0, 0, &f);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, NumberPrintedForTwoRegionsIsAmbiguous) {
  // The FoodValley sample prints 9, as the Twente seed does in another
  // numbering; make a second region print 9 too.
  std::string twente = ReadFileOrDie(SamplePath(testing::kSampleAmsterdamA));
  twente = std::regex_replace(twente, std::regex("Groot Amsterdam"), "Twente");
  twente = std::regex_replace(twente, std::regex(" 15 Twente"), " 9 Twente");
  ASSERT_TRUE(server_.Import(twente, "twente.txt").ok());
  v1::RegionFigures f;
  const grpc::Status s = Totals("9", 0, 0, &f);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("use the name"));
}

TEST_F(ServiceTest, MunicipalitiesCoverageHistoryAndPublications) {
  grpc::ClientContext c1;
  v1::ListMunicipalitiesRequest mreq;
  mreq.set_region("Groot Amsterdam");
  mreq.mutable_period()->set_year(2023);
  mreq.mutable_period()->set_quarter(3);
  v1::ListMunicipalitiesResponse municipalities;
  ASSERT_TRUE(server_.transparency()
                  .ListMunicipalities(&c1, mreq, &municipalities)
                  .ok());
  ASSERT_EQ(municipalities.municipalities_size(), 8);
  EXPECT_EQ(municipalities.municipalities(0).name(), "Aalsmeer");
  EXPECT_EQ(municipalities.municipalities(0).counts().total(), 2533);

  grpc::ClientContext c2;
  v1::GetCoverageRequest creq;
  creq.mutable_period()->set_year(2023);
  creq.mutable_period()->set_quarter(4);
  v1::GetCoverageResponse coverage;
  ASSERT_TRUE(server_.transparency().GetCoverage(&c2, creq, &coverage).ok());
  ASSERT_EQ(coverage.regions_size(), 2);
  EXPECT_EQ(coverage.regions_covered(), 2);
  EXPECT_EQ(coverage.regions_known(), 35);
  EXPECT_EQ(coverage.totals().total(), 28788 + 5406);
  EXPECT_EQ(coverage.register_size(), 39435 + 7834);
  EXPECT_NEAR(coverage.coverage(), (28788.0 + 5406.0) / (39435.0 + 7834.0),
              1e-12);

  grpc::ClientContext c3;
  v1::GetRegionHistoryRequest hreq;
  hreq.set_region("GROOT AMSTERDAM");
  v1::GetRegionHistoryResponse history;
  ASSERT_TRUE(
      server_.transparency().GetRegionHistory(&c3, hreq, &history).ok());
  EXPECT_EQ(history.region().name(), "Groot Amsterdam");
  ASSERT_EQ(history.entries_size(), 2);
  EXPECT_EQ(history.entries(0).period().quarter(), 3);
  EXPECT_EQ(history.entries(1).period().quarter(), 4);
  EXPECT_EQ(history.entries(1).totals().total(), 28788);

  grpc::ClientContext c4;
  v1::ListPublicationsResponse publications;
  ASSERT_TRUE(
      server_.transparency()
          .ListPublications(&c4, v1::ListPublicationsRequest(), &publications)
          .ok());
  ASSERT_EQ(publications.publications_size(), 3);
  EXPECT_EQ(publications.publications(0).region().key(), "foodvalley");
  EXPECT_EQ(publications.publications(1).municipality_count(), 8);

  grpc::ClientContext c5;
  v1::ListImportersResponse importers;
  ASSERT_TRUE(server_.imports()
                  .ListImporters(&c5, v1::ListImportersRequest(), &importers)
                  .ok());
  const int xls = TKP_XLS_IMPORTER ? 1 : 0;
  ASSERT_EQ(importers.importers_size(), 7 + xls);
  EXPECT_EQ(importers.importers(0).name(), "csv");
  EXPECT_EQ(importers.importers(1).name(), "layout-a");
  EXPECT_THAT(importers.importers(2).file(), HasSubstr("tkp_layout_b.so"));
  EXPECT_EQ(importers.importers(3).name(), "long-format");
  EXPECT_EQ(importers.importers(5).name(), "pdf");
  if (xls) {
    EXPECT_EQ(importers.importers(6).name(), "xls");
  }
  EXPECT_EQ(importers.importers(6 + xls).name(), "xlsx");
  EXPECT_EQ(importers.importers(6 + xls).sha256().size(), 64u);
}

TEST_F(ServiceTest, IdenticalReimportIsUnchangedAndDryRunStoresNothing) {
  v1::ImportDocumentResponse response;
  ASSERT_TRUE(server_
                  .Import(ReadFileOrDie(SamplePath(testing::kSampleAmsterdamA)),
                          "again.txt", "", &response)
                  .ok());
  EXPECT_EQ(response.outcome(), v1::ImportDocumentResponse::OUTCOME_UNCHANGED);
  EXPECT_EQ(response.figures().source().file_name(),
            testing::kSampleAmsterdamA);

  v1::ImportDocumentRequest request;
  request.set_content(ReadFileOrDie(SamplePath(testing::kSampleAmsterdamB)));
  request.set_file_name("b.tsv");
  request.mutable_period()->set_year(2024);
  request.mutable_period()->set_quarter(1);
  request.set_dry_run(true);
  grpc::ClientContext context;
  ASSERT_TRUE(
      server_.imports().ImportDocument(&context, request, &response).ok());
  EXPECT_EQ(response.outcome(), v1::ImportDocumentResponse::OUTCOME_VALIDATED);
  EXPECT_EQ(response.figures().totals().total(), 28788);
  EXPECT_EQ(server_.server().store().snapshot()->size(), 3u);

  // A dry run over a loaded, different document says replace is needed.
  grpc::ClientContext context2;
  request.mutable_period()->set_year(2023);
  request.mutable_period()->set_quarter(4);
  request.set_content(request.content() + "\n");
  ASSERT_TRUE(
      server_.imports().ImportDocument(&context2, request, &response).ok());
  EXPECT_THAT(response.figures().notes(),
              ::testing::Contains(HasSubstr("needs replace")));

  // A half-given period is a bad request, not a missing publication.
  v1::RegionFigures f;
  EXPECT_EQ(Totals("Groot Amsterdam", 2023, 0, &f).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServiceTest, ReplaceSwapsTheDocument) {
  std::string changed = ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA));
  changed += "\nEen extra regel maakt het een ander document.\n";
  v1::ImportDocumentResponse response;
  grpc::Status s = server_.Import(changed, "fv2.txt", "", &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  s = server_.Import(changed, "fv2.txt", "", &response, /*replace=*/true);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.outcome(), v1::ImportDocumentResponse::OUTCOME_REPLACED);
  v1::RegionFigures f;
  ASSERT_TRUE(Totals("Food Valley", 2023, 4, &f).ok());
  EXPECT_EQ(f.source().file_name(), "fv2.txt");
}

// Answers are kept per snapshot: a read after an import must see it.
TEST_F(ServiceTest, KeptAnswersAreNeverStaleAfterAnImportOrRemoval) {
  v1::RegionFigures before;
  for (int i = 0; i < 3; ++i) {  // the later calls are answered from the cache
    ASSERT_TRUE(Totals("Food Valley", 0, 0, &before).ok());
  }
  std::string changed = ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA));
  changed += "\nEen extra regel maakt het een ander document.\n";
  ASSERT_TRUE(server_.Import(changed, "fv2.txt", "", nullptr, true).ok());
  v1::RegionFigures after;
  ASSERT_TRUE(Totals("Food Valley", 0, 0, &after).ok());
  EXPECT_EQ(before.source().file_name(), testing::kSampleFoodValleyA);
  EXPECT_EQ(after.source().file_name(), "fv2.txt");

  v1::RemovePublicationRequest remove;
  remove.set_region("Food Valley");
  remove.mutable_period()->set_year(2023);
  remove.mutable_period()->set_quarter(4);
  v1::RemovePublicationResponse removed;
  grpc::ClientContext context;
  ASSERT_TRUE(
      server_.imports().RemovePublication(&context, remove, &removed).ok());
  EXPECT_EQ(Totals("Food Valley", 0, 0, &after).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// The reads take raw bytes; bytes that are no request get a clear error.
TEST_F(ServiceTest, RequestThatIsNotAMessageIsInvalid) {
  grpc::GenericStub stub(grpc::CreateChannel(
      server_.address(), grpc::InsecureChannelCredentials()));
  const std::string garbage = "\xff\xff\xff\xff";
  grpc::Slice slice(garbage);
  const grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, "/tkp.v1.TransparencyService/GetRegionTotals",
                 grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
                   const std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   done_cv.notify_all();
                 });
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done; });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              HasSubstr("not a valid GetRegionTotalsRequest"));
}

TEST_F(ServiceTest, UnknownRegionIsAcceptedWithANote) {
  std::string doc = ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA));
  doc = std::regex_replace(doc, std::regex("FoodValley"), "Waddeneilanden");
  v1::ImportDocumentResponse response;
  const grpc::Status s = server_.Import(doc, "wadden.txt", "", &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(response.figures().region().key(), "waddeneilanden");
  EXPECT_THAT(response.figures().notes(),
              ::testing::Contains(HasSubstr("not one of the 35 known")));
  v1::RegionFigures f;
  ASSERT_TRUE(Totals("Waddeneilanden", 0, 0, &f).ok());
  EXPECT_EQ(f.totals().total(), 5406);
}

TEST_F(ServiceTest, CoverageRanksByTheChosenMeasure) {
  auto coverage = [&](v1::GetCoverageRequest::SortOrder sort) {
    v1::GetCoverageRequest request;
    request.mutable_period()->set_year(2023);
    request.mutable_period()->set_quarter(4);
    request.set_sort(sort);
    grpc::ClientContext context;
    v1::GetCoverageResponse response;
    EXPECT_TRUE(
        server_.transparency().GetCoverage(&context, request, &response).ok());
    return response;
  };
  // Groot-Amsterdam: 28.788 of 39.435 (73.0%), profile share 56.7%;
  // FoodValley: 5.406 of 7.834 (69.0%), profile share 58.4%.
  v1::GetCoverageResponse r =
      coverage(v1::GetCoverageRequest::SORT_ORDER_COVERAGE);
  ASSERT_EQ(r.regions_size(), 2);
  EXPECT_EQ(r.regions(0).region().key(), "grootamsterdam");
  EXPECT_EQ(r.regions(0).rank(), 1);
  EXPECT_EQ(r.regions(1).rank(), 2);
  r = coverage(v1::GetCoverageRequest::SORT_ORDER_PROFILE_SHARE);
  EXPECT_EQ(r.regions(0).region().key(), "foodvalley");
  EXPECT_EQ(r.regions(0).rank(), 1);
  r = coverage(v1::GetCoverageRequest::SORT_ORDER_UNSPECIFIED);
  EXPECT_EQ(r.regions(0).region().key(), "foodvalley");  // by key
  EXPECT_EQ(r.regions(0).rank(), 0);
  EXPECT_NEAR(r.profile_share(),
              (821.0 + 15498.0 + 150.0 + 3007.0) / (28788.0 + 5406.0), 1e-12);
}

TEST_F(ServiceTest, ChangesBetweenQuartersPerMunicipalityAndForTheRegion) {
  grpc::ClientContext context;
  v1::GetRegionChangesRequest request;
  request.set_region("Groot Amsterdam");  // 2023Q3 -> 2023Q4 by default
  v1::GetRegionChangesResponse r;
  ASSERT_TRUE(
      server_.transparency().GetRegionChanges(&context, request, &r).ok());
  EXPECT_EQ(FormatPeriod(FromProto(r.from_period())), "2023Q3");
  EXPECT_EQ(FormatPeriod(FromProto(r.to_period())), "2023Q4");
  EXPECT_EQ(r.totals().before().total(), 20486);
  EXPECT_EQ(r.totals().after().total(), 28788);
  EXPECT_EQ(r.totals().change().total(), 28788 - 20486);
  EXPECT_NEAR(r.coverage_change_points(),
              (28788.0 / 39435.0 - 20486.0 / 28853.0) * 100, 1e-9);
  ASSERT_EQ(r.municipalities_size(), 8);
  EXPECT_EQ(r.municipalities(0).name(), "Aalsmeer");
  EXPECT_EQ(r.municipalities(0).counts().change().total(), 2046 - 2533);
  EXPECT_EQ(r.notes_size(), 0);
}

TEST_F(ServiceTest, ChangesSayWhichMunicipalitiesAppearedOrDisappeared) {
  // The 2023Q3 sample again as 2024Q1, with De Ronde Venen under a name
  // tkp does not know (so no code matches it to the earlier row).
  std::string doc = ReadFileOrDie(SamplePath(testing::kSampleAmsterdamA));
  doc = std::regex_replace(doc, std::regex("Derde kwartaal 2023"),
                           "Eerste kwartaal 2024");
  doc = std::regex_replace(doc, std::regex("\nDe Ronde Venen "),
                           "\nRonde Venen ");
  ASSERT_TRUE(server_.Import(doc, "2024q1.txt").ok());
  grpc::ClientContext context;
  v1::GetRegionChangesRequest request;
  request.set_region("Groot Amsterdam");
  request.mutable_from_period()->set_year(2023);
  request.mutable_from_period()->set_quarter(3);
  v1::GetRegionChangesResponse r;
  ASSERT_TRUE(
      server_.transparency().GetRegionChanges(&context, request, &r).ok());
  ASSERT_EQ(r.municipalities_size(), 9);
  const v1::MunicipalityChange& appeared = r.municipalities(3);
  EXPECT_EQ(appeared.name(), "Ronde Venen");
  EXPECT_EQ(appeared.code(), "");
  EXPECT_EQ(appeared.presence(), v1::MunicipalityChange::PRESENCE_APPEARED);
  EXPECT_FALSE(appeared.counts().has_before());
  EXPECT_FALSE(appeared.counts().has_change());
  const v1::MunicipalityChange& gone = r.municipalities(8);
  EXPECT_EQ(gone.name(), "De Ronde Venen");
  EXPECT_EQ(gone.code(), "GM0736");
  EXPECT_EQ(gone.presence(), v1::MunicipalityChange::PRESENCE_DISAPPEARED);
  EXPECT_EQ(gone.counts().before().total(), 4836);
  EXPECT_THAT(r.notes(), ::testing::Contains(HasSubstr("merged")));
  EXPECT_EQ(r.totals().change().total(), 0);  // same figures otherwise

  grpc::ClientContext c2;
  request.mutable_from_period()->set_year(2024);
  request.mutable_from_period()->set_quarter(1);
  request.mutable_to_period()->set_year(2023);
  request.mutable_to_period()->set_quarter(3);
  EXPECT_EQ(
      server_.transparency().GetRegionChanges(&c2, request, &r).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext c3;
  v1::GetRegionChangesRequest only_one;
  only_one.set_region("Food Valley");
  EXPECT_EQ(
      server_.transparency().GetRegionChanges(&c3, only_one, &r).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

TEST(ServiceSeedTest, SeedsGiveTheFiguresOfTheIssue) {
  if (!testing::SeedsAvailable()) GTEST_SKIP() << "no ../shared/seeds here";
  testing::TempDir dir;
  testing::TestServer server(dir.path());
  ASSERT_TRUE(
      server
          .Import(ReadFileOrDie(testing::SeedPath(testing::kSeedLayoutA)),
                  testing::kSeedLayoutA)
          .ok());
  ASSERT_TRUE(
      server
          .Import(ReadFileOrDie(testing::SeedPath(testing::kSeedLayoutB)),
                  testing::kSeedLayoutB, "2021Q1")
          .ok());
  grpc::ClientContext context;
  v1::GetRegionHistoryRequest request;
  request.set_region("Twente");
  v1::GetRegionHistoryResponse history;
  ASSERT_TRUE(
      server.transparency().GetRegionHistory(&context, request, &history).ok());
  ASSERT_EQ(history.entries_size(), 2);
  EXPECT_EQ(history.entries(0).region().code(), 9);
  EXPECT_EQ(history.entries(0).totals().total(), 8169);
  EXPECT_EQ(history.entries(1).region().code(), 28);
  EXPECT_EQ(history.entries(1).totals().total(), 7898);
}

}  // namespace
}  // namespace tkp
