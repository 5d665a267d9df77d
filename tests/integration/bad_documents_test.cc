// Bad documents through the real server and plugins: each is refused with
// the expected gRPC code and a message that says where and what, and the
// store (in memory and on disk) is exactly as before.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "absl/strings/str_replace.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using testing::ReadFileOrDie;
using testing::SamplePath;

struct BadDocument {
  const char* what;
  std::string content;
  std::string file_name = "bad.txt";
  int year = 0;
  int quarter = 0;
  std::string importer;
  grpc::StatusCode code = grpc::StatusCode::INVALID_ARGUMENT;
  std::vector<std::string> message_parts;
};

// Replaces exactly one occurrence, so a typo in a test fails loudly.
std::string Edit(const std::string& text, const std::string& from,
                 const std::string& to) {
  EXPECT_NE(text.find(from), std::string::npos) << from;
  return absl::StrReplaceAll(text, {{from, to}});
}

std::string FirstLines(const std::string& text, int count) {
  size_t end = 0;
  for (int i = 0; i < count; ++i) end = text.find('\n', end) + 1;
  return text.substr(0, end);
}

std::vector<BadDocument> BadDocuments() {
  const std::string a = ReadFileOrDie(SamplePath(testing::kSampleAmsterdamA));
  const std::string b = ReadFileOrDie(SamplePath(testing::kSampleAmsterdamB));
  const std::string fv = ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA));
  const std::string amstelveen = "Amstelveen 6 84 425 379 894";
  using grpc::StatusCode;
  return {
      {"empty file",
       "",
       "empty.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file empty.txt is empty"}},
      {"binary",
       std::string("\x7f"
                   "ELF\x02\x01\x01\0\0\0",
                   10),
       "lib.so",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file lib.so is a program (ELF)", "which no importer reads"}},
      {"prose without a table",
       "Dit is geen tabel.\nHelemaal niet.\n",
       "prose.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file prose.txt", "no importer recognises"}},
      {"cut off before TOTAAL AMR",
       FirstLines(a, 21),
       "cut.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file cut.txt line 20", "\"Uithoorn\"", "cut off"}},
      {"row that does not add up",
       Edit(a, "Aalsmeer 41 164 1.657 671 2.533",
            "Aalsmeer 41 164 1.657 671 2.534"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file bad.txt line 6 row \"Aalsmeer\": the four counts add up to "
        "2.533 but the total says 2.534"}},
      {"TOTAAL AMR column that disagrees with the rows",
       Edit(a, "TOTAAL AMR 604 5.014", "TOTAAL AMR 605 5.013"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"line 22 row \"TOTAAL AMR\": municipality clients with profile says "
        "605 but the municipalities add up to 604"}},
      {"municipality twice",
       Edit(a, "Amstelveen 6", "AALSMEER 6"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"line 8 row \"AALSMEER\"", "appears twice (first on line 6)"}},
      {"negative count",
       Edit(a, amstelveen, "Amstelveen -6 84 425 379 894"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"line 8 row \"Amstelveen\"", "negative"}},
      {"overflowing count",
       Edit(a, amstelveen, "Amstelveen 99.999.999.999 84 425 379 894"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"line 8 row \"Amstelveen\"", "too large"}},
      {"fractional count",
       Edit(a, amstelveen, "Amstelveen 6,5 84 425 379 894"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"line 8 row \"Amstelveen\"", "whole count"}},
      {"row with four numbers",
       Edit(a, amstelveen, "Amstelveen 6 84 425 894"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"line 8 row \"Amstelveen\": expected 5 numbers", "found 4"}},
      {"no period anywhere",
       b,
       "b.tsv",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file b.tsv", "names no period"}},
      {"conflicting periods",
       a,
       "a.txt",
       2021,
       1,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file a.txt line 4", "is for 2023Q3 but the import asks for 2021Q1"}},
      {"request period that does not exist",
       b,
       "b.tsv",
       2023,
       5,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"quarter 5"}},
      {"document over the size limit",
       a + std::string(9 << 20, ' '),
       "huge.txt",
       0,
       0,
       "",
       StatusCode::RESOURCE_EXHAUSTED,
       {"file huge.txt is 9.0 MiB", "8.0 MiB limit"}},
      {"unknown importer",
       a,
       "a.txt",
       0,
       0,
       "layout-x",
       StatusCode::NOT_FOUND,
       {"no importer named \"layout-x\"", "layout-a, layout-b"}},
      {"two regions in one document",
       Edit(a, " 15 Groot Amsterdam", " 16 Zaanstreek"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"line 23: names region \"Zaanstreek\"",
        "line 4 names \"Groot Amsterdam\""}},
      {"not a number in layout B",
       Edit(b, "\t7\t643", "\tn.b.\t643"),
       "b.tsv",
       2023,
       4,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file b.tsv line 5 row \"Aalsmeer\"", "\"n.b.\" is not a number"}},
      {"named importer that cannot read the layout",
       b,
       "b.tsv",
       2023,
       4,
       "layout-a",
       StatusCode::INVALID_ARGUMENT,
       {"file b.tsv", "no municipality rows"}},
      {"register of zero",
       Edit(a, "in totaal 28.853", "in totaal 0"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"line 27", "register size is 0"}},
      {"byte that Windows-1252 leaves undefined",
       Edit(a, "Amstelveen", "Amstel\x81veen"),
       "bad.txt",
       0,
       0,
       "",
       StatusCode::INVALID_ARGUMENT,
       {"file bad.txt line 8"}},
      {"different document for a loaded region and period",
       fv + "\nEen regel meer.\n",
       "fv.txt",
       0,
       0,
       "",
       StatusCode::ALREADY_EXISTS,
       {"2023Q4 FoodValley is already loaded", "--replace"}},
  };
}

