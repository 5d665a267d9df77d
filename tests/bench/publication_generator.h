// Made-up publications for benchmarks: a region's table for one quarter,
// in layout A (the PDF's text) or layout B (tab-separated), with counts
// that add up. The data set is generated, never stored.

#ifndef TKP_TESTS_BENCH_PUBLICATION_GENERATOR_H_
#define TKP_TESTS_BENCH_PUBLICATION_GENERATOR_H_

#include <cstdint>
#include <string>

namespace tkp::bench {

struct GeneratedPublication {
  std::string text;
  std::string file_name;
  bool needs_period = false;  // layout B names no period
};

// `seed` varies the municipalities' counts.
GeneratedPublication GeneratePublication(const std::string& region, int code,
                                         int year, int quarter, bool layout_b,
                                         uint32_t seed);

}  // namespace tkp::bench

#endif  // TKP_TESTS_BENCH_PUBLICATION_GENERATOR_H_
