#include "tests/bench/http_timings.h"

#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "tests/bench/h2load.h"
#include "tests/support/http_client.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp::bench {
namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "tkp-bench: %s\n", message.c_str());
  std::exit(1);
}

}  // namespace

HttpReadRates MeasureHttpReads(const HttpReadSettings& settings) {
  const absl::StatusOr<std::string> h2load = FindH2load();
  if (!h2load.ok()) Die(std::string(h2load.status().message()));
  const testing::ServerProcess tkp(
      {"--plugin-dir", TKP_PLUGIN_DIR, "--data-dir", settings.data_dir,
       "--http-listen", "127.0.0.1:0"},
      false, {}, settings.server_launcher);
  const int tkp_port = testing::HttpPortOf(tkp.log());
  if (!tkp.running() || tkp_port == 0) Die("tkp-server:\n" + tkp.log());
  const std::string path =
      absl::StrCat("/v1/regions/", settings.region, "/totals");
  const testing::HttpResult answer = testing::HttpGet(tkp_port, path);
  if (answer.status != 200) {
    Die(absl::StrCat("GET ", path, ": ", answer.status, " ", answer.body));
  }

  // The ceiling answers the same bytes, as the same type.
  const testing::TempDir dir;
  testing::WriteFileOrDie(dir.File("answer"), answer.body);
  const testing::ServerProcess ceiling(
      {"--answer", dir.File("answer"), "--content-type",
       answer.headers.at("content-type")},
      false, {}, settings.server_launcher, TKP_HTTP_CEILING_SERVER_BIN);
  if (!ceiling.running()) Die("the HTTP ceiling:\n" + ceiling.log());
  const std::string address = ceiling.address();
  const int ceiling_port = std::stoi(address.substr(address.rfind(':') + 1));

  std::vector<double> tkp_rates, ceiling_rates, ratios;
  for (int r = 0; r < settings.repeats; ++r) {
    double rate[2] = {0, 0};
    for (int i = 0; i < 2; ++i) {
      // Which goes first alternates with the repeat.
      const int which = (i + r) % 2;
      const std::string url = absl::StrCat(
          "http://127.0.0.1:", which == 0 ? tkp_port : ceiling_port, path);
      for (const double seconds :
           {settings.warm_up_seconds, settings.seconds}) {
        const absl::StatusOr<LoadFigures> figures =
            RunHttp1Load(*h2load, url, settings.connections, seconds,
                         settings.load_cpu, answer.body.size());
        if (!figures.ok()) Die(std::string(figures.status().message()));
        rate[which] = figures->calls_per_second;
      }
    }
    tkp_rates.push_back(rate[0]);
    ceiling_rates.push_back(rate[1]);
    ratios.push_back(rate[0] / rate[1]);
  }
  HttpReadRates rates;
  rates.answer_bytes = answer.body.size();
  rates.tkp_calls_per_second = Quantile(tkp_rates, 0.5);
  rates.ceiling_calls_per_second = Quantile(ceiling_rates, 0.5);
  rates.ratio = Quantile(ratios, 0.5);
  return rates;
}

}  // namespace tkp::bench
