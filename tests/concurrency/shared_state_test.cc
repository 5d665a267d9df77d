// tkp's shared state under concurrent use, without the RPC layer: readers
// of store snapshots, imports, plugin reloads and data-dir rescans all at
// once. Runs in every build, and in the ThreadSanitizer build
// (deploy/local.sh test), which sees every lock tkp takes (server/util/sync.h).

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/region_catalog.h"
#include "plugins/sdk/text.h"
#include "server/importing/document_importer.h"
#include "server/importing/importer_registry.h"
#include "server/queries/figure_queries.h"
#include "server/store/data_dir_store.h"
#include "tests/support/samples.h"
#include "tests/support/temp_files.h"
#include "tests/support/test_workers.h"

namespace tkp {
namespace {

constexpr int kImports = 60;

// Every publication in a snapshot is whole: its municipalities add up to
// its totals. A torn read would break that.
bool Whole(const v1::RegionFigures& f) {
  int64_t sum = 0;
  for (const v1::Municipality& m : f.municipalities())
    sum += m.counts().total();
  return sum == f.totals().total() && f.totals().total() > 0;
}

TEST(SharedStateTest, ReadsImportsReloadsAndRescansTogether) {
  testing::TempDir data;
  testing::TempDir plugins;
  std::filesystem::permissions(plugins.path(), std::filesystem::perms(0755));
  const std::string layout_b = absl::StrCat(TKP_PLUGIN_DIR, "/tkp_layout_b.so");
  std::filesystem::copy_file(absl::StrCat(TKP_PLUGIN_DIR, "/tkp_layout_a.so"),
                             plugins.File("a.so"));
  std::vector<std::string> errors;
  absl::StatusOr<std::unique_ptr<DataDirStore>> store =
      DataDirStore::Open(data.path(), &errors);
  ASSERT_TRUE(store.ok()) << store.status();
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      ImporterRegistry::Open(plugins.path(), testing::TestWorkerOptions());
  ASSERT_TRUE(registry.ok()) << registry.status();
  const RegionCatalog& catalog = RegionCatalog::BuiltIn();
  const DocumentImporter importer(registry->get(), store->get(), &catalog,
                                  kDefaultMaxDocumentBytes);
  const std::string sample =
      testing::ReadFileOrDie(testing::SamplePath(testing::kSampleAmsterdamA));

  std::atomic<bool> done{false};
  std::atomic<int> torn{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> threads;
  threads.reserve(4);  // two readers, plugin reloads, rescans
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&] {
      while (!done.load()) {
        const std::shared_ptr<const Snapshot> snapshot = (*store)->snapshot();
        for (const auto& [key, figures] : snapshot->publications()) {
          if (!Whole(*figures)) ++torn;
        }
        v1::GetRegionTotalsRequest latest;
        latest.set_region("Groot Amsterdam");
        FigureQueries(*snapshot, catalog).GetRegionTotals(latest).IgnoreError();
        ++reads;
      }
    });
  }
  // Plugins come and go: layout B is added and removed again and again,
  // and each reload rescans layout A (unchanged, kept).
  threads.emplace_back([&] {
    for (int i = 0; !done.load(); ++i) {
      if (i % 2 == 0) {
        std::filesystem::copy_file(
            layout_b, plugins.File("b.so"),
            std::filesystem::copy_options::overwrite_existing);
      } else {
        std::filesystem::remove(plugins.File("b.so"));
      }
      (*registry)->Reload().IgnoreError();
    }
  });
  // What the watch thread does for replicas.
  threads.emplace_back([&] {
    while (!done.load()) {
      std::vector<std::string> ignored;
      (*store)->Rescan(&ignored).IgnoreError();
      (*store)->EventsAfter(0, 10);
    }
  });

  int imported = 0;
  for (int i = 0; i < kImports; ++i) {
    v1::ImportDocumentRequest request;
    request.set_content(absl::StrReplaceAll(
        sample,
        {{"Derde kwartaal 2023", sdk::PeriodPhrase(2000 + i / 4, 1 + i % 4)}}));
    request.set_file_name("a.txt");
    request.set_importer("layout-a");
    absl::StatusOr<v1::ImportDocumentResponse> response =
        importer.Import(request);
    EXPECT_TRUE(response.ok()) << response.status();
    if (response.ok()) ++imported;
  }
  done = true;
  for (std::thread& t : threads) t.join();

  EXPECT_EQ(imported, kImports);
  EXPECT_EQ(torn.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ((*store)->snapshot()->size(), static_cast<size_t>(kImports));
  EXPECT_EQ((*store)->LastSequence(), kImports);
}

}  // namespace
}  // namespace tkp
