#include "server/services/event_feed.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace tkp {
namespace {

// A log of events 1..n, as DataDirStore::EventsAfter serves it, counting
// how often it is asked.
struct Log {
  std::vector<v1::PublicationEvent> events;
  int fetches = 0;

  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      v1::PublicationEvent e;
      e.set_sequence(static_cast<int64_t>(events.size()) + 1);
      events.push_back(e);
    }
  }
  EventFeed::Fetch Fetcher() {
    return [this](int64_t after, size_t max) {
      ++fetches;
      std::vector<v1::PublicationEvent> out;
      for (const v1::PublicationEvent& e : events) {
        if (e.sequence() > after && out.size() < max) out.push_back(e);
      }
      return out;
    };
  }
};

std::vector<int64_t> TakeAll(EventFeed& feed) {
  std::vector<int64_t> taken;
  while (std::optional<v1::PublicationEvent> e = feed.Next()) {
    taken.push_back(e->sequence());
  }
  return taken;
}

// A watcher thousands of events behind asks the store once per batch, not
// once per event (from the log on disk, each ask reads the whole file).
TEST(EventFeedTest, ALaggingWatcherFetchesInBatches) {
  Log log;
  log.Append(1000);
  EventFeed feed(log.Fetcher(), 0, 256);
  const std::vector<int64_t> taken = TakeAll(feed);
  ASSERT_EQ(taken.size(), 1000u);
  for (size_t i = 0; i < taken.size(); ++i) EXPECT_EQ(taken[i], i + 1);
  // 4 batches of up to 256, and the ask that found nothing more.
  EXPECT_EQ(log.fetches, 5);
}

TEST(EventFeedTest, StartsAfterTheGivenSequenceAndPicksUpNewEvents) {
  Log log;
  log.Append(10);
  EventFeed feed(log.Fetcher(), 7, 256);
  EXPECT_THAT(TakeAll(feed), ::testing::ElementsAre(8, 9, 10));
  EXPECT_FALSE(feed.Next().has_value());
  log.Append(2);
  EXPECT_THAT(TakeAll(feed), ::testing::ElementsAre(11, 12));
}

}  // namespace
}  // namespace tkp
