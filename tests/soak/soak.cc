// tkp-soak: a bounded soak of one tkp-server on loopback. Reader threads
// call every read RPC while an importer thread imports good documents (the
// samples moved to other quarters, in two versions, with replace) and bad
// ones, all as fast as they can, for --seconds. Every call's outcome is
// counted against what it may be; at the end every acknowledged import
// must be readable with its figures, and the server's resident memory and
// open file descriptors must be flat after the warm-up (the set of
// publications is bounded, so what grows is a leak).
//
// Usage: tkp-soak --seconds N   (prints the figures; exit 1 on a failure)

#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "plugins/sdk/text.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"
#include "tkp/v1/tkp.grpc.pb.h"

namespace tkp::soak {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kFirstYear = 2014;
constexpr int kYears = 20;  // 80 quarters per region
constexpr int kReaders = 3;

// A sample moved to another quarter: its figures stay, its period line
// changes. Version 1 differs by a trailing line (a replacement).
struct Sample {
  std::string region;       // as the period line prints it
  std::string period_line;  // "Derde kwartaal 2023 Groot Amsterdam"
  std::string text;
  int64_t total = 0;  // from the first acknowledged import
};

std::string Document(const Sample& s, int year, int quarter, int version) {
  std::string text = absl::StrReplaceAll(
      s.text, {{s.period_line, absl::StrCat(sdk::PeriodPhrase(year, quarter),
                                            " ", s.region)}});
  if (version == 1) text += "\nTweede versie.\n";
  return text;
}

struct Counts {
  std::mutex mu;
  std::map<std::string, int64_t> by_outcome;  // "Method CODE" -> calls
  int64_t unexpected = 0;
  std::vector<std::string> unexpected_examples;

  void Add(const std::string& method, const grpc::Status& status,
           bool expected) {
    std::lock_guard<std::mutex> lock(mu);
    ++by_outcome[absl::StrCat(method, " ", status.error_code())];
    if (!expected) {
      ++unexpected;
      if (unexpected_examples.size() < 5) {
        unexpected_examples.push_back(absl::StrCat(
            method, ": ", status.error_code(), " ", status.error_message()));
      }
    }
  }
};

struct Resources {
  int64_t rss_kib = 0;
  int fds = 0;
  int children = 0;  // zygotes and workers, each 2 of the fds
  // What is not a live worker's: the figure that must stay flat, since
  // the pool keeps a bounded number of workers (waiting, and kept to rate)
  // that it fills as the load asks.
  int own_fds() const { return fds - 2 * children; }
};

Resources Measure(pid_t pid) {
  Resources r;
  r.rss_kib = testing::ResidentKib(pid);
  r.children = static_cast<int>(testing::ChildrenOf(pid).size());
  std::error_code error;
  for (auto it = std::filesystem::directory_iterator(
           absl::StrCat("/proc/", pid, "/fd"), error);
       !error && it != std::filesystem::directory_iterator(); ++it) {
    ++r.fds;
  }
  return r;
}

// The sample with the fewest descriptors not held for live workers, taken
// every 100 ms until one has at most `enough` or `within` has passed. A
// worker counted among the children but not yet among the descriptors, or
// one that ended and is not yet reaped, shows for a moment; a leak stays.
Resources Lowest(pid_t pid, int enough, std::chrono::milliseconds within) {
  const auto until = std::chrono::steady_clock::now() + within;
  Resources lowest = Measure(pid);
  while (lowest.own_fds() > enough &&
         std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const Resources r = Measure(pid);
    if (r.own_fds() < lowest.own_fds()) lowest = r;
  }
  return lowest;
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(10));
  return context;
}

