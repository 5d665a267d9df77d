// Made-up publications for benchmarks: a region's table for one quarter,
// in layout A (the PDF's text) or layout B (tab-separated), with counts
// that add up. The data set is generated, never stored.

#ifndef TKP_TESTS_BENCH_PUBLICATION_GENERATOR_H_
#define TKP_TESTS_BENCH_PUBLICATION_GENERATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tkp::bench {

struct GeneratedPublication {
  std::string text;
  std::string file_name;
  bool needs_period = false;  // layout B names no period
};

// The made-up name of the region's municipality number `m` (0-based):
// "AM05 gemeente A".
std::string MunicipalityName(const std::string& region, int m);

// `seed` varies the municipalities' counts.
GeneratedPublication GeneratePublication(const std::string& region, int code,
                                         int year, int quarter, bool layout_b,
                                         uint32_t seed);

// The data set of the benchmarks: quarters [first_quarter, first_quarter +
// quarters) counted from 2010Q1, of every catalog region (or only of
// `regions`), in alternating layouts. A region's code and counts depend on
// its place in the catalog, so one publication is the same in every set.
struct GeneratedSetSpec {
  int first_quarter = 0;
  int quarters = 57;
  std::vector<std::string> regions;  // empty: all
  // The baseline of worker imports: the plugin called in this process,
  // then the same validation and the same fsynced store.
  bool in_process = false;
};

struct GeneratedSet {
  int publications = 0;
  int64_t text_bytes = 0;
  double import_seconds = 0;
};

// Imports the set into the data dir at `data_dir` through the server's own
// importer (plugins from the build, each document in workers), one fsynced
// import per publication; or as `spec.in_process` says.
absl::StatusOr<GeneratedSet> ImportGeneratedSet(const std::string& data_dir,
                                                const GeneratedSetSpec& spec);

}  // namespace tkp::bench

#endif  // TKP_TESTS_BENCH_PUBLICATION_GENERATOR_H_
