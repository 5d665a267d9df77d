// tkp-bench: tkp-server measured against the ceiling in one run. The
// ceiling is tkp-echo-server, a unary echo on the same gRPC built with the
// same flags; both are driven by the same independent load generator
// (h2load) at the same settings, pinned to different CPUs. Also measured:
// start-up with ~2,000 publications (before SERVING), the CPU an idle
// server uses, resident memory under a read load, and parsing per plugin
// (tkp-parse-benchmark). Prints Markdown tables with each figure, its
// ratio to its baseline, the issue's target and whether it is met. Not a
// test: deploy/local.sh bench.
//
// Usage: tkp-bench [--seconds S] [--repeats N] [--memory-seconds S]

#include <grpcpp/grpcpp.h>
#include <sched.h>
#include <sys/utsname.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "bench/echo.pb.h"
#include "tests/bench/bench_errors.h"
#include "tests/bench/database_timings.h"
#include "tests/bench/h2load.h"
#include "tests/bench/http_timings.h"
#include "tests/bench/import_timings.h"
#include "tests/bench/publication_generator.h"
#include "tests/support/postgres_server.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"
#include "tkp/v1/tkp.grpc.pb.h"

namespace tkp::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kIdleSeconds = 10;

struct Options {
  double seconds = 2;
  double warm_up_seconds = 0.5;
  int repeats = 7;
  int memory_seconds = 60;
};

// Where server and load generator run: different CPUs when there are two.
struct Placement {
  int server_cpu = -1;
  int load_cpu = -1;
  std::vector<std::string> server_launcher;  // taskset -c N, or nothing
  std::string description;
};

Placement PlaceProcesses() {
  Placement placement;
  cpu_set_t set;
  CPU_ZERO(&set);
  std::vector<int> cpus;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
      if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    }
  }
  if (cpus.size() < 2) {
    placement.description =
        "one CPU: server and load generator share it (not pinned)";
    return placement;
  }
  placement.server_cpu = cpus[0];
  placement.load_cpu = cpus[1];
  placement.server_launcher = {"taskset", "-c",
                               std::to_string(placement.server_cpu)};
  placement.description =
      absl::StrCat("server pinned to CPU ", placement.server_cpu,
                   ", load generator to CPU ", placement.load_cpu);
  return placement;
}

std::string Machine() {
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  }
  utsname name{};
  uname(&name);
  return absl::StrCat(model, ", ", std::thread::hardware_concurrency(),
                      " CPUs, Linux ", name.release, ", gRPC ",
                      grpc::Version());
}

double MiB(int64_t kib) { return static_cast<double>(kib) / 1024.0; }

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

std::string Thousands(double value) {
  const std::string digits = absl::StrFormat("%.0f", value);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0 && digits[i - 1] != '-') {
      out += ',';
    }
    out += digits[i];
  }
  return out;
}

// One row of the summary: a figure, its baseline, the target on their
// ratio (or on the figure itself when there is no baseline).
struct Verdict {
  std::string figure;
  std::string value;
  std::string baseline;
  std::string ratio;
  std::string target;
  bool met = false;
};

std::string RatioText(double ratio) { return absl::StrFormat("%.2f", ratio); }

// A read scenario: one server, one method, one request.
struct Scenario {
  std::string name;
  std::string short_name;  // as a baseline: "echo", "2 publications"
  const testing::ServerProcess* server;
  std::string path;  // /package.Service/Method
  std::string body_file;
  size_t answer_frame_bytes;
  // calls/s, p50, p99 per repeat, at 1 and at 16 streams
  std::map<int, std::vector<LoadFigures>> runs;
};

LoadFigures MedianOf(const std::vector<LoadFigures>& runs) {
  std::vector<double> rate, p50, p99;
  for (const LoadFigures& f : runs) {
    rate.push_back(f.calls_per_second);
    p50.push_back(f.p50_us);
    p99.push_back(f.p99_us);
  }
  LoadFigures median;
  median.calls_per_second = Median(rate);
  median.p50_us = Median(p50);
  median.p99_us = Median(p99);
  return median;
}

// What a read figure compares: calls/s at 16 streams, or p50 latency one
// call at a time.
struct Measure {
  int streams;
  double LoadFigures::*figure;
  const char* unit;
};
constexpr Measure kThroughput = {16, &LoadFigures::calls_per_second, "calls/s"};
constexpr Measure kLatency = {1, &LoadFigures::p50_us, "us"};

