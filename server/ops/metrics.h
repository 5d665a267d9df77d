// Counters and latency histograms for Prometheus: calls per method and
// status code, latency per method, imports accepted and refused, and the
// publications held. Lock-free on the call path: every method is known at
// construction and its counters are atomics.

#ifndef TKP_SERVER_METRICS_H_
#define TKP_SERVER_METRICS_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tkp {

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
      0.01,   0.025,   0.05,   0.1,   0.5,    2.5};

  // `methods` are the only names RecordCall counts ("Service/Method");
  // `worker_ends` the only reasons RecordWorkerEnd counts, in the order
  // they are rendered (the workers' labels: WorkerEndLabel).
  Metrics(const std::vector<std::string>& methods,
          const std::vector<std::string>& worker_ends);

  void RecordCall(absl::string_view method, absl::StatusCode code,
                  double seconds);
  void RecordImport(bool accepted);

  // How an import worker ended (one of `worker_ends`) and how long it was
  // busy answering.
  void RecordWorkerEnd(absl::string_view reason, double busy_seconds);

  // Read when rendering: the number of publications held.
  void SetPublicationsGauge(std::function<size_t()> publications);

  // Read when rendering: whether the store takes commits now, and the
  // last event the server has applied (its watch sequence).
  void SetStoreGauges(std::function<bool()> writable,
                      std::function<int64_t()> applied_sequence);

  // The Prometheus text exposition format (version 0.0.4), served as
  // kPrometheusContentType.
  std::string Render() const;

  static constexpr char kPrometheusContentType[] =
      "text/plain; version=0.0.4; charset=utf-8";

 private:
  static constexpr int kCodes = 17;  // gRPC's canonical codes
  struct MethodStats {
    std::array<std::atomic<uint64_t>, kCodes> calls{};
    std::array<std::atomic<uint64_t>, kLatencyBuckets.size()> buckets{};
    std::atomic<uint64_t> count{0};
    std::atomic<uint64_t> sum_nanos{0};
  };

  // Constant after construction: the map, and the order for rendering.
  std::vector<std::string> method_names_;
  std::vector<std::unique_ptr<MethodStats>> stats_;
  absl::flat_hash_map<std::string, MethodStats*> by_name_;
  std::atomic<uint64_t> imports_accepted_{0};
  std::atomic<uint64_t> imports_refused_{0};
  std::vector<std::string> worker_end_names_;
  std::vector<std::atomic<uint64_t>> worker_ends_;  // by worker_end_names_
  std::atomic<uint64_t> worker_busy_nanos_{0};
  std::function<size_t()> publications_;       // set once before serving
  std::function<bool()> store_writable_;       // set once before serving
  std::function<int64_t()> applied_sequence_;  // set once before serving
};

}  // namespace tkp

#endif  // TKP_SERVER_METRICS_H_
