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

#include "core/region_catalog.h"
#include "server/store/data_dir_store.h"
#include "server/util/files.h"
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
  GeneratedSetSpec spec;
  spec.quarters = kQuarters;
  const absl::StatusOr<GeneratedSet> generated =
      ImportGeneratedSet(data.path(), spec);
  if (!generated.ok()) {
    std::fprintf(stderr, "%s\n", generated.status().ToString().c_str());
    return 1;
  }
  const int imported = generated->publications;
  const double import_seconds = generated->import_seconds;
  const int64_t bytes = generated->text_bytes;
  std::vector<std::string> errors;

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
    absl::StatusOr<std::unique_ptr<DataDirStore>> restored =
        DataDirStore::Open(data.path(), &errors);
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
      imported, catalog.names().size(), kQuarters,
      static_cast<double>(bytes) / 1e6);
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