int Run(int seconds) {
  testing::TempDir data;
  testing::ServerProcess server({"--data-dir", data.path()});
  if (!server.running()) {
    std::cerr << "tkp-soak: the server did not start\n" << server.log();
    return 1;
  }
  auto channel =
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  auto reads = v1::TransparencyService::NewStub(channel);
  auto imports = v1::ImportService::NewStub(channel);

  std::vector<Sample> samples;
  for (const auto& [file, region, line] :
       {std::tuple{testing::kSampleAmsterdamA, "Groot Amsterdam",
                   "Derde kwartaal 2023 Groot Amsterdam"},
        std::tuple{testing::kSampleFoodValleyA, "FoodValley",
                   "Vierde kwartaal 2023 FoodValley"}}) {
    samples.push_back(
        {region, line, testing::ReadFileOrDie(testing::SamplePath(file)), 0});
  }
  // A bad document: the sample cut off before its TOTAAL AMR row.
  const std::string cut_off =
      samples[0].text.substr(0, samples[0].text.find("TOTAAL AMR"));

  Counts counts;
  std::atomic<bool> stop{false};
  // Acknowledged imports: (sample, year, quarter) -> acknowledged.
  std::mutex acknowledged_mu;
  std::map<std::tuple<int, int, int>, bool> acknowledged;
  std::atomic<int64_t> calls{0};

  std::vector<std::thread> threads;
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      std::mt19937 random(r);
      while (!stop.load()) {
        const int year = kFirstYear + static_cast<int>(random() % kYears);
        const int quarter = 1 + static_cast<int>(random() % 4);
        v1::Period period;
        period.set_year(year);
        period.set_quarter(quarter);
        grpc::Status status;
        std::string method;
        switch (random() % 4) {
          case 0: {
            v1::GetRegionTotalsRequest q;
            q.set_region(samples[random() % 2].region);
            *q.mutable_period() = period;
            v1::RegionFigures a;
            status = reads->GetRegionTotals(Context().get(), q, &a);
            method = "GetRegionTotals";
            break;
          }
          case 1: {
            v1::GetCoverageRequest q;
            *q.mutable_period() = period;
            v1::GetCoverageResponse a;
            status = reads->GetCoverage(Context().get(), q, &a);
            method = "GetCoverage";
            break;
          }
          case 2: {
            v1::ListMunicipalitiesRequest q;
            q.set_region(samples[random() % 2].region);
            *q.mutable_period() = period;
            v1::ListMunicipalitiesResponse a;
            status = reads->ListMunicipalities(Context().get(), q, &a);
            method = "ListMunicipalities";
            break;
          }
          default: {
            v1::ListPublicationsResponse a;
            status = reads->ListPublications(Context().get(),
                                             v1::ListPublicationsRequest(), &a);
            method = "ListPublications";
          }
        }
        // Reads may find nothing loaded yet for that quarter.
        counts.Add(
            method, status,
            status.ok() || status.error_code() == grpc::StatusCode::NOT_FOUND);
        ++calls;
      }
    });
  }
  threads.emplace_back([&] {
    std::mt19937 random(99);
    while (!stop.load()) {
      v1::ImportDocumentRequest q;
      const int kind = static_cast<int>(random() % 10);
      const int s = static_cast<int>(random() % 2);
      const int year = kFirstYear + static_cast<int>(random() % kYears);
      const int quarter = 1 + static_cast<int>(random() % 4);
      const bool good = kind < 8;
      if (good) {
        q.set_content(Document(samples[s], year, quarter,
                               static_cast<int>(random() % 2)));
        q.set_file_name("soak.txt");
        q.set_replace(true);
      } else {
        q.set_content(kind == 8 ? cut_off : std::string(512, '\x01'));
        q.set_file_name("bad.txt");
      }
      v1::ImportDocumentResponse a;
      const grpc::Status status =
          imports->ImportDocument(Context().get(), q, &a);
      counts.Add(
          good ? "ImportDocument(good)" : "ImportDocument(bad)", status,
          good ? status.ok()
               : status.error_code() == grpc::StatusCode::INVALID_ARGUMENT);
      if (good && status.ok()) {
        std::lock_guard<std::mutex> lock(acknowledged_mu);
        acknowledged[{s, year, quarter}] = true;
        if (samples[s].total == 0)
          samples[s].total = a.figures().totals().total();
      }
      ++calls;
    }
  });

  // Resources: after a warm-up of a fifth of the time, then at the end.
  const auto start = Clock::now();
  const auto warm_up = std::chrono::milliseconds(seconds * 200);
  std::this_thread::sleep_for(warm_up);
  const Resources warm =
      Lowest(server.pid(), 0, std::chrono::milliseconds(1000));
  const int64_t calls_warm = calls.load();
  std::this_thread::sleep_until(start + std::chrono::seconds(seconds));
  const int64_t calls_end = calls.load();
  stop = true;
  for (std::thread& t : threads) t.join();
  // Counted once the load has stopped, so no import is half way.
  const Resources end = Lowest(server.pid(), warm.own_fds() + 2,
                               std::chrono::milliseconds(10000));
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - start).count();

  // Every acknowledged import reads back with its figures.
  int64_t verified = 0;
  int64_t lost = 0;
  for (const auto& [key, ok] : acknowledged) {
    const auto& [s, year, quarter] = key;
    v1::GetRegionTotalsRequest q;
    q.set_region(samples[s].region);
    q.mutable_period()->set_year(year);
    q.mutable_period()->set_quarter(quarter);
    v1::RegionFigures a;
    const grpc::Status status = reads->GetRegionTotals(Context().get(), q, &a);
    if (status.ok() && a.totals().total() == samples[s].total) {
      ++verified;
    } else {
      ++lost;
    }
  }

  std::printf(
      "tkp-soak: %.0f s against one server on loopback, %d readers "
      "and 1 importer\n",
      elapsed, kReaders);
  int64_t total = 0;
  for (const auto& [what, n] : counts.by_outcome) {
    std::printf("  %-28s %10lld\n", what.c_str(), static_cast<long long>(n));
    total += n;
  }
  std::printf("  calls                        %10lld (%.0f/s)\n",
              static_cast<long long>(total), total / elapsed);
  std::printf("  unexpected outcomes          %10lld\n",
              static_cast<long long>(counts.unexpected));
  for (const std::string& e : counts.unexpected_examples) {
    std::printf("    %s\n", e.c_str());
  }
  std::printf("  imports acknowledged         %10zu (distinct publications)\n",
              acknowledged.size());
  std::printf("  read back after the soak     %10lld, missing or wrong %lld\n",
              static_cast<long long>(verified), static_cast<long long>(lost));
  std::printf(
      "  resident memory after warm-up %6lld KiB, at the end %lld "
      "KiB (%lld calls between)\n",
      static_cast<long long>(warm.rss_kib), static_cast<long long>(end.rss_kib),
      static_cast<long long>(calls_end - calls_warm));
  std::printf(
      "  open file descriptors after warm-up %d, at the end %d (%d and %d "
      "of them the workers' and zygotes')\n",
      warm.fds, end.fds, warm.fds - warm.own_fds(), end.fds - end.own_fds());

  // Flat: the publications are bounded (160 quarters of 2 regions) and so
  // is the event history kept in memory, so beyond 5% (and 1 MiB of
  // allocator slack) growth is a leak.
  const bool rss_flat = end.rss_kib <= warm.rss_kib + warm.rss_kib / 20 + 1024;
  // Slack for a connection the gRPC runtime opens or closes on its own.
  const bool fds_flat = end.own_fds() <= warm.own_fds() + 2;
  const bool passed = counts.unexpected == 0 && lost == 0 && rss_flat &&
                      fds_flat && !acknowledged.empty() && server.Stop() == 0;
  std::printf("tkp-soak: %s\n", passed ? "passed" : "FAILED");
  if (!rss_flat) std::printf("  resident memory grew\n");
  if (!fds_flat) std::printf("  file descriptors grew\n");
  return passed ? 0 : 1;
}

}  // namespace
}  // namespace tkp::soak

int main(int argc, char** argv) {
  int seconds = 30;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--seconds") seconds = std::atoi(argv[i + 1]);
  }
  if (seconds < 5) {
    std::cerr << "usage: tkp-soak --seconds N (N >= 5)\n";
    return 2;
  }
  return tkp::soak::Run(seconds);
}
