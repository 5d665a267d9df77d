// Metrics: the Prometheus text itself, and the endpoint of a real server
// process fetched over HTTP.

#include "server/ops/metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <regex>

#include "tests/support/eventually.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

TEST(MetricsTest, CountsCallsByCodeAndFillsCumulativeBuckets) {
  Metrics metrics({"S/A", "S/B"}, {"ok", "crash"});
  metrics.RecordCall("S/A", absl::StatusCode::kOk, 0.0003);
  metrics.RecordCall("S/A", absl::StatusCode::kOk, 0.02);
  metrics.RecordCall("S/A", absl::StatusCode::kNotFound, 0.0003);
  metrics.RecordCall("S/unknown", absl::StatusCode::kOk, 0.1);  // ignored
  metrics.RecordImport(true);
  metrics.RecordImport(false);
  metrics.RecordImport(false);
  metrics.SetPublicationsGauge([] { return size_t{42}; });
  const std::string text = metrics.Render();
  EXPECT_THAT(text,
              HasSubstr("tkp_rpc_calls_total{method=\"S/A\",code=\"OK\"} 2\n"));
  EXPECT_THAT(
      text,
      HasSubstr("tkp_rpc_calls_total{method=\"S/A\",code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("tkp_rpc_calls_total{method=\"S/B\",code=\"OK\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("tkp_rpc_errors_total{method=\"S/A\"} 1\n"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "tkp_rpc_latency_seconds_bucket{method=\"S/A\",le=\"0.0005\"} 2\n"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "tkp_rpc_latency_seconds_bucket{method=\"S/A\",le=\"0.025\"} 3\n"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "tkp_rpc_latency_seconds_bucket{method=\"S/A\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text,
              HasSubstr("tkp_rpc_latency_seconds_count{method=\"S/A\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("tkp_publications 42\n"));
  EXPECT_THAT(text, HasSubstr("tkp_imports_total{result=\"accepted\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("tkp_imports_total{result=\"refused\"} 2\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("S/unknown")));
}

TEST(MetricsTest, CountsWorkerEndsByReasonInTheirOrder) {
  Metrics metrics({}, {"ok", "crash"});
  metrics.RecordWorkerEnd("crash", 0.5);
  metrics.RecordWorkerEnd("crash", 0.25);
  metrics.RecordWorkerEnd("elsewhere", 1);  // not a reason: not counted
  const std::string text = metrics.Render();
  EXPECT_THAT(text,
              HasSubstr("tkp_import_worker_exits_total{reason=\"ok\"} 0\n"
                        "tkp_import_worker_exits_total{reason=\"crash\"} 2\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("elsewhere")));
  EXPECT_THAT(text, HasSubstr("tkp_import_worker_seconds_sum 1.750000000\n"));
}

TEST(MetricsTest, SaysWhetherTheStoreTakesImportsAndWhereItsLogIs) {
  Metrics metrics({}, {});
  bool writable = true;
  metrics.SetStoreGauges([&writable] { return writable; },
                         [] { return int64_t{41}; });
  EXPECT_THAT(metrics.Render(), HasSubstr("\ntkp_store_writable 1\n"));
  writable = false;
  const std::string text = metrics.Render();
  EXPECT_THAT(text, HasSubstr("\ntkp_store_writable 0\n"));
  EXPECT_THAT(text, HasSubstr("\ntkp_store_applied_sequence 41\n"));
}

// GET http://127.0.0.1:port/target with Boost.Beast; the status and body.
std::pair<int, std::string> HttpGet(int port, const std::string& target) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context io;
  boost::asio::ip::tcp::resolver resolver(io);
  beast::tcp_stream stream(io);
  stream.connect(resolver.resolve("127.0.0.1", std::to_string(port)));
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "127.0.0.1");
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return {response.result_int(), response.body()};
}

// The port the server's log gives after `what` ("health checks on").
int LoggedPort(const testing::ServerProcess& server, const std::string& what) {
  std::smatch match;
  const std::string log = server.log();
  if (!std::regex_search(log, match,
                         std::regex(what + R"( \S+ \(port (\d+)\))"))) {
    return 0;
  }
  return std::stoi(match[1]);
}

TEST(MetricsEndpointTest, ServesWhatTheServerDid) {
  testing::TempDir dir;
  testing::ServerProcess server(
      {"--data-dir", dir.path(), "--metrics-listen", "127.0.0.1:0"});
  ASSERT_TRUE(server.running()) << server.log();
  const int port = LoggedPort(server, "metrics on");
  ASSERT_GT(port, 0) << server.log();

  const auto tkp = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {TKP_CLI_BIN, "--server", server.address()});
    return testing::RunProcess(args).exit_code;
  };
  EXPECT_EQ(tkp({"import", testing::SamplePath(testing::kSampleAmsterdamA)}),
            0);
  EXPECT_EQ(tkp({"import", testing::SamplePath(testing::kSampleAmsterdamB)}),
            64 + 3);  // no period
  EXPECT_EQ(tkp({"totals", "--region", "Groot Amsterdam"}), 0);
  EXPECT_EQ(tkp({"totals", "--region", "Twente"}), 64 + 5);
  // Streams are counted as calls are: an export, one refused, and a watch
  // its client ends after the one event there is.
  EXPECT_EQ(tkp({"export", "--out", dir.path() + "/export.csv"}), 0);
  EXPECT_EQ(tkp({"export", "--region", "Twente"}), 64 + 5);
  EXPECT_EQ(tkp({"watch", "--after", "0", "--count", "1"}), 0);

  // The watch's client ends the call when it has its event; the server
  // counts the call once gRPC tells it the call is over, which on a busy
  // machine may come after the CLI has exited: polled for.
  const std::string cancelled_watch =
      "tkp_rpc_calls_total{method=\"TransparencyService/"
      "WatchPublications\",code=\"CANCELLED\"} 1\n";
  EXPECT_TRUE(testing::Eventually([&] {
    return HttpGet(port, "/metrics").second.find(cancelled_watch) !=
           std::string::npos;
  }));
  const auto [status, body] = HttpGet(port, "/metrics");
  EXPECT_EQ(status, 200);
  EXPECT_THAT(body,
              HasSubstr("tkp_rpc_calls_total{method=\"TransparencyService/"
                        "GetRegionTotals\",code=\"OK\"} 1\n"));
  EXPECT_THAT(body,
              HasSubstr("tkp_rpc_calls_total{method=\"TransparencyService/"
                        "GetRegionTotals\",code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(body, HasSubstr("tkp_rpc_errors_total{method=\"ImportService/"
                              "ImportDocument\"} 1\n"));
  EXPECT_THAT(body,
              HasSubstr("tkp_rpc_calls_total{method=\"TransparencyService/"
                        "ExportFigures\",code=\"OK\"} 1\n"));
  EXPECT_THAT(body,
              HasSubstr("tkp_rpc_calls_total{method=\"TransparencyService/"
                        "ExportFigures\",code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(body, HasSubstr(cancelled_watch));
  EXPECT_THAT(body, HasSubstr("tkp_imports_total{result=\"accepted\"} 1\n"));
  EXPECT_THAT(body, HasSubstr("tkp_imports_total{result=\"refused\"} 1\n"));
  EXPECT_THAT(body, HasSubstr("tkp_publications 1\n"));
  EXPECT_EQ(HttpGet(port, "/").first, 404);
}

// A server stopped while a scraper or a prober is connected leaves that
// connection in TIME-WAIT on its port for a minute; the next server (a
// container restarted at once) must still listen on every port it had.
TEST(MetricsEndpointTest, ARestartAtOnceListensOnTheSamePorts) {
  testing::TempDir dir;
  int metrics = 0;
  int health = 0;
  {
    testing::ServerProcess first({"--data-dir", dir.path(), "--metrics-listen",
                                  "127.0.0.1:0", "--health-listen",
                                  "127.0.0.1:0"});
    ASSERT_TRUE(first.running()) << first.log();
    metrics = LoggedPort(first, "metrics on");
    health = LoggedPort(first, "health checks on");
    ASSERT_GT(metrics, 0) << first.log();
    ASSERT_GT(health, 0) << first.log();
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket scraper(io);
    boost::asio::ip::tcp::socket prober(io);
    const auto loopback = boost::asio::ip::make_address("127.0.0.1");
    scraper.connect({loopback, static_cast<uint16_t>(metrics)});
    prober.connect({loopback, static_cast<uint16_t>(health)});
    ASSERT_EQ(HttpGet(metrics, "/metrics").first, 200);
    // The server closes first (it stops), so its side waits in TIME-WAIT.
    EXPECT_EQ(first.Stop(), 0);
  }
  testing::ServerProcess second({"--data-dir", dir.path(), "--metrics-listen",
                                 "127.0.0.1:" + std::to_string(metrics),
                                 "--health-listen",
                                 "127.0.0.1:" + std::to_string(health)});
  ASSERT_TRUE(second.running()) << second.log();
  EXPECT_EQ(HttpGet(metrics, "/metrics").first, 200);
  EXPECT_EQ(LoggedPort(second, "health checks on"), health);
}

}  // namespace
}  // namespace tkp
