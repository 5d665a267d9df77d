// Municipalities as identities over time, through a real server: a
// municipality's history across quarters, regions and region numbers; a
// region's changes across the 2022 mergers in Noordoost-Brabant and Weesp's
// move into Amsterdam; and the export, streamed, with the figures the other
// RPCs serve. Expected figures are the samples' own (deploy/samples),
// added up by hand where a merger sums them.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "plugins/sdk/text.h"
#include "proto/period_conversion.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::ReadFileOrDie;
using testing::SamplePath;

struct Row {
  std::string name;
  std::array<int, 4> counts;
};

// A layout-A document of one region and quarter; the TOTAAL AMR row and the
// stated percentage are computed, so the document is consistent.
std::string LayoutA(const std::string& region, int number, int year,
                    int quarter, const std::vector<Row>& rows,
                    int register_size) {
  std::string text =
      absl::StrCat("Transparantie van klantprofielen\n\n",
                   sdk::PeriodPhrase(year, quarter), " ", region, "\n\n");
  std::array<int, 5> sum = {};
  for (const Row& row : rows) {
    const int total =
        row.counts[0] + row.counts[1] + row.counts[2] + row.counts[3];
    absl::StrAppend(&text, row.name, " ", absl::StrJoin(row.counts, " "), " ",
                    total, "\n\n");
    for (int c = 0; c < 4; ++c) sum[c] += row.counts[c];
    sum[4] += total;
  }
  absl::StrAppend(&text, " TOTAAL AMR ", absl::StrJoin(sum, " "), "\n ", number,
                  " ", region, "\n\n", "In de arbeidsmarktregio ", region,
                  " bevat het doelgroepregister\nin totaal ", register_size,
                  " personen. Daarvan is ",
                  std::lround(sum[4] * 100.0 / register_size),
                  "% bekend in Sonar.\n");
  return text;
}

const v1::MunicipalityChange* Find(const v1::GetRegionChangesResponse& r,
                                   const std::string& name) {
  for (const v1::MunicipalityChange& m : r.municipalities()) {
    if (m.name() == name) return &m;
  }
  return nullptr;
}

class IdentitiesTest : public ::testing::Test {
 protected:
  void ImportOrDie(const std::string& content, const std::string& file_name) {
    v1::ImportDocumentResponse response;
    const grpc::Status status =
        server_.Import(content, file_name, "", &response);
    ASSERT_TRUE(status.ok()) << file_name << ": " << status.error_message();
  }
  // Groot Amsterdam in 2022Q2, after Weesp became part of Amsterdam.
  void ImportAmsterdamAfterWeesp() {
    ImportOrDie(
        LayoutA("Groot Amsterdam", 15, 2022, 2,
                {{"Amsterdam", {110, 205, 320, 55}}, {"Diemen", {4, 9, 12, 2}}},
                1000),
        "ga-2022q2.txt");
  }
  void ImportSamples(const std::vector<std::string>& names) {
    for (const std::string& name : names) {
      ImportOrDie(ReadFileOrDie(SamplePath(name)), name);
    }
  }

  grpc::Status Changes(const std::string& region, const std::string& from,
                       const std::string& to, v1::GetRegionChangesResponse* r) {
    v1::GetRegionChangesRequest request;
    request.set_region(region);
    *request.mutable_from_period() = ToProto(*ParsePeriod(from));
    *request.mutable_to_period() = ToProto(*ParsePeriod(to));
    grpc::ClientContext context;
    return server_.transparency().GetRegionChanges(&context, request, r);
  }

  grpc::Status History(const std::string& municipality,
                       v1::GetMunicipalityHistoryResponse* r) {
    v1::GetMunicipalityHistoryRequest request;
    request.set_municipality(municipality);
    grpc::ClientContext context;
    return server_.transparency().GetMunicipalityHistory(&context, request, r);
  }

  grpc::Status Export(const v1::ExportFiguresRequest& request,
                      std::vector<v1::ExportRow>* rows) {
    grpc::ClientContext context;
    auto reader = server_.transparency().ExportFigures(&context, request);
    v1::ExportFiguresResponse response;
    while (reader->Read(&response)) {
      rows->insert(rows->end(), response.rows().begin(), response.rows().end());
    }
    return reader->Finish();
  }

