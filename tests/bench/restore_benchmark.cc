// Loading a year's worth of everything: generates 35 regions × 57 quarters
// of publications (both layouts; the generator, not the data, is kept),
// imports them into a fresh data dir, then times restoring that data dir
// (what a starting server does before it reports SERVING) against a
// baseline measured in the same run: reading the same files without
// decoding them. Prints medians of 3 runs. Not a test.
//
// Usage: tkp-restore-benchmark

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "server/document_importer.h"
#include "server/durable_file.h"
#include "server/figure_store.h"
#include "server/importer_registry.h"
#include "server/period.h"
#include "server/region_catalog.h"
#include "tests/bench/publication_generator.h"
#include "tests/support/test_support.h"

namespace tkp::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kQuarters = 57;
constexpr int kRepeats = 3;

double Seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

int Run() {
  const RegionCatalog& catalog = RegionCatalog::BuiltIn();
  testing::TempDir data;
  std::vector<std::string> errors;
  absl::StatusOr<std::unique_ptr<FigureStore>> store =
      FigureStore::Open(data.path(), &errors);
  absl::StatusOr<std::unique_ptr<ImporterRegistry>> registry =
      ImporterRegistry::Open(TKP_PLUGIN_DIR);
  if (!store.ok() || !registry.ok()) {
    std::fprintf(stderr, "cannot open the store or the plugins\n");
    return 1;
  }
  const DocumentImporter importer(registry->get(), store->get(), &catalog,
                                  kDefaultMaxDocumentBytes);

  // Import everything: 35 regions × 57 quarters, alternating layouts.
  const auto import_start = Clock::now();
  int imported = 0;
  int64_t bytes = 0;
  int code = 0;
  for (const std::string& region : catalog.names()) {
    ++code;
    for (int q = 0; q < kQuarters; ++q) {
      const int year = 2010 + q / 4;
      const int quarter = 1 + q % 4;
      const GeneratedPublication p =
          GeneratePublication(region, code, year, quarter, (code + q) % 2 == 1,
                              static_cast<uint32_t>(code * 1000 + q));
      v1::ImportDocumentRequest request;
      request.set_content(p.text);
      request.set_file_name(p.file_name);
      if (p.needs_period) *request.mutable_period() = ToProto({year, quarter});
      absl::StatusOr<v1::ImportDocumentResponse> response =
          importer.Import(request);
      if (!response.ok()) {
        std::fprintf(stderr, "generated document refused: %s\n",
                     std::string(response.status().message()).c_str());
        return 1;
      }
      ++imported;
      bytes += static_cast<int64_t>(p.text.size());
    }
  }
  const double import_seconds = Seconds(Clock::now() - import_start);
  store->reset();

  // Restore, and the baseline: the same files read, not decoded.
  std::vector<double> restore, baseline;
  for (int r = 0; r < kRepeats; ++r) {
    auto start = Clock::now();
    int64_t read = 0;
    for (const auto& entry :
         std::filesystem::directory_iterator(data.path() + "/publications")) {
      absl::StatusOr<std::string> content = ReadFile(entry.path().string());
      if (content.ok()) read += static_cast<int64_t>(content->size());
    }
    baseline.push_back(Seconds(Clock::now() - start));
    if (read == 0) return 1;

    start = Clock::now();
    absl::StatusOr<std::unique_ptr<FigureStore>> restored =
        FigureStore::Open(data.path(), &errors);
    restore.push_back(Seconds(Clock::now() - start));
    if (!restored.ok() ||
        (*restored)->snapshot()->size() != static_cast<size_t>(imported)) {
      std::fprintf(stderr, "restore lost publications\n");
      return 1;
    }
  }

  const double restore_median = Median(restore);
  const double baseline_median = Median(baseline);
  std::printf(
      "tkp-restore-benchmark: %d publications (%zu regions x %d "
      "quarters, both layouts), %.1f MB of document text\n",
      imported, catalog.names().size(), kQuarters, bytes / 1e6);
  std::printf("  import, one at a time, fsynced  %8.2f s   %8.0f docs/s\n",
              import_seconds, imported / import_seconds);
  std::printf("  restore (median of %d)          %8.3f s   %8.0f docs/s\n",
              kRepeats, restore_median, imported / restore_median);
  std::printf("  baseline: read the files        %8.3f s   %8.0f docs/s\n",
              baseline_median, imported / baseline_median);
  std::printf("  restore / baseline              %8.2f x\n",
              restore_median / baseline_median);
  return 0;
}

}  // namespace
}  // namespace tkp::bench

int main() { return tkp::bench::Run(); }
