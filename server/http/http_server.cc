#include "server/http/http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <optional>

#include "server/http/cors.h"
#include "server/http/http_api.h"
#include "server/http/http_session.h"
#include "server/http/tls_context.h"
#include "server/ops/tcp_listener.h"
#include "server/util/status_macros.h"

namespace tkp::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using internal::Session;
using internal::Shared;
using internal::TlsStream;

struct HttpServer::State {
  State(const HttpServerOptions& options, CorsPolicy cors)
      : shared{options, std::move(cors),
               HttpApi(*options.regions, *options.municipalities)} {}

  // A connection, or none over the cap (closed at once).
  void Connected(tcp::socket socket) {
    if (shared.connections.load() >= shared.options.max_connections) {
      beast::error_code ignored;
      socket.close(ignored);
    } else if (tls) {
      std::make_shared<Session<TlsStream>>(TlsStream(std::move(socket), *tls),
                                           &shared)
          ->Run();
    } else {
      std::make_shared<Session<beast::tcp_stream>>(
          beast::tcp_stream(std::move(socket)), &shared)
          ->Run();
    }
  }

  // Before the listener: the sessions its io_context still holds when it
  // is destroyed count themselves out of `shared`, and their TLS streams
  // use the context.
  Shared shared;
  std::optional<asio::ssl::context> tls;  // with a certificate: HTTPS
  ListenerThread listener;
  // After the listener: destroyed first, it finishes the imports under way
  // (their answers are posted to the listener's io_context, still there)
  // and drops those not begun.
  asio::thread_pool change_threads{2};
};

absl::StatusOr<std::unique_ptr<HttpServer>> HttpServer::Start(
    const std::string& listen, const HttpServerOptions& options) {
  absl::StatusOr<CorsPolicy> cors = CorsPolicy::Create(options.cors_origins);
  if (!cors.ok()) return cors.status();
  auto state = std::make_unique<State>(options, *std::move(cors));
  if (!options.tls_cert_pem.empty()) {
    absl::StatusOr<asio::ssl::context> tls = TlsContext(options);
    if (!tls.ok()) return tls.status();
    state->tls.emplace(*std::move(tls));
  }
  State* raw = state.get();
  raw->shared.change_threads = &raw->change_threads;
  TKP_RETURN_IF_ERROR(raw->listener.Start(
      listen, "HTTP",
      [raw](tcp::socket socket) { raw->Connected(std::move(socket)); }));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(state)));
}

HttpServer::HttpServer(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

HttpServer::~HttpServer() = default;

int HttpServer::port() const { return state_->listener.port(); }

}  // namespace tkp::http
