// Readers during imports: every read succeeds and sees either the old or
// the new publication whole, never a mix, and never waits for an import to
// fail.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "plugins/sdk/text.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

TEST(ConcurrencyTest, ReadersSeeWholePublicationsWhileImportsRun) {
  testing::TempDir dir;
  testing::TestServer server(dir.path());
  const std::string sample =
      testing::ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamA));
  ASSERT_TRUE(server.Import(sample, "a.txt").ok());

  constexpr int kImports = 40;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> readers;
  readers.reserve(4);
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&] {
      while (!done.load()) {
        grpc::ClientContext context;
        v1::GetRegionTotalsRequest request;
        request.set_region("Groot Amsterdam");
        v1::RegionFigures f;
        const grpc::Status s =
            server.transparency().GetRegionTotals(&context, request, &f);
        // A whole publication: the municipalities add up to the totals.
        int sum = 0;
        for (const auto& m : f.municipalities()) sum += m.counts().total();
        if (!s.ok() || sum != f.totals().total() ||
            f.municipalities_size() != 8) {
          failures.fetch_add(1);
        }
        reads.fetch_add(1);
      }
    });
  }
  // Each import a different quarter, and a replacement of the first.
  for (int i = 0; i < kImports; ++i) {
    const std::string doc = absl::StrReplaceAll(
        sample,
        {{"Derde kwartaal 2023", sdk::PeriodPhrase(2000 + i / 4, 1 + i % 4)}});
    const grpc::Status s = server.Import(doc, absl::StrCat("q", i, ".txt"));
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  done.store(true);
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(reads.load(), kImports);
  EXPECT_EQ(server.server().store().snapshot()->size(),
            static_cast<size_t>(kImports + 1));
}

}  // namespace
}  // namespace tkp
