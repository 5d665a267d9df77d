#include "server/ops/metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tkp {

Metrics::Metrics(const std::vector<std::string>& methods,
                 const std::vector<std::string>& worker_ends)
    : method_names_(methods),
      worker_end_names_(worker_ends),
      worker_ends_(worker_ends.size()) {
  for (const std::string& name : method_names_) {
    stats_.push_back(std::make_unique<MethodStats>());
    by_name_.emplace(name, stats_.back().get());
  }
}

void Metrics::RecordCall(absl::string_view method, absl::StatusCode code,
                         double seconds) {
  const auto it = by_name_.find(method);
  if (it == by_name_.end()) return;
  MethodStats& stats = *it->second;
  const int index = static_cast<int>(code);
  if (index >= 0 && index < kCodes) {
    stats.calls[index].fetch_add(1, std::memory_order_relaxed);
  }
  for (size_t b = 0; b < kLatencyBuckets.size(); ++b) {
    if (seconds <= kLatencyBuckets[b]) {
      stats.buckets[b].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  stats.count.fetch_add(1, std::memory_order_relaxed);
  stats.sum_nanos.fetch_add(static_cast<uint64_t>(seconds * 1e9),
                            std::memory_order_relaxed);
}

void Metrics::RecordWorkerEnd(absl::string_view reason, double busy_seconds) {
  for (size_t index = 0; index < worker_end_names_.size(); ++index) {
    if (reason == worker_end_names_[index]) {
      worker_ends_[index].fetch_add(1, std::memory_order_relaxed);
      break;
    }
  }
  worker_busy_nanos_.fetch_add(static_cast<uint64_t>(busy_seconds * 1e9),
                               std::memory_order_relaxed);
}

void Metrics::RecordImport(bool accepted) {
  (accepted ? imports_accepted_ : imports_refused_)
      .fetch_add(1, std::memory_order_relaxed);
}

void Metrics::SetPublicationsGauge(std::function<size_t()> publications) {
  publications_ = std::move(publications);
}

void Metrics::SetStoreGauges(std::function<bool()> writable,
                             std::function<int64_t()> applied_sequence) {
  store_writable_ = std::move(writable);
  applied_sequence_ = std::move(applied_sequence);
}

std::string Metrics::Render() const {
  std::string out;
  out +=
      "# HELP tkp_rpc_calls_total Finished calls by method and gRPC status "
      "code.\n# TYPE tkp_rpc_calls_total counter\n";
  for (size_t m = 0; m < stats_.size(); ++m) {
    for (int code = 0; code < kCodes; ++code) {
      const uint64_t n = stats_[m]->calls[code].load(std::memory_order_relaxed);
      if (n == 0 && code != 0) continue;  // OK always, others once seen
      absl::StrAppend(
          &out, "tkp_rpc_calls_total{method=\"", method_names_[m], "\",code=\"",
          absl::StatusCodeToString(static_cast<absl::StatusCode>(code)), "\"} ",
          n, "\n");
    }
  }
  out +=
      "# HELP tkp_rpc_errors_total Finished calls whose status was not OK.\n"
      "# TYPE tkp_rpc_errors_total counter\n";
  for (size_t m = 0; m < stats_.size(); ++m) {
    uint64_t errors = 0;
    for (int code = 1; code < kCodes; ++code) {
      errors += stats_[m]->calls[code].load(std::memory_order_relaxed);
    }
    absl::StrAppend(&out, "tkp_rpc_errors_total{method=\"", method_names_[m],
                    "\"} ", errors, "\n");
  }
  out +=
      "# HELP tkp_rpc_latency_seconds Time from receiving a call to "
      "finishing it.\n# TYPE tkp_rpc_latency_seconds histogram\n";
  for (size_t m = 0; m < stats_.size(); ++m) {
    const MethodStats& s = *stats_[m];
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kLatencyBuckets.size(); ++b) {
      cumulative += s.buckets[b].load(std::memory_order_relaxed);
      absl::StrAppend(&out, "tkp_rpc_latency_seconds_bucket{method=\"",
                      method_names_[m], "\",le=\"", kLatencyBuckets[b], "\"} ",
                      cumulative, "\n");
    }
    const uint64_t count = s.count.load(std::memory_order_relaxed);
    absl::StrAppend(
        &out, "tkp_rpc_latency_seconds_bucket{method=\"", method_names_[m],
        "\",le=\"+Inf\"} ", count, "\n",
        "tkp_rpc_latency_seconds_sum{method=\"", method_names_[m], "\"} ",
        absl::StrFormat("%.9f", static_cast<double>(s.sum_nanos.load(
                                    std::memory_order_relaxed)) /
                                    1e9),
        "\n", "tkp_rpc_latency_seconds_count{method=\"", method_names_[m],
        "\"} ", count, "\n");
  }
  absl::StrAppend(
      &out,
      "# HELP tkp_publications Publications held (one per region and "
      "period).\n# TYPE tkp_publications gauge\ntkp_publications ",
      publications_ ? publications_() : 0, "\n",
      "# HELP tkp_store_writable 1 when the store takes imports, 0 while "
      "its database cannot be reached (reads go on).\n"
      "# TYPE tkp_store_writable gauge\ntkp_store_writable ",
      !store_writable_ || store_writable_() ? 1 : 0, "\n",
      "# HELP tkp_store_applied_sequence The last publication event this "
      "server serves (the watch sequence).\n"
      "# TYPE tkp_store_applied_sequence gauge\ntkp_store_applied_sequence ",
      applied_sequence_ ? applied_sequence_() : 0, "\n",
      "# HELP tkp_imports_total Import calls by result.\n"
      "# TYPE tkp_imports_total counter\n"
      "tkp_imports_total{result=\"accepted\"} ",
      imports_accepted_.load(std::memory_order_relaxed), "\n",
      "tkp_imports_total{result=\"refused\"} ",
      imports_refused_.load(std::memory_order_relaxed), "\n");
  absl::StrAppend(
      &out,
      "# HELP tkp_import_worker_exits_total Import workers by how "
      "they ended.\n# TYPE tkp_import_worker_exits_total counter\n");
  uint64_t workers = 0;
  for (size_t r = 0; r < worker_end_names_.size(); ++r) {
    const uint64_t n = worker_ends_[r].load(std::memory_order_relaxed);
    workers += n;
    absl::StrAppend(&out, "tkp_import_worker_exits_total{reason=\"",
                    worker_end_names_[r], "\"} ", n, "\n");
  }
  absl::StrAppend(
      &out,
      "# HELP tkp_import_worker_seconds Time import workers spent answering "
      "(rating and parsing a document).\n"
      "# TYPE tkp_import_worker_seconds summary\n"
      "tkp_import_worker_seconds_sum ",
      absl::StrFormat("%.9f", static_cast<double>(worker_busy_nanos_.load(
                                  std::memory_order_relaxed)) /
                                  1e9),
      "\ntkp_import_worker_seconds_count ", workers, "\n");
  return out;
}

}  // namespace tkp
