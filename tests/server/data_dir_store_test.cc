// The store on a real data dir: durable commits, restore, and the files a
// crash or an operator can leave behind.

#include "server/store/data_dir_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <functional>

#include "server/store/rescan_gate.h"
#include "tests/support/store_figures.h"
#include "tests/support/temp_files.h"

namespace tkp {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::TempDir;

v1::RegionFigures Figures(const std::string& key, int year, int quarter,
                          const std::string& sha, int total) {
  return testing::StoreFigures(key, year, quarter, sha, total);
}

std::unique_ptr<DataDirStore> OpenOrDie(const std::string& dir,
                                        std::vector<std::string>* errors) {
  absl::StatusOr<std::unique_ptr<DataDirStore>> store =
      DataDirStore::Open(dir, errors);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

TEST(DataDirStoreTest, CommitIsRestoredAfterReopen) {
  TempDir dir;
  std::vector<std::string> errors;
  {
    auto store = OpenOrDie(dir.path(), &errors);
    ASSERT_TRUE(
        store->Commit(Figures("twente", 2020, 2, "aa", 8169), false).ok());
    ASSERT_TRUE(
        store->Commit(Figures("twente", 2021, 1, "bb", 7898), false).ok());
  }
  auto store = OpenOrDie(dir.path(), &errors);
  EXPECT_THAT(errors, ::testing::IsEmpty());
  const auto snapshot = store->snapshot();
  ASSERT_EQ(snapshot->size(), 2u);
  const v1::RegionFigures* f = snapshot->Find({"twente", {2021, 1}});
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->totals().total(), 7898);
  EXPECT_EQ(snapshot->ForRegion("twente").front()->period().year(), 2020);
}

TEST(DataDirStoreTest, SameDocumentIsUnchangedAndADifferentOneNeedsReplace) {
  TempDir dir;
  std::vector<std::string> errors;
  auto store = OpenOrDie(dir.path(), &errors);
  ASSERT_TRUE(store->Commit(Figures("twente", 2020, 2, "aa", 1), false).ok());
  const auto before = store->snapshot();

  auto again = store->Commit(Figures("twente", 2020, 2, "aa", 1), false);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->outcome, DataDirStore::Outcome::kUnchanged);
  EXPECT_EQ(store->snapshot(), before);  // not even a new snapshot

  auto other = store->Commit(Figures("twente", 2020, 2, "cc", 2), false);
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(other.status().message(), HasSubstr("--replace"));
  EXPECT_EQ(store->snapshot(), before);

  auto replaced = store->Commit(Figures("twente", 2020, 2, "cc", 2), true);
  ASSERT_TRUE(replaced.ok());
  EXPECT_EQ(replaced->outcome, DataDirStore::Outcome::kReplaced);
  EXPECT_EQ(store->snapshot()->Find({"twente", {2020, 2}})->totals().total(),
            2);
  // The snapshot a reader held is untouched.
  EXPECT_EQ(before->Find({"twente", {2020, 2}})->totals().total(), 1);

  auto reopened = OpenOrDie(dir.path() + "/", &errors);
  EXPECT_EQ(reopened->snapshot()->Find({"twente", {2020, 2}})->totals().total(),
            2);
}

