// The HTTP/JSON API's reads timed against their ceiling in one run: GET
// /v1/regions/{r}/totals on tkp-server --http-listen, and the same bytes
// from tkp-http-ceiling-server (a Boost.Beast server that only answers
// them), both driven by h2load --h1 at the same settings, run after run
// alternating so that the machine's drift falls on both alike.

#ifndef TKP_TESTS_BENCH_HTTP_TIMINGS_H_
#define TKP_TESTS_BENCH_HTTP_TIMINGS_H_

#include <string>
#include <vector>

namespace tkp::bench {

struct HttpReadSettings {
  std::string data_dir;  // served by a tkp-server of its own
  std::string region;    // as the route takes it: "AM18"
  std::vector<std::string> server_launcher;  // taskset -c N, or nothing
  int load_cpu = -1;
  int connections = 16;
  double seconds = 3;
  double warm_up_seconds = 1;
  int repeats = 3;
};

struct HttpReadRates {
  size_t answer_bytes = 0;
  double tkp_calls_per_second = 0;      // the median
  double ceiling_calls_per_second = 0;  // the median
  double ratio = 0;  // the median of the runs' ratios, back to back
};

// Dies when a server does not start or a call is not answered in full.
HttpReadRates MeasureHttpReads(const HttpReadSettings& settings);

}  // namespace tkp::bench

#endif  // TKP_TESTS_BENCH_HTTP_TIMINGS_H_