  testing::TempDir dir_;
  testing::TestServer server_{dir_.path()};
};

// The samples print 2021Q4 before and 2022Q1 after the mergers of
// 1 January 2022.
TEST_F(IdentitiesTest, AMunicipalityFormedByAMergerIsComparedWithItsSources) {
  ImportSamples(
      {"noordoost-brabant-2021Q4.txt", "noordoost-brabant-2022Q1.txt"});
  v1::GetRegionChangesResponse r;
  ASSERT_TRUE(Changes("Noordoost-Brabant", "2021Q4", "2022Q1", &r).ok());

  const v1::MunicipalityChange* cuijk = Find(r, "Land van Cuijk");
  ASSERT_NE(cuijk, nullptr);
  EXPECT_EQ(cuijk->code(), "GM1982");
  EXPECT_EQ(cuijk->presence(), v1::MunicipalityChange::PRESENCE_MERGED);
  EXPECT_THAT(cuijk->predecessors(),
              ElementsAre("Boxmeer", "Cuijk", "Grave", "Mill en Sint Hubert",
                          "Sint Anthonis"));
  // 2021Q4: Boxmeer 8 98 204 48, Cuijk 5 94 225 36, Grave 1 40 92 21,
  // Mill en Sint Hubert 2 32 80 23, Sint Anthonis 2 37 82 17.
  const v1::ClientCounts& before = cuijk->counts().before();
  EXPECT_EQ(before.municipality_with_profile(), 18);
  EXPECT_EQ(before.municipality_without_profile(), 301);
  EXPECT_EQ(before.uwv_with_profile(), 683);
  EXPECT_EQ(before.uwv_without_profile(), 145);
  EXPECT_EQ(before.total(), 1147);
  EXPECT_EQ(cuijk->counts().after().total(), 1177);
  EXPECT_EQ(cuijk->counts().change().total(), 30);
  EXPECT_EQ(cuijk->counts().change().municipality_without_profile(), 14);

  // Landerd 180 + Uden 828.
  const v1::MunicipalityChange* maashorst = Find(r, "Maashorst");
  ASSERT_NE(maashorst, nullptr);
  EXPECT_EQ(maashorst->presence(), v1::MunicipalityChange::PRESENCE_MERGED);
  EXPECT_EQ(maashorst->counts().before().total(), 1008);
  EXPECT_EQ(maashorst->counts().change().total(), 2);

  const v1::MunicipalityChange* boxmeer = Find(r, "Boxmeer");
  ASSERT_NE(boxmeer, nullptr);
  EXPECT_EQ(boxmeer->presence(), v1::MunicipalityChange::PRESENCE_MERGED_INTO);
  EXPECT_EQ(boxmeer->merged_into(), "Land van Cuijk");
  EXPECT_EQ(boxmeer->code(), "GM0756");
  EXPECT_FALSE(boxmeer->counts().has_change());
  EXPECT_EQ(Find(r, "Uden")->merged_into(), "Maashorst");

  // Ten municipalities after, seven merged away; nothing left unexplained.
  EXPECT_EQ(r.municipalities_size(), 17);
  for (const v1::MunicipalityChange& m : r.municipalities()) {
    EXPECT_NE(m.presence(), v1::MunicipalityChange::PRESENCE_APPEARED)
        << m.name();
    EXPECT_NE(m.presence(), v1::MunicipalityChange::PRESENCE_DISAPPEARED)
        << m.name();
  }
  EXPECT_EQ(Find(r, "Oss")->presence(), v1::MunicipalityChange::PRESENCE_BOTH);
  EXPECT_THAT(r.notes(),
              ElementsAre(HasSubstr("Land van Cuijk (GM1982) was formed on "
                                    "2022-01-01 from Boxmeer, Cuijk, Grave, "
                                    "Mill en Sint Hubert and Sint Anthonis"),
                          HasSubstr("Maashorst (GM1991) was formed on "
                                    "2022-01-01 from Landerd and Uden")));
  EXPECT_EQ(r.totals().before().total(), 7300);
  EXPECT_EQ(r.totals().after().total(), 7457);

  // Across a span with the merger inside it, too.
  ImportSamples({"noordoost-brabant-2022Q2.txt"});
  ASSERT_TRUE(Changes("AM27", "2021Q4", "2022Q2", &r).ok());
  EXPECT_EQ(Find(r, "Land van Cuijk")->counts().before().total(), 1147);
  EXPECT_EQ(Find(r, "Land van Cuijk")->counts().after().total(), 1197);
  // After the merger, a plain comparison.
  ASSERT_TRUE(Changes("AM27", "2022Q1", "2022Q2", &r).ok());
  EXPECT_EQ(Find(r, "Land van Cuijk")->presence(),
            v1::MunicipalityChange::PRESENCE_BOTH);
  EXPECT_THAT(r.notes(), IsEmpty());
}