TEST(DataDirStoreTest, LeftoversAndDamagedFilesAreReportedAndSkipped) {
  TempDir dir;
  std::vector<std::string> errors;
  {
    auto store = OpenOrDie(dir.path(), &errors);
    ASSERT_TRUE(store->Commit(Figures("twente", 2020, 2, "aa", 5), false).ok());
  }
  const std::string pubs = dir.path() + "/publications/";
  testing::WriteFileOrDie(pubs + "2020Q3_twente.tkppub.123.tmp", "half");
  // Old enough to be a dead writer's, not another live server's.
  std::filesystem::last_write_time(
      pubs + "2020Q3_twente.tkppub.123.tmp",
      std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
  testing::WriteFileOrDie(pubs + "2020Q3_twente.tkppub.456.tmp", "writing");
  testing::WriteFileOrDie(pubs + "2020Q4_twente.tkppub", "garbage");
  testing::WriteFileOrDie(pubs + "README", "operators' notes are left alone");

  auto store = OpenOrDie(dir.path(), &errors);
  EXPECT_EQ(store->snapshot()->size(), 1u);
  EXPECT_THAT(errors, Contains(HasSubstr("unfinished write from a process "
                                         "that died")));
  EXPECT_THAT(errors, Contains(HasSubstr("2020Q4_twente.tkppub: not a tkp")));
  EXPECT_FALSE(std::filesystem::exists(pubs + "2020Q3_twente.tkppub.123.tmp"));
  EXPECT_TRUE(std::filesystem::exists(pubs + "2020Q3_twente.tkppub.456.tmp"));
  EXPECT_TRUE(std::filesystem::exists(pubs + "README"));
}

TEST(DataDirStoreTest, FailedWriteChangesNothing) {
  TempDir dir;
  std::vector<std::string> errors;
  auto store = OpenOrDie(dir.path(), &errors);
  // A directory where the file must go makes the rename fail.
  std::filesystem::create_directories(dir.path() +
                                      "/publications/2020Q2_twente.tkppub/x");
  auto result = store->Commit(Figures("twente", 2020, 2, "aa", 5), false);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(result.status().message(), HasSubstr("2020Q2_twente.tkppub"));
  EXPECT_EQ(store->snapshot()->size(), 0u);
  for (const auto& entry :
       std::filesystem::directory_iterator(dir.path() + "/publications")) {
    EXPECT_THAT(entry.path().string(), ::testing::Not(HasSubstr(".tmp")));
  }
}

TEST(DataDirStoreTest, DataDirThatIsAFileFailsTheOpen) {
  TempDir dir;
  testing::WriteFileOrDie(dir.File("plain-file"), "x");
  std::vector<std::string> errors;
  EXPECT_FALSE(DataDirStore::Open(dir.File("plain-file"), &errors).ok());
}

TEST(DataDirStoreTest, RescanPicksUpWhatAnotherStoreWroteReplacedAndRemoved) {
  TempDir dir;
  std::vector<std::string> errors;
  auto writer = OpenOrDie(dir.path(), &errors);
  auto reader = OpenOrDie(dir.path(), &errors);
  ASSERT_TRUE(writer->Commit(Figures("twente", 2020, 2, "aa", 1), false).ok());
  EXPECT_EQ(reader->snapshot()->size(), 0u);
  ASSERT_TRUE(reader->Rescan(&errors).ok());
  ASSERT_EQ(reader->snapshot()->size(), 1u);

  ASSERT_TRUE(writer->Commit(Figures("twente", 2020, 2, "bb", 2), true).ok());
  ASSERT_TRUE(reader->Rescan(&errors).ok());
  EXPECT_EQ(reader->snapshot()->Find({"twente", {2020, 2}})->totals().total(),
            2);

  const auto unchanged = reader->snapshot();
  ASSERT_TRUE(reader->Rescan(&errors).ok());
  EXPECT_EQ(reader->snapshot(), unchanged);  // nothing changed, no new snapshot

  std::filesystem::remove(dir.path() + "/publications/2020Q2_twente.tkppub");
  ASSERT_TRUE(reader->Rescan(&errors).ok());
  EXPECT_EQ(reader->snapshot()->size(), 0u);
  EXPECT_THAT(errors, ::testing::IsEmpty());
}

// Whether `condition` holds within kSettleWithin (it returns as soon as it
// does; the bound only ends a test whose condition never comes).
bool Eventually(const std::function<bool()>& condition) {
  const absl::Time deadline =
      absl::Now() + absl::FromChrono(testing::kSettleWithin);
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return condition();
}

// The watcher skips listing a directory that stays as it was, so what it
// picks up here after the first look, it picks up because a commit changed
// the directory: its full rescans come only after an hour.
TEST(DataDirStoreTest, WatchPicksUpCommitsOfAnotherStoreAfterTheDirSettled) {
  TempDir dir;
  std::vector<std::string> errors;
  auto writer = OpenOrDie(dir.path(), &errors);
  auto reader = OpenOrDie(dir.path(), &errors);
  ASSERT_TRUE(writer->Commit(Figures("twente", 2020, 2, "aa", 1), false).ok());
  reader->Watch(
      absl::Milliseconds(10),
      [](const std::string& error) { ADD_FAILURE() << error; },
      /*full_rescan_every=*/absl::Hours(1));
  const auto serves = [&](size_t publications) {
    return Eventually(
        [&] { return reader->snapshot()->size() == publications; });
  };
  ASSERT_TRUE(serves(1));
  // Long enough for the directory's stamp to be trusted.
  absl::SleepFor(RescanGate::kSettle + absl::Milliseconds(300));

  ASSERT_TRUE(writer->Commit(Figures("twente", 2020, 3, "bb", 2), false).ok());
  EXPECT_TRUE(serves(2)) << "a new publication";
  absl::SleepFor(RescanGate::kSettle + absl::Milliseconds(300));
  ASSERT_TRUE(writer->Commit(Figures("twente", 2020, 3, "cc", 3), true).ok());
  EXPECT_TRUE(Eventually([&] {
    const v1::RegionFigures* f =
        reader->snapshot()->Find({"twente", {2020, 3}});
    return f != nullptr && f->totals().total() == 3;
  })) << "a replaced one";
  absl::SleepFor(RescanGate::kSettle + absl::Milliseconds(300));
  ASSERT_TRUE(writer->Remove({"twente", {2020, 2}}).ok());
  EXPECT_TRUE(serves(1)) << "a removed one";
}

TEST(DataDirStoreTest, PipesAndOtherNonFilesAreSkippedNotRead) {
  TempDir dir;
  std::vector<std::string> errors;
  auto store = OpenOrDie(dir.path(), &errors);
  // Reading a pipe without a writer would block the rescan forever.
  const std::string pipe = dir.path() + "/publications/2020Q2_pipe.tkppub";
  ASSERT_EQ(mkfifo(pipe.c_str(), 0600), 0);
  ASSERT_TRUE(store->Rescan(&errors).ok());
  ASSERT_TRUE(store->Rescan(&errors).ok());
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0], HasSubstr("not a regular file"));
}

