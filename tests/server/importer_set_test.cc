// The choice of an importer for a document from the ratings the workers
// gave: bounded claims, ties by name, and what is said when none reads it.
#include "server/importing/importer_set.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tkp {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ImporterEntry Entry(
    const std::string& name, const std::string& file,
    plugin::ImporterInfo::Input input = plugin::ImporterInfo::Input::kText) {
  ImporterEntry entry;
  entry.file = file;
  entry.info.name = name;
  entry.info.layouts = {name + " tables"};
  entry.info.input = input;
  return entry;
}

std::vector<std::string> Names(const ImporterSet& set) {
  std::vector<std::string> names;
  for (const ImporterEntry& entry : set.importers()) {
    names.push_back(entry.info.name);
  }
  return names;
}

DocumentContent Text(const std::string& text) {
  return {text, text, "d.txt", ""};
}

// Sorted by name: csv, layout-a, pdf.
ImporterSet Three() {
  return ImporterSet(
      {Entry("pdf", "libtkp_pdf.so", plugin::ImporterInfo::Input::kBytes),
       Entry("layout-a", "libtkp_layout_a.so"), Entry("csv", "libtkp_csv.so")});
}

TEST(ImporterSetTest, ImportersAreSortedByNameAndASecondNameIsLeftOut) {
  const ImporterSet set(
      {Entry("pdf", "b.so"), Entry("csv", "c.so"), Entry("pdf", "a.so")});
  EXPECT_THAT(Names(set), ElementsAre("csv", "pdf"));
  ASSERT_EQ(set.problems().size(), 1u);
  EXPECT_EQ(set.problems()[0].file, "a.so");
  EXPECT_THAT(set.problems()[0].error,
              HasSubstr("duplicate importer name \"pdf\" (already loaded "
                        "from b.so); skipped"));
}

TEST(ImporterSetTest, ARatingIsOnlyAClaimAndIsBounded) {
  const ImporterSet set = Three();
  const std::vector<Confidence> ranked =
      set.Rank({{-5, "", false}, {150, "", false}, {90, "", false}});
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].importer->info.name, "layout-a");
  EXPECT_EQ(ranked[0].confidence, 100);
  EXPECT_EQ(ranked[1].confidence, 90);
  EXPECT_EQ(ranked[2].importer->info.name, "csv");
  EXPECT_EQ(ranked[2].confidence, 0);
}

TEST(ImporterSetTest, TiesGoToTheFirstNameAndUnaskedImportersScoreNothing) {
  const ImporterSet set = Three();
  // pdf was not asked, whatever it would have said.
  const auto chosen = set.MostConfident(
      {{70, "", false}, {70, "", false}, {99, "not text", false}},
      Text("a table"));
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  EXPECT_EQ((*chosen)->info.name, "csv");
  const std::vector<Confidence> ranked =
      set.Rank({{0, "", false}, {0, "", false}, {99, "not text", false}});
  EXPECT_EQ(ranked.back().note, "not text");
  EXPECT_EQ(ranked.back().confidence, 0);
}

TEST(ImporterSetTest,
     WhenNoneReadsItTheMessageSaysWhoWasAskedAndWhoCouldNotBe) {
  const ImporterSet set = Three();
  const auto none = set.MostConfident(
      {{0, "", false}, {0, "", false}, {0, "its worker did not start", true}},
      Text("prose only"));
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(none.status().message(),
              HasSubstr("file d.txt: no importer recognises this document "
                        "(tried csv, layout-a; could not ask pdf (its "
                        "worker did not start))"));
}

TEST(ImporterSetTest, AFileWhoseFirstBytesTellIsNamedWithWhatTkpReads) {
  const ImporterSet set = Three();
  const std::string png = "\x89PNG\r\n\x1A\n and pixels";
  DocumentContent content{png, absl::InvalidArgumentError("not text"),
                          "scan.png", ""};
  const auto none = set.MostConfident(
      {{0, "", false}, {0, "", false}, {0, "", false}}, content);
  EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(none.status().message(),
              HasSubstr("file scan.png is a PNG image, which no importer "
                        "reads"));
  EXPECT_THAT(none.status().message(),
              HasSubstr("tkp reads: csv tables; layout-a tables; pdf tables"));
}

TEST(ImporterSetTest, ANameMustBeLoadedAndATextImporterGetsText) {
  const ImporterSet set = Three();
  EXPECT_EQ((*set.Named("pdf"))->file, "libtkp_pdf.so");
  const auto unknown = set.Named("xlsx");
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(unknown.status().message(),
              HasSubstr("loaded: csv, layout-a, pdf"));
  const DocumentContent binary{
      "\x01\x02", absl::InvalidArgumentError("not UTF-8"), "b", ""};
  EXPECT_EQ(ImporterSet::CheckInput(set.importers()[1], binary).message(),
            "not UTF-8");
  EXPECT_TRUE(ImporterSet::CheckInput(set.importers()[2], binary).ok());
}

}  // namespace
}  // namespace tkp