// Weesp became part of Amsterdam on 24 March 2022.
TEST_F(IdentitiesTest, AnAbsorbedMunicipalityCountsInTheOneThatTookItIn) {
  ImportOrDie(LayoutA("Groot Amsterdam", 15, 2021, 4,
                      {{"Amsterdam", {100, 200, 300, 50}},
                       {"Diemen", {4, 8, 12, 2}},
                       {"Weesp", {5, 10, 20, 3}}},
                      1000),
              "ga-2021q4.txt");
  ImportAmsterdamAfterWeesp();
  v1::GetRegionChangesResponse r;
  ASSERT_TRUE(Changes("Groot Amsterdam", "2021Q4", "2022Q2", &r).ok());
  const v1::MunicipalityChange* amsterdam = Find(r, "Amsterdam");
  ASSERT_NE(amsterdam, nullptr);
  EXPECT_EQ(amsterdam->presence(), v1::MunicipalityChange::PRESENCE_MERGED);
  EXPECT_THAT(amsterdam->predecessors(), ElementsAre("Weesp"));
  EXPECT_EQ(amsterdam->counts().before().total(), 650 + 38);
  EXPECT_EQ(amsterdam->counts().change().total(), 690 - 688);
  EXPECT_EQ(Find(r, "Weesp")->merged_into(), "Amsterdam");
  EXPECT_THAT(r.notes(),
              ElementsAre(HasSubstr("Amsterdam absorbed Weesp on 2022-03-24")));
}

// Where the earlier publication does not list a municipality that merged in
// (it was counted in another region), no sum can be right: the plain change
// stands, with a note saying why.
TEST_F(IdentitiesTest, AMergerWithAPredecessorNotListedIsNotSummed) {
  ImportOrDie(
      LayoutA("Groot Amsterdam", 15, 2021, 3,
              {{"Amsterdam", {100, 200, 300, 40}}, {"Diemen", {4, 8, 12, 2}}},
              1000),
      "ga-2021q3.txt");
  ImportAmsterdamAfterWeesp();
  v1::GetRegionChangesResponse r;
  ASSERT_TRUE(Changes("Groot Amsterdam", "2021Q3", "2022Q2", &r).ok());
  const v1::MunicipalityChange* amsterdam = Find(r, "Amsterdam");
  ASSERT_NE(amsterdam, nullptr);
  EXPECT_EQ(amsterdam->presence(), v1::MunicipalityChange::PRESENCE_BOTH);
  EXPECT_EQ(amsterdam->counts().before().total(), 640);
  EXPECT_EQ(amsterdam->counts().change().total(), 50);
  EXPECT_THAT(r.notes(),
              ElementsAre(AllOf(HasSubstr("Weesp (GM0457)"),
                                HasSubstr("is not listed in 2021Q3"),
                                HasSubstr("counted elsewhere before"))));
}