// The median over repeats of the subject's figure divided by the
// baseline's in the same repeat. Runs seconds apart share the machine's
// state, so their ratio is steadier than a ratio of two medians on a
// machine whose speed drifts (a shared virtual machine's does).
double PairedRatio(const Scenario& subject, const Scenario& baseline,
                   const Measure& measure) {
  const std::vector<LoadFigures>& a = subject.runs.at(measure.streams);
  const std::vector<LoadFigures>& b = baseline.runs.at(measure.streams);
  std::vector<double> ratios;
  for (size_t r = 0; r < a.size() && r < b.size(); ++r) {
    ratios.push_back(a[r].*measure.figure / b[r].*measure.figure);
  }
  return Median(ratios);
}

constexpr double kUnbounded = 1e9;

// A target on a paired ratio: low <= ratio <= high.
struct RatioTarget {
  std::string figure;
  const Scenario* subject;
  const Scenario* baseline;
  Measure measure;
  double low;
  double high;
};

Verdict VerdictOf(const RatioTarget& target) {
  const auto text = [&](const Scenario& scenario) {
    const double value = MedianOf(scenario.runs.at(target.measure.streams)).*
                         target.measure.figure;
    return absl::StrCat(Thousands(value), " ", target.measure.unit);
  };
  const double ratio =
      PairedRatio(*target.subject, *target.baseline, target.measure);
  std::string range;
  if (target.high == kUnbounded) {
    range = absl::StrFormat(">= %.2f", target.low);
  } else if (target.low == 0) {
    range = absl::StrFormat("<= %.2f", target.high);
  } else {
    range = absl::StrFormat("%.2f - %.2f", target.low, target.high);
  }
  return {target.figure,
          text(*target.subject),
          absl::StrCat(text(*target.baseline), " (",
                       target.baseline->short_name, ")"),
          RatioText(ratio),
          range,
          ratio >= target.low && ratio <= target.high};
}

std::unique_ptr<v1::TransparencyService::Stub> Stub(
    const testing::ServerProcess& server) {
  return v1::TransparencyService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
}

template <typename Response>
Response CallOrDie(const char* what, const grpc::Status& status,
                   const Response& response) {
  if (!status.ok()) {
    Die(absl::StrCat(what, " failed: ", status.error_message()));
  }
  return response;
}

// Start-up before SERVING, for a data dir: seconds from spawning the
// server to reading its "serving" line, and the restore time it logs.
struct StartUp {
  double serving_seconds = 0;
  double restore_seconds = 0;
};

StartUp TimeStartUp(const std::string& data_dir, const Placement& placement) {
  const auto start = Clock::now();
  testing::ServerProcess server(
      {"--data-dir", data_dir, "--plugin-dir", TKP_PLUGIN_DIR}, false, {},
      placement.server_launcher);
  StartUp result;
  result.serving_seconds =
      std::chrono::duration<double>(Clock::now() - start).count();
  if (!server.running()) Die("tkp-server did not start:\n" + server.log());
  std::smatch match;
  const std::string log = server.log();
  if (!std::regex_search(log, match,
                         std::regex(R"(restored in ([\d.]+)(ms|us|s)\b)"))) {
    Die("tkp-server did not log its restore time:\n" + log);
  }
  double value = 0;
  (void)absl::SimpleAtod(match[1].str(), &value);
  const std::string unit = match[2].str();
  result.restore_seconds = unit == "s"    ? value
                           : unit == "ms" ? value / 1e3
                                          : value / 1e6;
  return result;
}

// Google Benchmark's CSV: bytes per second by benchmark, the medians when
// there are repetitions.
std::map<std::string, double> ParseSpeeds(int repeats) {
  const testing::ProcessResult run =
      testing::RunProcess({TKP_PARSE_BENCHMARK_BIN, "--benchmark_format=csv",
                           absl::StrCat("--benchmark_repetitions=", repeats),
                           "--benchmark_report_aggregates_only=true"},
                          {}, 600);
  if (run.exit_code != 0) Die("tkp-parse-benchmark failed:\n" + run.err);
  const std::string median = "_median";
  std::map<std::string, double> speeds;
  for (absl::string_view line : absl::StrSplit(run.out, '\n')) {
    const std::vector<std::string> cells = absl::StrSplit(line, ',');
    double bytes_per_second = 0;
    if (cells.size() < 6 || !absl::SimpleAtod(cells[5], &bytes_per_second)) {
      continue;
    }
    std::string name = cells[0];
    name.erase(std::remove(name.begin(), name.end(), '"'), name.end());
    if (repeats > 1) {
      if (!absl::EndsWith(name, median)) continue;  // mean, stddev, cv
      name.resize(name.size() - median.size());
    }
    speeds[name] = bytes_per_second;
  }
  return speeds;
}

