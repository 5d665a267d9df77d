// libFuzzer target for the HTTP API's router and request-target parsing:
// any method and target a client may send ("METHOD TARGET"), answered from
// a snapshot holding one publication. Every answer must be a known status;
// JSON must parse, an error must be JSON with code, message and details,
// NDJSON must be JSON lines and CSV whole lines; nothing may be an
// internal error.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/http/http_api.h"
#include "server/store/snapshot.h"

namespace {

std::shared_ptr<const tkp::Snapshot> OnePublication() {
  static const auto* snapshot = new std::shared_ptr<const tkp::Snapshot>([] {
    auto figures = std::make_shared<tkp::v1::RegionFigures>();
    const tkp::ResolvedRegion region =
        tkp::RegionCatalog::BuiltIn().Resolve("Groot Amsterdam");
    figures->mutable_region()->set_name("Groot Amsterdam");
    figures->mutable_region()->set_key(region.key);
    figures->mutable_region()->set_cbs_code(region.cbs_code);
    figures->mutable_region()->set_code(15);
    figures->mutable_period()->set_year(2023);
    figures->mutable_period()->set_quarter(3);
    figures->mutable_totals()->set_total(10);
    tkp::v1::Municipality* m = figures->add_municipalities();
    m->set_name("Aalsmeer");
    m->set_code("GM0358");
    m->mutable_counts()->set_total(10);
    tkp::Snapshot::Map map;
    map.emplace(tkp::KeyOf(*figures), std::move(figures));
    return std::make_shared<const tkp::Snapshot>(std::move(map));
  }());
  return *snapshot;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const tkp::http::HttpApi* api = new tkp::http::HttpApi(
      tkp::RegionCatalog::BuiltIn(), tkp::MunicipalityCatalog::BuiltIn());
  static const std::set<int> kStatuses = {200, 400, 401, 403, 404, 405,
                                          409, 429, 501, 503, 504};
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const size_t space = bytes.find(' ');
  const std::string method =
      space == std::string::npos ? "GET" : bytes.substr(0, space);
  const std::string target =
      space == std::string::npos ? bytes : bytes.substr(space + 1);
  tkp::http::HttpAnswer answer = api->Answer(method, target, OnePublication());
  // A streamed body (the export), whole.
  if (answer.next_part) {
    if (!answer.body.empty()) std::abort();
    while (std::optional<std::string> part = answer.next_part()) {
      answer.body += *part;
    }
  }
  if (kStatuses.count(answer.status) == 0) std::abort();
  const auto is_json = [](const std::string& text) {
    return !nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false)
                .is_discarded();
  };
  if (answer.content_type == "application/json") {
    if (!is_json(answer.body)) std::abort();
    const nlohmann::json body = nlohmann::json::parse(answer.body);
    if (answer.status != 200 &&
        (!body.is_object() || !body.contains("code") ||
         !body.contains("message") || !body.contains("details"))) {
      std::abort();
    }
  } else if (answer.status != 200) {
    std::abort();  // errors are always JSON
  } else if (answer.content_type == "application/x-ndjson") {
    size_t start = 0;
    for (size_t end; (end = answer.body.find('\n', start)) != std::string::npos;
         start = end + 1) {
      if (!is_json(answer.body.substr(start, end - start))) std::abort();
    }
    if (start != answer.body.size()) std::abort();
  } else if (answer.content_type.rfind("text/csv", 0) == 0) {
    if (answer.body.size() < 2 ||
        answer.body.compare(answer.body.size() - 2, 2, "\r\n") != 0) {
      std::abort();
    }
  } else {
    std::abort();
  }
  return 0;
}
