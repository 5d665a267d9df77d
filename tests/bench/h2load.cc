#include "tests/bench/h2load.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp::bench {
namespace {

// The number `pattern` captures in h2load's report; -1 when absent.
double ReportNumber(const std::string& report, const std::string& pattern) {
  std::smatch match;
  if (!std::regex_search(report, match, std::regex(pattern))) return -1;
  double value = 0;
  return absl::SimpleAtod(match[1].str(), &value) ? value : -1;
}

}  // namespace

std::string GrpcFrame(const google::protobuf::MessageLite& message) {
  const std::string bytes = message.SerializeAsString();
  const auto size = static_cast<uint32_t>(bytes.size());
  std::string frame(1, '\0');
  for (int shift = 24; shift >= 0; shift -= 8) {
    frame.push_back(static_cast<char>((size >> shift) & 0xff));
  }
  return frame + bytes;
}

absl::StatusOr<std::string> FindH2load() {
  const char* path = std::getenv("PATH");
  for (absl::string_view dir :
       absl::StrSplit(path == nullptr ? "/usr/bin" : path, ':')) {
    const std::string candidate = absl::StrCat(dir, "/h2load");
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return absl::NotFoundError(
      "h2load is not installed; it comes with Debian's nghttp2-client "
      "(deploy/install-deps.sh installs it)");
}

double Quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank =
      static_cast<size_t>(std::ceil(q * static_cast<double>(values.size())));
  return values[std::clamp<size_t>(rank, 1, values.size()) - 1];
}

namespace {

// Runs h2load with `options` (its own flags) against `url` for `seconds`,
// pinned to `cpu` where it is not -1, and checks that every call was
// answered in full: HTTP 2xx and `answer_bytes` of body each. Over
// HTTP/1.1 h2load counts the bytes of the answers cut off at the end too:
// up to `in_flight` answers' more.
absl::StatusOr<LoadFigures> RunH2load(const std::string& h2load,
                                      std::vector<std::string> options,
                                      const std::string& url, double seconds,
                                      int cpu, size_t answer_bytes,
                                      int in_flight = 0) {
  const testing::TempDir dir;
  const std::string log_file = dir.File("calls.tsv");
  std::vector<std::string> argv;
  if (cpu >= 0) argv = {"taskset", "-c", std::to_string(cpu)};
  argv.push_back(h2load);
  argv.insert(argv.end(), options.begin(), options.end());
  argv.insert(argv.end(),
              {absl::StrCat("--duration=", std::lround(seconds * 1000), "ms"),
               absl::StrCat("--log-file=", log_file), url});
  const testing::ProcessResult run =
      testing::RunProcess(argv, {}, static_cast<int>(seconds) + 30);
  const std::string& report = run.out;
  if (run.exit_code != 0) {
    return absl::InternalError(absl::StrCat(
        "h2load failed (exit ", run.exit_code, "): ", run.err, report));
  }
  LoadFigures figures;
  const double done =
      ReportNumber(report, R"(requests: \d+ total, \d+ started, (\d+) done)");
  const double succeeded = ReportNumber(report, R"((\d+) succeeded)");
  const double ok_status = ReportNumber(report, R"(status codes: (\d+) 2xx)");
  const double body = ReportNumber(report, R"(\((\d+)\) data)");
  figures.calls_per_second =
      ReportNumber(report, R"(finished in [\d.]+\w*, ([\d.]+) req/s)");
  if (done <= 0 || succeeded != done || ok_status != done ||
      figures.calls_per_second <= 0) {
    return absl::InternalError(
        absl::StrCat("h2load reports failed calls at ", url, ":\n", report));
  }
  const double expected = done * static_cast<double>(answer_bytes);
  if (body < expected ||
      body > expected + in_flight * static_cast<double>(answer_bytes)) {
    return absl::InternalError(absl::StrCat(
        "not every call to ", url, " got the expected ", answer_bytes,
        "-byte answer (", body, " bytes for ", done, " calls)"));
  }
  figures.calls = static_cast<int64_t>(done);

  // One line per call: start (us since the epoch), HTTP status, us taken.
  std::ifstream log(log_file);
  std::vector<double> latencies;
  std::string line;
  while (std::getline(log, line)) {
    const std::vector<absl::string_view> columns = absl::StrSplit(line, '\t');
    double us = 0;
    if (columns.size() >= 3 && absl::SimpleAtod(columns[2], &us)) {
      latencies.push_back(us);
    }
  }
  if (static_cast<double>(latencies.size()) != done) {
    return absl::InternalError(
        absl::StrCat("h2load logged ", latencies.size(), " calls of ", done));
  }
  figures.p50_us = Quantile(latencies, 0.50);
  figures.p99_us = Quantile(latencies, 0.99);
  return figures;
}

}  // namespace

absl::StatusOr<LoadFigures> RunLoad(const std::string& h2load,
                                    const LoadSettings& settings,
                                    size_t answer_frame_bytes) {
  // A gRPC error comes as HTTP 200 too, but without the message: the
  // body's size tells.
  return RunH2load(
      h2load,
      {"--clients=1", "--threads=1",
       absl::StrCat("--max-concurrent-streams=", settings.streams),
       "--header=content-type: application/grpc", "--header=te: trailers",
       absl::StrCat("--data=", settings.body_file)},
      settings.url, settings.seconds, settings.cpu, answer_frame_bytes);
}

absl::StatusOr<LoadFigures> RunHttp1Load(const std::string& h2load,
                                         const std::string& url,
                                         int connections, double seconds,
                                         int cpu, size_t answer_bytes) {
  return RunH2load(h2load,
                   {"--h1", absl::StrCat("--clients=", connections),
                    "--threads=1", "--max-concurrent-streams=1"},
                   url, seconds, cpu, answer_bytes, connections);
}

}  // namespace tkp::bench