int Run(const Options& options) {
  const std::string h2load = OrDie(FindH2load());
  const Placement placement = PlaceProcesses();
  std::printf("tkp-bench: %s\n", Machine().c_str());
  std::printf(
      "%s; loopback; one connection; each figure the median of %d runs of "
      "%g s (after %g s of warm-up), each ratio the median of the %d ratios "
      "of runs made back to back\n\n",
      placement.description.c_str(), options.repeats, options.seconds,
      options.warm_up_seconds, options.repeats);
  std::fflush(stdout);

  // The data sets: the same generator, so Groot Amsterdam's latest
  // publication has the same figures in both.
  const testing::TempDir small_dir, large_dir, frames;
  GeneratedSetSpec small_spec;
  small_spec.first_quarter = 56;
  small_spec.quarters = 1;
  small_spec.regions = {"Groot Amsterdam", "Food Valley"};
  const GeneratedSet small =
      OrDie(ImportGeneratedSet(small_dir.path(), small_spec));
  const GeneratedSet large = OrDie(ImportGeneratedSet(large_dir.path(), {}));
  // The bulk import's baseline: the same set, plugins called in process,
  // into the same kind of fsynced store on the same disk.
  const GeneratedSet large_in_process = [] {
    const testing::TempDir dir;
    GeneratedSetSpec spec;
    spec.in_process = true;
    return OrDie(ImportGeneratedSet(dir.path(), spec));
  }();

  std::vector<Verdict> verdicts;

  // Start-up with the large set: spawn to SERVING, plugins and all.
  std::vector<double> serving, restore;
  for (int r = 0; r < options.repeats; ++r) {
    const StartUp s = TimeStartUp(large_dir.path(), placement);
    serving.push_back(s.serving_seconds);
    restore.push_back(s.restore_seconds);
  }
  const double serving_s = Median(serving);
  const double restore_s = Median(restore);
  const double docs_per_second = large.publications / serving_s;

  const testing::ServerProcess echo({}, false, {}, placement.server_launcher,
                                    TKP_ECHO_SERVER_BIN);
  const std::vector<std::string> tkp_args = {"--plugin-dir", TKP_PLUGIN_DIR,
                                             "--data-dir"};
  auto with_dir = [&](const std::string& dir) {
    std::vector<std::string> args = tkp_args;
    args.push_back(dir);
    return args;
  };
  const testing::ServerProcess tkp_small(with_dir(small_dir.path()), false, {},
                                         placement.server_launcher);
  const testing::ServerProcess tkp_large(with_dir(large_dir.path()), false, {},
                                         placement.server_launcher);
  for (const testing::ServerProcess* s : {&echo, &tkp_small, &tkp_large}) {
    if (!s->running()) Die("a server did not start:\n" + s->log());
  }
  // The same set in PostgreSQL (with its defaults: fsync, synchronous
  // commits), served by a replica on it.
  const std::unique_ptr<testing::PostgresServer> postgres =
      OrDie(testing::PostgresServer::Create(nullptr, /*durable=*/true));
  const std::unique_ptr<testing::ServerProcess> tkp_large_pg =
      ServerOnCopyOf(large_dir.path(), OrDie(postgres->NewDatabase()),
                     placement.server_launcher);

  // Background work while idle (the data dir watcher), which must not grow
  // with the store either.
  const double small_cpu_before = testing::CpuSeconds(tkp_small.pid());
  const double large_cpu_before = testing::CpuSeconds(tkp_large.pid());
  std::this_thread::sleep_for(std::chrono::seconds(kIdleSeconds));
  const double small_idle_cpu =
      testing::CpuSeconds(tkp_small.pid()) - small_cpu_before;
  const double large_idle_cpu =
      testing::CpuSeconds(tkp_large.pid()) - large_cpu_before;

  // The requests, and the answers every call must get in full.
  v1::GetRegionTotalsRequest totals_request;
  totals_request.set_region("Groot Amsterdam");
  const v1::GetCoverageRequest coverage_request;
  bench::EchoMessage echo_request;
  echo_request.set_text(totals_request.region());  // the same bytes
  testing::WriteFileOrDie(frames.File("totals"), GrpcFrame(totals_request));
  testing::WriteFileOrDie(frames.File("coverage"), GrpcFrame(coverage_request));

  v1::RegionFigures small_totals, large_totals;
  v1::GetCoverageResponse coverage;
  {
    grpc::ClientContext c1, c2, c3;
    CallOrDie(
        "GetRegionTotals (2 publications)",
        Stub(tkp_small)->GetRegionTotals(&c1, totals_request, &small_totals),
        small_totals);
    CallOrDie(
        "GetRegionTotals (all publications)",
        Stub(tkp_large)->GetRegionTotals(&c2, totals_request, &large_totals),
        large_totals);
    CallOrDie("GetCoverage",
              Stub(tkp_large)->GetCoverage(&c3, coverage_request, &coverage),
              coverage);
  }
  if (testing::FiguresOnly(small_totals).SerializeAsString() !=
      testing::FiguresOnly(large_totals).SerializeAsString()) {
    Die("Groot Amsterdam's latest figures differ between the data sets");
  }
  if (coverage.regions_size() != 35) {
    Die(absl::StrCat("GetCoverage lists ", coverage.regions_size(),
                     " regions, not 35"));
  }

  std::vector<Scenario> scenarios = {
      {"echo (the ceiling)",
       "echo",
       &echo,
       "/tkp.bench.Echo/Echo",
       frames.File("totals"),
       GrpcFrame(echo_request).size(),
       {}},
      {absl::StrCat("GetRegionTotals, ", small.publications, " publications"),
       absl::StrCat(small.publications, " publications"),
       &tkp_small,
       "/tkp.v1.TransparencyService/GetRegionTotals",
       frames.File("totals"),
       GrpcFrame(small_totals).size(),
       {}},
      {absl::StrCat("GetRegionTotals, ", Thousands(large.publications),
                    " publications"),
       absl::StrCat(Thousands(large.publications), " publications"),
       &tkp_large,
       "/tkp.v1.TransparencyService/GetRegionTotals",
       frames.File("totals"),
       GrpcFrame(large_totals).size(),
       {}},
      {absl::StrCat("GetRegionTotals, ", Thousands(large.publications),
                    " publications, on PostgreSQL"),
       "PostgreSQL",
       tkp_large_pg.get(),
       "/tkp.v1.TransparencyService/GetRegionTotals",
       frames.File("totals"),
       GrpcFrame(large_totals).size(),
       {}},
      {absl::StrCat("GetCoverage (35 regions), ", Thousands(large.publications),
                    " publications"),
       "GetCoverage",
       &tkp_large,
       "/tkp.v1.TransparencyService/GetCoverage",
       frames.File("coverage"),
       GrpcFrame(coverage).size(),
       {}},
  };
  // Each repeat runs every scenario back to back, starting one further
  // along each time, so drift in the machine's speed falls on all alike.
  for (int r = 0; r < options.repeats; ++r) {
    for (int streams : {1, 16}) {
      for (size_t i = 0; i < scenarios.size(); ++i) {
        Scenario& scenario = scenarios[(i + r) % scenarios.size()];
        LoadSettings settings;
        settings.url =
            absl::StrCat("http://", scenario.server->address(), scenario.path);
        settings.body_file = scenario.body_file;
        settings.streams = streams;
        settings.cpu = placement.load_cpu;
        settings.seconds = options.warm_up_seconds;
        OrDie(RunLoad(h2load, settings, scenario.answer_frame_bytes));
        settings.seconds = options.seconds;
        scenario.runs[streams].push_back(
            OrDie(RunLoad(h2load, settings, scenario.answer_frame_bytes)));
      }
    }
    std::fprintf(stderr, "tkp-bench: repeat %d of %d done\n", r + 1,
                 options.repeats);
  }

  const Scenario& ceiling = scenarios[0];
  std::printf(
      "| calls | 1 at a time: calls/s | p50 us | p99 us | 16 streams: "
      "calls/s | p50 us | p99 us | calls/s vs ceiling (16) | p50 vs ceiling "
      "(1) |\n|---|---|---|---|---|---|---|---|---|\n");
  for (Scenario& scenario : scenarios) {
    const LoadFigures one = MedianOf(scenario.runs[1]);
    const LoadFigures sixteen = MedianOf(scenario.runs[16]);
    std::printf("| %s | %s | %.0f | %.0f | %s | %.0f | %.0f | %.2f | %.2f |\n",
                scenario.name.c_str(), Thousands(one.calls_per_second).c_str(),
                one.p50_us, one.p99_us,
                Thousands(sixteen.calls_per_second).c_str(), sixteen.p50_us,
                sixteen.p99_us, PairedRatio(scenario, ceiling, kThroughput),
                PairedRatio(scenario, ceiling, kLatency));
  }
  std::printf("\n");

  const Scenario& small_totals_calls = scenarios[1];
  const Scenario& large_totals_calls = scenarios[2];
  const Scenario& pg_totals_calls = scenarios[3];
  const Scenario& coverage_calls = scenarios[4];
  const std::vector<RatioTarget> targets = {
      {small_totals_calls.name + ": calls/s at 16 streams", &small_totals_calls,
       &ceiling, kThroughput, 0.9, kUnbounded},
      {large_totals_calls.name + ": calls/s at 16 streams", &large_totals_calls,
       &ceiling, kThroughput, 0.9, kUnbounded},
      {small_totals_calls.name + ": p50 latency, 1 at a time",
       &small_totals_calls, &ceiling, kLatency, 0, 1.15},
      {large_totals_calls.name + ": p50 latency, 1 at a time",
       &large_totals_calls, &ceiling, kLatency, 0, 1.15},
      {absl::StrCat("GetRegionTotals calls/s at 16 streams, ",
                    Thousands(large.publications), " vs ", small.publications,
                    " publications"),
       &large_totals_calls, &small_totals_calls, kThroughput, 0.95, 1.05},
      {absl::StrCat("GetRegionTotals p50 latency, ",
                    Thousands(large.publications), " vs ", small.publications,
                    " publications"),
       &large_totals_calls, &small_totals_calls, kLatency, 0.95, 1.05},
      {pg_totals_calls.name + ": calls/s at 16 streams", &pg_totals_calls,
       &ceiling, kThroughput, 0.9, kUnbounded},
      {coverage_calls.name + ": calls/s at 16 streams", &coverage_calls,
       &ceiling, kThroughput, 0.75, kUnbounded},
  };
  verdicts.reserve(verdicts.size() + targets.size());
  for (const RatioTarget& target : targets) {
    verdicts.push_back(VerdictOf(target));
  }
  {
    // The same read over the HTTP/JSON API, against Boost.Beast answering
    // the same bytes.
    HttpReadSettings http;
    http.data_dir = large_dir.path();
    http.region = "AM18";
    http.server_launcher = placement.server_launcher;
    http.load_cpu = placement.load_cpu;
    http.seconds = options.seconds;
    http.warm_up_seconds = options.warm_up_seconds;
    http.repeats = options.repeats;
    const HttpReadRates rates = MeasureHttpReads(http);
    verdicts.push_back(
        {absl::StrCat("GET /v1/regions/AM18/totals over HTTP/1.1 (h2load "
                      "--h1, 16 connections), ",
                      Thousands(large.publications), " publications, ",
                      rates.answer_bytes, "-byte answer"),
         absl::StrFormat("%.0f calls/s", rates.tkp_calls_per_second),
         absl::StrFormat("%.0f calls/s (Beast, the same bytes)",
                         rates.ceiling_calls_per_second),
         RatioText(rates.ratio), ">= 0.80", rates.ratio >= 0.8});
  }
  verdicts.push_back(
      {absl::StrCat(
           "start-up to SERVING, ", Thousands(large.publications),
           " publications (",
           absl::StrFormat("%.1f", static_cast<double>(large.text_bytes) / 1e6),
           " MB of text)"),
       absl::StrFormat("%.0f ms", serving_s * 1e3),
       absl::StrFormat("restore itself: %.0f ms", restore_s * 1e3), "",
       "< 1000 ms", serving_s < 1.0});
  verdicts.push_back({"publications restored per second, start to SERVING",
                      absl::StrCat(Thousands(docs_per_second), " docs/s"), "",
                      "", ">= 5,000", docs_per_second >= 5000});

  {
    const auto share = [](double seconds) {
      return absl::StrFormat("%.2f%% of a CPU", 100 * seconds / kIdleSeconds);
    };
    verdicts.push_back(
        {absl::StrCat("CPU of an idle server over ", kIdleSeconds, " s, ",
                      Thousands(large.publications), " publications"),
         share(large_idle_cpu),
         absl::StrCat(share(small_idle_cpu), " (", small.publications,
                      " publications)"),
         "", "", false});
  }

  // Memory: a fresh server with the large set, then a read load.
  {
    const testing::ServerProcess server(with_dir(large_dir.path()), false, {},
                                        placement.server_launcher);
    if (!server.running()) Die("tkp-server did not start:\n" + server.log());
    const double idle_mib = MiB(testing::ResidentKib(server.pid()));
    std::vector<std::thread> load;
    std::atomic<bool> load_failed{false};
    for (const char* frame : {"totals", "coverage"}) {
      load.emplace_back([&, frame] {
        LoadSettings settings;
        settings.url = absl::StrCat(
            "http://", server.address(), "/tkp.v1.TransparencyService/",
            std::string(frame) == "totals" ? "GetRegionTotals" : "GetCoverage");
        settings.body_file = frames.File(frame);
        settings.streams = 8;
        settings.cpu = placement.load_cpu;
        settings.seconds = options.memory_seconds;
        const size_t answer = std::string(frame) == "totals"
                                  ? GrpcFrame(large_totals).size()
                                  : GrpcFrame(coverage).size();
        if (!RunLoad(h2load, settings, answer).ok()) load_failed = true;
      });
    }
    // Samples each second; the first 5 s are warm-up (caches, arenas).
    std::vector<double> samples;
    for (int s = 1; s <= options.memory_seconds; ++s) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      samples.push_back(MiB(testing::ResidentKib(server.pid())));
    }
    for (std::thread& t : load) t.join();
    if (load_failed) Die("the read load for the memory figures failed");
    const size_t warm = std::min<size_t>(5, samples.size() - 1);
    const double reference = samples[warm - 1];
    double lowest = reference, highest = reference;
    for (size_t i = warm; i < samples.size(); ++i) {
      lowest = std::min(lowest, samples[i]);
      highest = std::max(highest, samples[i]);
    }
    const double peak =
        std::max(idle_mib, *std::max_element(samples.begin(), samples.end()));
    verdicts.push_back(
        {absl::StrCat("resident memory, ", Thousands(large.publications),
                      " publications, idle / peak under ",
                      options.memory_seconds, " s of reads"),
         absl::StrFormat("%.1f / %.1f MiB", idle_mib, peak), "", "",
         "<= 64 MiB", peak <= 64});
    const double up = highest / reference - 1;
    const double down = 1 - lowest / reference;
    const double drift = std::max(up, down);
    verdicts.push_back(
        {absl::StrFormat("resident memory drift from %ds to %ds of reads",
                         static_cast<int>(warm), options.memory_seconds),
         absl::StrFormat("%.1f - %.1f MiB", lowest, highest),
         absl::StrFormat("%.1f MiB at %ds", reference, static_cast<int>(warm)),
         absl::StrFormat("%+.1f%%", 100 * (up >= down ? up : -down)),
         "within 5%", drift <= 0.05});
  }

  // Imports through workers, against the plugin called in this process.
  {
    const ImportLatencies latencies = MeasureImportLatencies(200);
    for (const auto& [name, p] :
         {std::pair{"p50", 0.5}, std::pair{"p99", 0.99}}) {
      const double sandboxed = Percentile(latencies.sandboxed_ms, p);
      const double in_process = Percentile(latencies.in_process_ms, p);
      const bool has_target = std::string(name) == "p50";
      verdicts.push_back({absl::StrCat("import latency ", name,
                                       ", one layout-A document, in a worker"),
                          absl::StrFormat("%.2f ms", sandboxed),
                          absl::StrFormat("%.2f ms (in process)", in_process),
                          absl::StrFormat("%+.2f ms", sandboxed - in_process),
                          has_target ? "<= +10 ms" : "",
                          sandboxed - in_process <= 10});
    }
    // The national publication: 35 regions in one PDF, one import.
    const NationalPdfImports national = TimeNationalPdfImports(5);
    const double median = Median(national.seconds);
    verdicts.push_back(
        {absl::StrFormat("import of the national PDF (%d regions, %.0f KiB, "
                         "generated), in a worker; median of %d",
                         national.regions, national.bytes / 1024.0,
                         static_cast<int>(national.seconds.size())),
         absl::StrFormat("%.0f ms", 1000 * median), "", "", "< 1 s",
         median < 1.0});
    const double per_second = large.publications / large.import_seconds;
    const double in_process =
        large_in_process.publications / large_in_process.import_seconds;
    verdicts.push_back(
        {absl::StrCat("bulk import, ", Thousands(large.publications),
                      " publications one at a time, each in a worker, "
                      "fsynced"),
         absl::StrFormat("%.0f docs/s", per_second),
         absl::StrFormat("%.0f docs/s (in process)", in_process),
         absl::StrFormat("%.2f", per_second / in_process), ">= 200 docs/s",
         per_second >= 200});
  }

  // The PostgreSQL store against the data dir: imports, and how soon
  // another replica serves one.
  {
    const StoreImportRates rates = MeasureStoreImports(
        OrDie(postgres->NewDatabase()), 140, placement.server_launcher);
    verdicts.push_back(
        {absl::StrCat("imports through tkp-server, ", rates.documents,
                      " documents one at a time, PostgreSQL store (fsync "
                      "on)"),
         absl::StrFormat("%.0f docs/s", rates.database_docs_per_second),
         absl::StrFormat("%.0f docs/s (data dir)",
                         rates.data_dir_docs_per_second),
         RatioText(rates.database_docs_per_second /
                   rates.data_dir_docs_per_second),
         "", false});
    const std::vector<double> served = MeasureServedElsewhere(
        OrDie(postgres->NewDatabase()), 200, placement.server_launcher);
    for (const auto& [name, p] :
         {std::pair{"p50", 0.5}, std::pair{"p99", 0.99}}) {
      const double ms = Percentile(served, p);
      verdicts.push_back(
          {absl::StrCat("an import's answer on one replica to another "
                        "serving it (PostgreSQL, LISTEN), ",
                        name),
           absl::StrFormat("%.2f ms", ms), "", "", "< 1000 ms", ms < 1000});
    }
  }

  // Parsing, per plugin, against splitting the same text into lines.
  const std::map<std::string, double> speeds = ParseSpeeds(options.repeats);
  const auto baseline = speeds.find("BM_Baseline_SplitLines");
  if (baseline == speeds.end()) Die("tkp-parse-benchmark printed no baseline");
  for (const auto& [name, bytes_per_second] : speeds) {
    if (name == baseline->first) continue;
    const bool plugin = name.rfind("BM_Parse_", 0) == 0;
    verdicts.push_back(
        {absl::StrCat("parse: ", name.substr(3)),
         absl::StrFormat("%.0f MB/s", bytes_per_second / 1e6),
         absl::StrFormat("%.0f MB/s (split lines)", baseline->second / 1e6),
         RatioText(bytes_per_second / baseline->second),
         plugin ? ">= 50 MB/s" : "", !plugin || bytes_per_second >= 50e6});
  }

  std::printf(
      "| figure | tkp | baseline | ratio | target | met |\n"
      "|---|---|---|---|---|---|\n");
  int missed = 0;
  for (const Verdict& v : verdicts) {
    const bool has_target = !v.target.empty();
    if (has_target && !v.met) ++missed;
    std::printf("| %s | %s | %s | %s | %s | %s |\n", v.figure.c_str(),
                v.value.c_str(), v.baseline.c_str(), v.ratio.c_str(),
                v.target.c_str(),
                !has_target ? ""
                : v.met     ? "yes"
                            : "**no**");
  }
  std::printf("\n%s\n",
              missed == 0 ? "every target met"
                          : absl::StrCat(missed, " target(s) missed").c_str());
  return 0;
}

int Main(int argc, char** argv) {
  Options options;
  CLI::App app(
      "tkp-bench: tkp-server against an echo server on the same gRPC (the "
      "ceiling), both driven by h2load; start-up, memory and parsing speed. "
      "Prints Markdown tables.",
      "tkp-bench");
  app.add_option("--seconds", options.seconds, "length of each measured run")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 600.0));
  app.add_option("--repeats", options.repeats,
                 "runs per figure; the median is reported")
      ->capture_default_str()
      ->check(CLI::Range(1, 99));
  app.add_option("--memory-seconds", options.memory_seconds,
                 "length of the read load while memory is sampled")
      ->capture_default_str()
      ->check(CLI::Range(6, 3600));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return Run(options);
}

}  // namespace
}  // namespace tkp::bench

int main(int argc, char** argv) {
  try {
    return tkp::bench::Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tkp-bench: %s\n", e.what());
    return 1;
  }
}
