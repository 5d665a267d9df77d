// The dashboard's files (server/http/dashboard/: its page, script, style and
// the maps of the regions per year), compiled into the server by CMake, so
// a request is answered from memory and never names a path on disk.

#ifndef TKP_SERVER_HTTP_DASHBOARD_ASSETS_H_
#define TKP_SERVER_HTTP_DASHBOARD_ASSETS_H_

#include <cstddef>

#include "absl/strings/string_view.h"
#include "server/http/http_api.h"

namespace tkp::http {

// One file, as the generated table holds it.
struct DashboardFile {
  const char* path;  // "/dashboard.js", "/geo/arbeidsmarktregio_2023.topojson"
  const char* text;
};

struct DashboardAsset {
  absl::string_view content_type;
  absl::string_view body;
};

// The file served at `path` ("/" is the page, index.html), if the
// dashboard has one.
const DashboardAsset* FindDashboardAsset(absl::string_view path);

// `asset` as an answer, with the policy below and no referrer sent on.
HttpAnswer DashboardAnswer(const DashboardAsset& asset);

// What a browser may load and run on the dashboard's page: its own
// script, style and API, nothing from elsewhere, never in a frame.
inline constexpr char kDashboardContentSecurityPolicy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'";

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_DASHBOARD_ASSETS_H_