// What an observer can see of the store: every publication and every file.
struct StoreState {
  std::string publications;
  std::set<std::string> files;
  bool operator==(const StoreState&) const = default;
};

StoreState Observe(testing::TestServer& server, const std::string& data_dir) {
  StoreState state;
  grpc::ClientContext context;
  v1::ListPublicationsResponse response;
  EXPECT_TRUE(
      server.transparency().ListPublications(&context, {}, &response).ok());
  response.SerializeToString(&state.publications);
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(data_dir)) {
    state.files.insert(
        entry.path().string() + " " +
        (entry.is_regular_file() ? std::to_string(entry.file_size()) : "dir"));
  }
  return state;
}

TEST(BadDocumentsTest, EachIsRefusedWithWhereAndWhatAndChangesNothing) {
  testing::TempDir dir;
  testing::TestServer server(dir.path());
  ASSERT_TRUE(
      server
          .Import(ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA)),
                  testing::kSampleFoodValleyA)
          .ok());
  const StoreState before = Observe(server, dir.path());
  ASSERT_EQ(server.server().store().snapshot()->size(), 1u);

  const std::vector<BadDocument> documents = BadDocuments();
  ASSERT_GE(documents.size(), 15u);
  for (const BadDocument& doc : documents) {
    SCOPED_TRACE(doc.what);
    v1::ImportDocumentRequest request;
    request.set_content(doc.content);
    request.set_file_name(doc.file_name);
    request.set_importer(doc.importer);
    if (doc.year != 0) {
      request.mutable_period()->set_year(doc.year);
      request.mutable_period()->set_quarter(doc.quarter);
    }
    grpc::ClientContext context;
    v1::ImportDocumentResponse response;
    const grpc::Status status =
        server.imports().ImportDocument(&context, request, &response);
    EXPECT_EQ(status.error_code(), doc.code) << status.error_message();
    for (const std::string& part : doc.message_parts) {
      EXPECT_THAT(status.error_message(), ::testing::HasSubstr(part));
    }
    EXPECT_EQ(Observe(server, dir.path()), before);
  }
}

// A file over the server's limit is refused by the CLI before it is sent,
// naming the limit, so hundreds of megabytes are not uploaded to be
// refused; in a directory import it is one refusal among the imports.
TEST(OversizedDocumentTest, TheCliRefusesItBeforeSendingNamingTheLimit) {
  testing::TempDir dir;
  testing::ServerProcess server({"--data-dir", dir.File("data"),
                                 "--max-document-mib", "1", "--metrics-listen",
                                 "127.0.0.1:0"});
  ASSERT_TRUE(server.running()) << server.log();
  std::filesystem::create_directory(dir.File("incoming"));
  const std::string big = dir.File("incoming/big.csv");
  testing::WriteFileOrDie(big, std::string(size_t{3} << 20, 'x'));
  const int too_large = 64 + static_cast<int>(grpc::RESOURCE_EXHAUSTED);

  const testing::ProcessResult one = testing::Tkp(server, {"import", big});
  EXPECT_EQ(one.exit_code, too_large);
  EXPECT_THAT(one.err, ::testing::HasSubstr(
                           "big.csv is 3.0 MiB, more than the 1.0 MiB the "
                           "server accepts for one document (tkp-server "
                           "--max-document-mib); nothing was sent"));
  const testing::ProcessResult metrics = testing::FetchMetrics(server);
  EXPECT_THAT(metrics.out,
              ::testing::HasSubstr("{method=\"ImportService/ListImporters\","
                                   "code=\"OK\"} 1"));
  EXPECT_THAT(metrics.out,
              ::testing::Not(::testing::HasSubstr(
                  "ImportService/ImportDocument\",code=\"RESOURCE")));

  testing::WriteFileOrDie(
      dir.File("incoming/sample.txt"),
      ReadFileOrDie(SamplePath(testing::kSampleFoodValleyA)));
  const testing::ProcessResult all =
      testing::Tkp(server, {"import", dir.File("incoming")});
  EXPECT_EQ(all.exit_code, too_large);
  EXPECT_THAT(all.out, ::testing::HasSubstr("1 imported, 1 refused"));
  EXPECT_THAT(all.out, ::testing::HasSubstr("nothing was sent"));
}

}  // namespace
}  // namespace tkp