TEST(DataDirStoreTest, DamagedFileIsReportedOncePerChange) {
  TempDir dir;
  std::vector<std::string> errors;
  auto store = OpenOrDie(dir.path(), &errors);
  testing::WriteFileOrDie(dir.path() + "/publications/2020Q2_x.tkppub", "junk");
  ASSERT_TRUE(store->Rescan(&errors).ok());
  ASSERT_TRUE(store->Rescan(&errors).ok());
  EXPECT_EQ(errors.size(), 1u);
}

TEST(DataDirStoreTest, CommitChecksTheDiskSoTwoStoresHaveOneWinner) {
  TempDir dir;
  std::vector<std::string> errors;
  auto first = OpenOrDie(dir.path(), &errors);
  auto second = OpenOrDie(dir.path(), &errors);  // never rescans here
  ASSERT_TRUE(first->Commit(Figures("twente", 2020, 2, "aa", 1), false).ok());
  auto lost = second->Commit(Figures("twente", 2020, 2, "bb", 2), false);
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.status().code(), absl::StatusCode::kAlreadyExists);
  // The loser now serves the winner's figures.
  EXPECT_EQ(second->snapshot()->Find({"twente", {2020, 2}})->totals().total(),
            1);
  auto same = second->Commit(Figures("twente", 2020, 2, "aa", 1), false);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->outcome, DataDirStore::Outcome::kUnchanged);
}

}  // namespace
}  // namespace tkp

namespace tkp {
namespace {

TEST(DataDirStoreEventsTest, OldEventsComeFromTheLogOnceOutOfMemory) {
  testing::TempDir dir;
  std::vector<std::string> errors;
  // At most 2 × 3 events in memory.
  absl::StatusOr<std::unique_ptr<DataDirStore>> store =
      DataDirStore::Open(dir.path(), &errors, 3);
  ASSERT_TRUE(store.ok()) << store.status();
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE((*store)
                    ->Commit(Figures("twente", 2010 + i, 1,
                                     absl::StrCat("sha", i), 100 + i),
                             false)
                    .ok());
  }
  const auto sequences = [](const std::vector<v1::PublicationEvent>& events) {
    std::vector<int64_t> out;
    out.reserve(events.size());
    for (const v1::PublicationEvent& e : events) out.push_back(e.sequence());
    return out;
  };
  EXPECT_EQ((*store)->LastSequence(), 10);
  EXPECT_THAT(sequences((*store)->EventsAfter(0, 100)),
              ::testing::ElementsAre(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
  EXPECT_THAT(sequences((*store)->EventsAfter(1, 2)),
              ::testing::ElementsAre(2, 3));
  EXPECT_THAT(sequences((*store)->EventsAfter(8, 100)),
              ::testing::ElementsAre(9, 10));
  store->reset();

  // A restart repairs nothing and still answers from the start.
  absl::StatusOr<std::unique_ptr<DataDirStore>> again =
      DataDirStore::Open(dir.path(), &errors, 3);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)->LastSequence(), 10);
  EXPECT_EQ((*again)->EventsAfter(0, 100).size(), 10u);
  EXPECT_EQ((*again)->EventsAfter(0, 100)[0].period().year(), 2010);
}

}  // namespace
}  // namespace tkp