TEST_F(IdentitiesTest, HistoryFollowsAMunicipalityAcrossRegionsAndNumbers) {
  // Weesp: Gooi en Vechtstreek in 2019, Groot Amsterdam (printed as 18
  // this time) in 2021, then part of Amsterdam.
  ImportOrDie(
      LayoutA("Gooi en Vechtstreek", 12, 2019, 4,
              {{"Hilversum", {30, 60, 90, 10}}, {"Weesp", {3, 6, 9, 1}}}, 500),
      "gv-2019q4.txt");
  ImportOrDie(
      LayoutA("Groot Amsterdam", 18, 2021, 4,
              {{"Amsterdam", {100, 200, 300, 50}}, {"Weesp", {5, 10, 20, 3}}},
              1000),
      "ga-2021q4.txt");
  ImportOrDie(LayoutA("Groot Amsterdam", 15, 2022, 2,
                      {{"Amsterdam", {110, 205, 320, 55}}}, 1000),
              "ga-2022q2.txt");
  v1::GetMunicipalityHistoryResponse weesp;
  ASSERT_TRUE(History("Weesp", &weesp).ok());
  EXPECT_EQ(weesp.code(), "GM0457");
  EXPECT_EQ(weesp.name(), "Weesp");
  ASSERT_EQ(weesp.entries_size(), 2);
  EXPECT_EQ(FormatPeriod(FromProto(weesp.entries(0).period())), "2019Q4");
  EXPECT_EQ(weesp.entries(0).region().name(), "Gooi en Vechtstreek");
  EXPECT_EQ(weesp.entries(0).region().cbs_code(), "AM12");
  EXPECT_EQ(weesp.entries(0).counts().total(), 19);
  EXPECT_EQ(FormatPeriod(FromProto(weesp.entries(1).period())), "2021Q4");
  EXPECT_EQ(weesp.entries(1).region().name(), "Groot Amsterdam");
  EXPECT_EQ(weesp.entries(1).region().code(), 18);
  EXPECT_EQ(weesp.entries(1).counts().total(), 38);
  EXPECT_EQ(weesp.entries(1).source().file_name(), "ga-2021q4.txt");
  EXPECT_THAT(weesp.notes(),
              ElementsAre("counted in Gooi en Vechtstreek up to 2019Q4 and in "
                          "Groot Amsterdam from 2021Q4",
                          HasSubstr("became part of Amsterdam (GM0363) on "
                                    "2022-03-24")));

  // Amsterdam by its code: two region numbers, one region.
  v1::GetMunicipalityHistoryResponse amsterdam;
  ASSERT_TRUE(History("gm0363", &amsterdam).ok());
  ASSERT_EQ(amsterdam.entries_size(), 2);
  EXPECT_EQ(amsterdam.entries(0).region().code(), 18);
  EXPECT_EQ(amsterdam.entries(1).region().code(), 15);
  EXPECT_EQ(amsterdam.entries(1).counts().total(), 690);
  EXPECT_THAT(amsterdam.notes(),
              Contains(HasSubstr("took in Weesp (GM0457) on 2022-03-24")));
}

