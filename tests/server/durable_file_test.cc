// Durable writes and batches, on a real directory: a batch's intent file in
// the format server/store/README.md documents (a data dir is a public
// surface) is finished after a crash; without one, nothing of the batch is.
#include "server/store/durable_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/temp_files.h"

namespace tkp {
namespace {

using testing::ReadFileOrDie;
using testing::TempDir;
using testing::WriteFileOrDie;

std::vector<std::string> Names(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(DurableFileTest, AFileIsReplacedWholeAndNoTemporaryStays) {
  const TempDir dir;
  const std::string path = dir.File("2020Q2_twente.tkppub");
  ASSERT_TRUE(WriteFileDurably(path, "old").ok());
  ASSERT_TRUE(WriteFileDurably(path, "new content").ok());
  EXPECT_EQ(ReadFileOrDie(path), "new content");
  EXPECT_THAT(Names(dir.path()),
              ::testing::ElementsAre("2020Q2_twente.tkppub"));
}

TEST(DurableFileTest, ABatchPutsEveryFileInPlaceAndLeavesNoIntent) {
  const TempDir dir;
  ASSERT_TRUE(WriteFilesDurably(dir.path(), {{dir.File("a.tkppub"), "A"},
                                             {dir.File("b.tkppub"), "B"}})
                  .ok());
  EXPECT_EQ(ReadFileOrDie(dir.File("a.tkppub")), "A");
  EXPECT_EQ(ReadFileOrDie(dir.File("b.tkppub")), "B");
  EXPECT_FALSE(HasBatchIntent(dir.path()));
  EXPECT_THAT(Names(dir.path()),
              ::testing::ElementsAre("a.tkppub", "b.tkppub"));
}

TEST(DurableFileTest, ABatchCommittedBeforeACrashIsFinished) {
  // As a crash after the commit point leaves it: the intent names three
  // files, the first of them already renamed into place.
  const TempDir dir;
  WriteFileOrDie(dir.File("a.tkppub"), "A");
  WriteFileOrDie(dir.File("b.tkppub.4711.tmp"), "B");
  WriteFileOrDie(dir.File("c.tkppub.4711.tmp"), "C");
  WriteFileOrDie(dir.File("c.tkppub"), "the old C");
  WriteFileOrDie(dir.File("batch.4711.tkpbatch"),
                 "a.tkppub.4711.tmp\ta.tkppub\n"
                 "b.tkppub.4711.tmp\tb.tkppub\n"
                 "c.tkppub.4711.tmp\tc.tkppub\n");
  ASSERT_TRUE(HasBatchIntent(dir.path()));
  const absl::StatusOr<int> renamed = CompleteInterruptedBatches(dir.path());
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(*renamed, 2);
  EXPECT_EQ(ReadFileOrDie(dir.File("a.tkppub")), "A");
  EXPECT_EQ(ReadFileOrDie(dir.File("b.tkppub")), "B");
  EXPECT_EQ(ReadFileOrDie(dir.File("c.tkppub")), "C");
  EXPECT_FALSE(HasBatchIntent(dir.path()));
  EXPECT_THAT(Names(dir.path()),
              ::testing::ElementsAre("a.tkppub", "b.tkppub", "c.tkppub"));
}

TEST(DurableFileTest, ABatchWithoutItsIntentIsNotFinished) {
  // A crash before the commit point: temporary files only. They are not
  // the store's (the store removes them once they are old).
  const TempDir dir;
  WriteFileOrDie(dir.File("a.tkppub.4711.tmp"), "A");
  EXPECT_FALSE(HasBatchIntent(dir.path()));
  const absl::StatusOr<int> renamed = CompleteInterruptedBatches(dir.path());
  ASSERT_TRUE(renamed.ok()) << renamed.status();
  EXPECT_EQ(*renamed, 0);
  EXPECT_FALSE(std::filesystem::exists(dir.File("a.tkppub")));
}

TEST(DurableFileTest, DirectoriesAreMadeWithTheirParents) {
  const TempDir dir;
  const std::string nested = dir.File("data/publications");
  ASSERT_TRUE(MakeDirectories(nested).ok());
  EXPECT_TRUE(std::filesystem::is_directory(nested));
  EXPECT_TRUE(MakeDirectories(nested).ok());  // already there
  WriteFileOrDie(dir.File("file"), "");
  EXPECT_FALSE(MakeDirectories(dir.File("file/below")).ok());
}

}  // namespace
}  // namespace tkp
