// tkp-server's HTTP/1.1 listener (--http-listen, Boost.Beast): the JSON read
// API under /v1/ (http_api.h), imports and removals (change_requests.h), the
// dashboard at / (dashboard_assets.h), /metrics, /healthz and /readyz, on a
// thread of its own apart from gRPC, answering from the store's current
// snapshot.
//
// Security as on gRPC: HTTPS with gRPC's certificate and key where it has
// them (and a client certificate asked for where gRPC asks), never
// plaintext beside a TLS gRPC port; with tokens, /v1/ wants "Authorization:
// Bearer <token>" (a reader's or an importer's; compared in constant time),
// never a token in the URL; imports and removals want an importer's.
// Limits: 8 KiB of request line and headers, no body but a document's (up
// to --max-document-mib, read only once its token is checked and one of
// the few import places is free), 10 s for a new connection to send its
// request (plus a second per 256 KiB of a document)
// and 60 s for a kept-alive one to send its next (whole, idling
// included), 10 s for each answer to be taken, and at most
// `max_connections` open at once (more are closed at once): a slow or idle
// client cannot hold the server. Cross-origin reads only from the origins
// named (`cors_origins`): their preflights are answered before tokens are
// asked for, as browsers send none with them.

#ifndef TKP_SERVER_HTTP_HTTP_SERVER_H_
#define TKP_SERVER_HTTP_HTTP_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "server/ops/metrics.h"
#include "server/services/token_auth.h"
#include "server/store/store.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp::http {

struct HttpServerOptions {
  // Must outlive the server.
  const Store* store = nullptr;
  const TokenAuthenticator* tokens = nullptr;
  const RegionCatalog* regions = nullptr;
  const MunicipalityCatalog* municipalities = nullptr;
  // Whether the server serves (/readyz: 200 or 503).
  std::function<bool()> ready;
  // Served at /metrics (with tokens, to a reader's); none: 404.
  const Metrics* metrics = nullptr;
  size_t max_connections = 1024;
  // Origins whose pages may read the API (server/http/cors.h); none: off.
  std::vector<std::string> cors_origins;
  // HTTPS with this certificate chain and key (PEM; empty: plain HTTP),
  // asking clients for a certificate signed by this CA where one is given.
  std::string tls_cert_pem;
  std::string tls_key_pem;
  std::string tls_client_ca_pem;
  // Imports and removals (POST /v1/documents, DELETE /v1/regions/{r}/
  // publications/{period}; change_requests.h), each run on one of the HTTP
  // server's own threads, never on the connections' thread; unset: those
  // routes answer 501.
  std::function<absl::StatusOr<v1::ImportDocumentResponse>(
      const v1::ImportDocumentRequest&)>
      import_document;
  std::function<absl::StatusOr<v1::RemovePublicationResponse>(
      const v1::RemovePublicationRequest&)>
      remove_publication;
  // The largest document POST /v1/documents takes (--max-document-mib).
  size_t max_document_bytes = 0;
};

class HttpServer {
 public:
  // Listens on HOST:PORT (port 0: any free port) and serves until
  // destroyed. INVALID_ARGUMENT for an origin that is none.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const std::string& listen, const HttpServerOptions& options);

  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  int port() const;

 private:
  struct State;
  explicit HttpServer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_HTTP_SERVER_H_