TEST_F(IdentitiesTest, HistoryBySpellingFormerNameOrCode) {
  ImportSamples({"noordoost-brabant-2021Q4.txt", "noordoost-brabant-2022Q1.txt",
                 "noordoost-brabant-2022Q2.txt"});
  v1::GetMunicipalityHistoryResponse r;
  // A spelling publications use, with a typographic apostrophe elsewhere.
  ASSERT_TRUE(History("Den Bosch", &r).ok());
  EXPECT_EQ(r.code(), "GM0796");
  ASSERT_EQ(r.entries_size(), 3);
  EXPECT_EQ(r.entries(0).name(), "'s-Hertogenbosch");
  EXPECT_EQ(r.entries(0).counts().total(), 1309);
  EXPECT_EQ(r.entries(2).counts().total(), 1333);
  ASSERT_TRUE(History("\xE2\x80\x99s-Hertogenbosch", &r).ok());
  EXPECT_EQ(r.entries_size(), 3);

  ASSERT_TRUE(History("Land van Cuijk", &r).ok());
  EXPECT_EQ(r.entries_size(), 2);
  EXPECT_THAT(
      r.notes(),
      ElementsAre(HasSubstr("was formed on 2022-01-01 from Boxmeer (GM0756)")));
  ASSERT_TRUE(History("Boxmeer", &r).ok());
  ASSERT_EQ(r.entries_size(), 1);
  EXPECT_EQ(r.entries(0).counts().total(), 358);

  // Bergen (NH.) and Bergen (L.): the code decides.
  grpc::Status status = History("Bergen", &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(),
              AllOf(HasSubstr("GM0373"), HasSubstr("GM0893")));
  status = History("Almelo", &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("Almelo (GM0141)"));
  status = History("Nergenshuizen", &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("check the spelling"));
  EXPECT_EQ(History(" ", &r).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// The seeds print Twente as region 9 (2020Q2) and as 28 (the layout-B
// seed, imported as 2021Q1).
TEST_F(IdentitiesTest, AlmeloInBothSeeds) {
  if (!testing::SeedsAvailable()) GTEST_SKIP() << "no ../shared/seeds here";
  ImportOrDie(ReadFileOrDie(testing::SeedPath(testing::kSeedLayoutA)),
              testing::kSeedLayoutA);
  ASSERT_TRUE(
      server_
          .Import(ReadFileOrDie(testing::SeedPath(testing::kSeedLayoutB)),
                  testing::kSeedLayoutB, "2021Q1")
          .ok());
  v1::GetMunicipalityHistoryResponse r;
  ASSERT_TRUE(History("Almelo", &r).ok());
  EXPECT_EQ(r.code(), "GM0141");
  ASSERT_EQ(r.entries_size(), 2);
  EXPECT_EQ(r.entries(0).region().code(), 9);
  EXPECT_EQ(r.entries(0).counts().total(), 1209);
  EXPECT_EQ(r.entries(1).region().code(), 28);
  EXPECT_EQ(r.entries(1).counts().total(), 1218);
  EXPECT_EQ(r.entries(1).region().cbs_code(), "AM05");
  EXPECT_THAT(r.notes(), IsEmpty());  // one region, whatever its number
}

TEST_F(IdentitiesTest, ExportStreamsEveryFigureOnce) {
  ImportSamples({"noordoost-brabant-2021Q4.txt", "noordoost-brabant-2022Q1.txt",
                 "noordoost-brabant-2022Q2.txt", "food-valley-2023Q4.txt"});
  std::vector<v1::ExportRow> rows;
  ASSERT_TRUE(Export(v1::ExportFiguresRequest(), &rows).ok());
  ASSERT_EQ(rows.size(), 15u + 10u + 10u + 8u);
  // Every row equals what ListMunicipalities serves for its publication.
  for (const v1::ExportRow& row : rows) {
    v1::ListMunicipalitiesRequest request;
    request.set_region(row.region_cbs_code());
    *request.mutable_period() = row.period();
    v1::ListMunicipalitiesResponse served;
    grpc::ClientContext context;
    ASSERT_TRUE(server_.transparency()
                    .ListMunicipalities(&context, request, &served)
                    .ok());
    bool found = false;
    for (const v1::Municipality& m : served.municipalities()) {
      if (m.name() != row.municipality_name()) continue;
      found = true;
      EXPECT_EQ(m.code(), row.municipality_code());
      EXPECT_EQ(m.counts().SerializeAsString(),
                row.counts().SerializeAsString());
    }
    EXPECT_TRUE(found) << row.municipality_name();
    EXPECT_FALSE(row.municipality_code().empty()) << row.municipality_name();
  }
  EXPECT_EQ(rows.front().region_name(), "Food Valley");  // by region key
  EXPECT_EQ(rows.front().region_cbs_code(), "AM38");
  EXPECT_EQ(rows.front().register_size(), 7834);
  EXPECT_EQ(rows.back().municipality_name(), "Vught");
  EXPECT_EQ(FormatPeriod(FromProto(rows.back().period())), "2022Q2");

  // Filters: one region, quarters from and to.
  v1::ExportFiguresRequest request;
  request.set_region("Noordoost-Brabant");
  *request.mutable_from_period() = ToProto(PeriodKey{2022, 1});
  rows.clear();
  ASSERT_TRUE(Export(request, &rows).ok());
  EXPECT_EQ(rows.size(), 20u);
  *request.mutable_to_period() = ToProto(PeriodKey{2022, 1});
  rows.clear();
  ASSERT_TRUE(Export(request, &rows).ok());
  ASSERT_EQ(rows.size(), 10u);
  EXPECT_EQ(rows[4].municipality_name(), "Land van Cuijk");
  EXPECT_EQ(rows[4].municipality_code(), "GM1982");
  EXPECT_EQ(rows[4].counts().total(), 1177);
  EXPECT_EQ(rows[4].register_size(), 10066);
  EXPECT_EQ(rows[4].source_file(), "noordoost-brabant-2022Q1.txt");

  *request.mutable_to_period() = ToProto(PeriodKey{2021, 1});
  rows.clear();
  EXPECT_EQ(Export(request, &rows).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.Clear();
  request.set_region("Twente");
  EXPECT_EQ(Export(request, &rows).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(rows.empty());
}

}  // namespace
}  // namespace tkp
