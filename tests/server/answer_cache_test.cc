// The HTTP API's answers kept per snapshot (server/http/answer_cache.h):
// made once per snapshot and target, made again for another snapshot,
// never kept past the bound, and never kept when made as they are sent.

#include "server/http/answer_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace tkp::http {
namespace {

HttpAnswer Answer(const std::string& body) {
  HttpAnswer answer;
  answer.body = body;
  return answer;
}

TEST(AnswerCacheTest, MadeOncePerSnapshotAndTarget) {
  AnswerCache cache(1 << 20);
  const auto first = std::make_shared<const Snapshot>();
  int made = 0;
  const auto make = [&] { return Answer("answer " + std::to_string(++made)); };
  EXPECT_EQ(cache.Get(first, "/v1/coverage", make)->body, "answer 1");
  EXPECT_EQ(cache.Get(first, "/v1/coverage", make)->body, "answer 1");
  EXPECT_EQ(cache.Get(first, "/v1/publications", make)->body, "answer 2");
  // An import publishes another snapshot: nothing of the first is served.
  const auto second = std::make_shared<const Snapshot>();
  EXPECT_EQ(cache.Get(second, "/v1/coverage", make)->body, "answer 3");
  EXPECT_EQ(cache.Get(second, "/v1/coverage", make)->body, "answer 3");
  EXPECT_EQ(made, 3);
}

TEST(AnswerCacheTest, NothingKeptPastTheBound) {
  AnswerCache cache(64);
  const auto snapshot = std::make_shared<const Snapshot>();
  int made = 0;
  const auto big = [&] {
    ++made;
    return Answer(std::string(100, 'x'));
  };
  cache.Get(snapshot, "/v1/coverage", big);
  cache.Get(snapshot, "/v1/coverage", big);
  EXPECT_EQ(made, 2);  // made each time, kept never
}

TEST(AnswerCacheTest, AnAnswerMadeAsItIsSentIsNotKept) {
  AnswerCache cache(1 << 20);
  const auto snapshot = std::make_shared<const Snapshot>();
  int made = 0;
  const auto streamed = [&] {
    ++made;
    HttpAnswer answer;
    answer.next_part = [] { return std::optional<std::string>(); };
    return answer;
  };
  cache.Get(snapshot, "/v1/export", streamed);
  cache.Get(snapshot, "/v1/export", streamed);
  EXPECT_EQ(made, 2);
}

}  // namespace
}  // namespace tkp::http
