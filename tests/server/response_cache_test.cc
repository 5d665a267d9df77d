#include "server/services/response_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace tkp {
namespace {

std::string Text(const grpc::Slice& slice) {
  return std::string(reinterpret_cast<const char*>(slice.begin()),
                     slice.size());
}

TEST(ResponseCacheTest, KeepsAnswersByKeyAndTheFirstOfTwo) {
  ResponseCache cache(std::make_shared<const Snapshot>(), 1 << 20);
  grpc::Slice found;
  EXPECT_FALSE(cache.Find("a", &found));
  EXPECT_EQ(Text(cache.Insert("a", "answer a")), "answer a");
  ASSERT_TRUE(cache.Find("a", &found));
  EXPECT_EQ(Text(found), "answer a");
  EXPECT_FALSE(cache.Find("b", &found));
  // Two calls computing the same answer at once: the first kept wins.
  EXPECT_EQ(Text(cache.Insert("a", "again")), "answer a");
  EXPECT_EQ(cache.bytes(), 1 + 8u);
}

TEST(ResponseCacheTest, BeyondItsBoundAnswersAreGivenButNotKept) {
  ResponseCache cache(std::make_shared<const Snapshot>(), 20);
  EXPECT_EQ(Text(cache.Insert("k1", "0123456789")), "0123456789");
  EXPECT_EQ(Text(cache.Insert("k2", "0123456789")), "0123456789");
  grpc::Slice found;
  EXPECT_TRUE(cache.Find("k1", &found));
  EXPECT_FALSE(cache.Find("k2", &found));
  EXPECT_EQ(cache.bytes(), 12u);
}

TEST(ResponseCachesTest, ANewSnapshotGetsAnEmptyCache) {
  ResponseCaches caches(1 << 20);
  auto first = std::make_shared<const Snapshot>();
  const std::shared_ptr<ResponseCache> cache = caches.For(first);
  cache->Insert("k", "old");
  EXPECT_EQ(caches.For(first), cache);  // the same snapshot, the same cache

  auto second = std::make_shared<const Snapshot>();
  const std::shared_ptr<ResponseCache> fresh = caches.For(second);
  EXPECT_NE(fresh, cache);
  EXPECT_EQ(fresh->snapshot(), second);
  grpc::Slice found;
  EXPECT_FALSE(fresh->Find("k", &found));
  // A call still reading the first snapshot gets a cache for that one.
  EXPECT_EQ(caches.For(first)->snapshot(), first);
}

}  // namespace
}  // namespace tkp
