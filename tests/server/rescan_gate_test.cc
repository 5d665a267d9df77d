// When the watcher lists the publications directory again: after a change
// of the directory's stamp, after an unsettled rescan, when the stamp was
// too recent to trust, and at least every full-rescan period; not while a
// settled directory stays as it was. And the premise, on a real directory:
// what a commit does to a directory changes its stamp.

#include "server/store/rescan_gate.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <functional>
#include <optional>

#include "tests/support/temp_files.h"

namespace tkp {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1'700'000'000);
constexpr absl::Duration kFullRescanEvery = absl::Seconds(30);

DirectoryStamp StampAt(absl::Time changed, ino_t inode = 7) {
  const int64_t nanos = absl::ToUnixNanos(changed);
  return {inode, nanos, nanos};
}

TEST(RescanGateTest, TheFirstCheckRescans) {
  const RescanGate gate(kFullRescanEvery);
  EXPECT_TRUE(gate.NeedsRescan(StampAt(kStart - absl::Hours(1)), kStart));
}

TEST(RescanGateTest, ASettledDirectoryThatStaysAsItWasIsNotListedAgain) {
  RescanGate gate(kFullRescanEvery);
  const DirectoryStamp stamp = StampAt(kStart - absl::Seconds(10));
  gate.Rescanned(stamp, kStart, /*settled=*/true);
  EXPECT_FALSE(gate.NeedsRescan(stamp, kStart + absl::Milliseconds(500)));
  EXPECT_FALSE(gate.NeedsRescan(stamp, kStart + absl::Seconds(29)));
  // The full rescan, for files edited in place.
  EXPECT_TRUE(gate.NeedsRescan(stamp, kStart + kFullRescanEvery));
}

TEST(RescanGateTest, AnyChangeOfTheStampRescans) {
  RescanGate gate(kFullRescanEvery);
  const DirectoryStamp stamp = StampAt(kStart - absl::Seconds(10));
  gate.Rescanned(stamp, kStart, true);
  const absl::Time now = kStart + absl::Seconds(1);
  DirectoryStamp modified = stamp;
  modified.mtime_nanos += 1;
  EXPECT_TRUE(gate.NeedsRescan(modified, now));
  DirectoryStamp changed = stamp;  // e.g. times set back by a restore
  changed.ctime_nanos += 1;
  EXPECT_TRUE(gate.NeedsRescan(changed, now));
  EXPECT_TRUE(gate.NeedsRescan(StampAt(kStart - absl::Seconds(10), 8), now))
      << "another directory in its place";
  EXPECT_TRUE(gate.NeedsRescan(std::nullopt, now)) << "cannot be read";
}

TEST(RescanGateTest, AStampTooRecentToTrustRescansUntilItSettles) {
  RescanGate gate(kFullRescanEvery);
  // Changed within the clock tick of the rescan: a second change in the
  // same tick would leave the stamp as it is.
  const DirectoryStamp recent = StampAt(kStart - absl::Milliseconds(1));
  gate.Rescanned(recent, kStart, true);
  EXPECT_TRUE(gate.NeedsRescan(recent, kStart + absl::Milliseconds(500)));
  // A rescan once the stamp is old enough trusts it.
  const absl::Time later = kStart + RescanGate::kSettle;
  gate.Rescanned(recent, later, true);
  EXPECT_FALSE(gate.NeedsRescan(recent, later + absl::Milliseconds(500)));
}

TEST(RescanGateTest, ARescanThatLeftSomethingPendingIsRepeated) {
  RescanGate gate(kFullRescanEvery);
  const DirectoryStamp stamp = StampAt(kStart - absl::Seconds(10));
  gate.Rescanned(stamp, kStart, /*settled=*/false);
  EXPECT_TRUE(gate.NeedsRescan(stamp, kStart + absl::Milliseconds(500)));
}

// The premise on this machine's file system: creating, renaming over and
// removing a file (what commits do) each change the directory's stamp.
TEST(DirectoryStampTest, EveryKindOfCommitChangesTheStamp) {
  const testing::TempDir dir;
  testing::WriteFileOrDie(dir.File("a.tmp"), "a");
  testing::WriteFileOrDie(dir.File("b.tkppub"), "b");
  // Times set far back, so the change below cannot fall in the same clock
  // tick as the last one.
  const auto set_back = [&] {
    const struct timespec times[2] = {{1'000'000'000, 0}, {1'000'000'000, 0}};
    ASSERT_EQ(utimensat(AT_FDCWD, dir.path().c_str(), times, 0), 0);
  };
  const auto changes = [&](const std::function<void()>& change) {
    set_back();
    const std::optional<DirectoryStamp> before = StampOf(dir.path());
    change();
    const std::optional<DirectoryStamp> after = StampOf(dir.path());
    return before.has_value() && after.has_value() && *before != *after;
  };
  EXPECT_TRUE(changes([&] {
    testing::WriteFileOrDie(dir.File("c.tkppub"), "c");
  })) << "a new file";
  EXPECT_TRUE(changes([&] {
    ASSERT_EQ(
        std::rename(dir.File("a.tmp").c_str(), dir.File("b.tkppub").c_str()),
        0);
  })) << "renamed over another";
  EXPECT_TRUE(changes([&] { std::filesystem::remove(dir.File("c.tkppub")); }))
      << "a removal";
  EXPECT_FALSE(StampOf(dir.File("missing")).has_value());
}

}  // namespace
}  // namespace tkp
