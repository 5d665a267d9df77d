// What tkp exports imports again: `tkp export` (CSV, and JSON lines with
// --format json) of a server holding text, tab-separated and workbook
// publications, imported with one `tkp import` into a fresh server, gives
// the same publications — every figure, the register sizes and the stated
// percentages — and so do the long-format files office software made of
// that export (tests/fixtures/documents/long-*, make_long_fixtures.sh).

#include <gmock/gmock.h>
#include <google/protobuf/util/message_differencer.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

std::string Fixture(const std::string& name) {
  return std::string(TKP_DOCUMENT_FIXTURES_DIR) + "/" + name;
}

std::unique_ptr<v1::TransparencyService::Stub> StubFor(
    const testing::ServerProcess& server) {
  return v1::TransparencyService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
}

std::vector<v1::PublicationSummary> Publications(
    v1::TransparencyService::Stub& stub) {
  grpc::ClientContext context;
  v1::ListPublicationsResponse response;
  const grpc::Status status =
      stub.ListPublications(&context, v1::ListPublicationsRequest(), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {response.publications().begin(), response.publications().end()};
}

// A publication's figures without what depends on how they arrived (its
// source, notes) or on the spelling the document printed the region in.
v1::RegionFigures Comparable(v1::TransparencyService::Stub& stub,
                             const v1::PublicationSummary& publication) {
  v1::GetRegionTotalsRequest request;
  request.set_region(publication.region().cbs_code());
  *request.mutable_period() = publication.period();
  grpc::ClientContext context;
  v1::RegionFigures figures;
  const grpc::Status status = stub.GetRegionTotals(&context, request, &figures);
  EXPECT_TRUE(status.ok()) << publication.region().cbs_code() << ": "
                           << status.error_message();
  figures = testing::FiguresOnly(figures);
  figures.mutable_region()->clear_name();
  return figures;
}

class ExportRoundTripTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    source_dir_ = new testing::TempDir();
    source_ = new testing::ServerProcess({"--data-dir", source_dir_->path()});
  }
  static void TearDownTestSuite() {
    delete source_;
    delete source_dir_;
  }

  void SetUp() override {
    ASSERT_TRUE(source_->running()) << source_->log();
    // Importing again is harmless (UNCHANGED), so each test may.
    for (const std::vector<std::string>& import :
         std::vector<std::vector<std::string>>{
             {testing::SamplePath(testing::kSampleAmsterdamA)},
             {testing::SamplePath(testing::kSampleFoodValleyA)},
             {Fixture("calc-twee-regios-2023Q4.xlsx"), "--period", "2023Q4"}}) {
      std::vector<std::string> args = {"import"};
      args.insert(args.end(), import.begin(), import.end());
      const testing::ProcessResult imported = testing::Tkp(*source_, args);
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }
  }

  // Imports `file` into a fresh server with one `tkp import` and expects
  // every publication of the source server there with the same figures.
  void ExpectTheSameAfterImporting(const std::string& file) {
    testing::TempDir data;
    testing::ServerProcess fresh({"--data-dir", data.path()});
    ASSERT_TRUE(fresh.running()) << fresh.log();
    const testing::ProcessResult imported =
        testing::Tkp(fresh, {"import", file});
    ASSERT_EQ(imported.exit_code, 0) << imported.out << imported.err;
    EXPECT_THAT(imported.out, HasSubstr("long-format"));

    const auto source_stub = StubFor(*source_);
    const auto fresh_stub = StubFor(fresh);
    const std::vector<v1::PublicationSummary> expected =
        Publications(*source_stub);
    ASSERT_EQ(expected.size(), 4u);
    ASSERT_EQ(Publications(*fresh_stub).size(), expected.size());
    for (const v1::PublicationSummary& publication : expected) {
      const v1::RegionFigures want = Comparable(*source_stub, publication);
      const v1::RegionFigures got = Comparable(*fresh_stub, publication);
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(got, want))
          << got.DebugString() << "\nvs\n"
          << want.DebugString();
    }
  }

  static testing::TempDir* source_dir_;
  static testing::ServerProcess* source_;
};

testing::TempDir* ExportRoundTripTest::source_dir_ = nullptr;
testing::ServerProcess* ExportRoundTripTest::source_ = nullptr;

TEST_F(ExportRoundTripTest, TheCsvExportImportsAsTheSamePublications) {
  testing::TempDir out;
  const testing::ProcessResult exported =
      testing::Tkp(*source_, {"export", "--out", out.File("figures.csv")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  // Some publication states its percentage, so that column is compared.
  EXPECT_THAT(testing::ReadFileOrDie(out.File("figures.csv")),
              HasSubstr(",stated_coverage_percent\r\n"));
  ExpectTheSameAfterImporting(out.File("figures.csv"));
}

TEST_F(ExportRoundTripTest, TheJsonLinesExportImportsAsTheSamePublications) {
  testing::TempDir out;
  const testing::ProcessResult exported = testing::Tkp(
      *source_,
      {"--format", "json", "export", "--out", out.File("figures.jsonl")});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  ExpectTheSameAfterImporting(out.File("figures.jsonl"));
}

// The long-format files office software made of that export
// (make_long_fixtures.sh): tkp's own CSV as committed; Calc's CSV with
// Dutch headers in another order and semicolons; the same with the
// byte-order mark Excel's "CSV UTF-8" writes in front; Calc's "Unicode"
// text, UTF-16 with tabs, as Excel's "Unicode Text" is.
TEST_F(ExportRoundTripTest, LongFormatFromOfficeSoftwareImportsTheSame) {
  for (const char* name :
       {"long-tkp-export.csv", "long-calc-nl.csv", "long-calc-unicode.txt"}) {
    SCOPED_TRACE(name);
    ExpectTheSameAfterImporting(Fixture(name));
  }
  testing::TempDir out;
  testing::WriteFileOrDie(
      out.File("excel-utf8-bom.csv"),
      "\xEF\xBB\xBF" + testing::ReadFileOrDie(Fixture("long-calc-nl.csv")));
  ExpectTheSameAfterImporting(out.File("excel-utf8-bom.csv"));
}

}  // namespace
}  // namespace tkp
