#include "server/http/dashboard_assets.h"

#include <map>
#include <string>

#include "absl/strings/match.h"

namespace tkp::http {

// Generated from server/http/dashboard/ (server/CMakeLists.txt).
extern const DashboardFile kDashboardFiles[];
extern const size_t kDashboardFileCount;

namespace {

absl::string_view ContentTypeOf(absl::string_view path) {
  if (absl::EndsWith(path, ".html")) return "text/html; charset=utf-8";
  if (absl::EndsWith(path, ".js")) return "text/javascript; charset=utf-8";
  if (absl::EndsWith(path, ".css")) return "text/css; charset=utf-8";
  return "application/json";  // the maps (.topojson)
}

const std::map<std::string, DashboardAsset, std::less<>>& Assets() {
  static const auto* const assets = [] {
    auto* map = new std::map<std::string, DashboardAsset, std::less<>>();
    for (size_t i = 0; i < kDashboardFileCount; ++i) {
      const DashboardFile& file = kDashboardFiles[i];
      (*map)[file.path] = {ContentTypeOf(file.path), file.text};
    }
    return map;
  }();
  return *assets;
}

}  // namespace

const DashboardAsset* FindDashboardAsset(absl::string_view path) {
  if (path == "/") path = "/index.html";
  const auto found = Assets().find(path);
  return found == Assets().end() ? nullptr : &found->second;
}

HttpAnswer DashboardAnswer(const DashboardAsset& asset) {
  HttpAnswer answer;
  answer.content_type = std::string(asset.content_type);
  answer.body = std::string(asset.body);
  answer.headers = {
      {"Content-Security-Policy", kDashboardContentSecurityPolicy},
      {"Referrer-Policy", "no-referrer"}};
  return answer;
}

}  // namespace tkp::http
