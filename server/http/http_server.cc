#include "server/http/http_server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>
#include <type_traits>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/http/cors.h"
#include "server/http/dashboard_assets.h"
#include "server/http/http_api.h"
#include "server/http/query_parameters.h"
#include "server/http/request_target.h"
#include "server/http/watch_stream.h"
#include "server/ops/tcp_listener.h"
#include "server/util/status_macros.h"

namespace tkp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kRequestTimeout(10);
constexpr std::chrono::seconds kIdleTimeout(60);
constexpr size_t kHeaderLimit = size_t{8} * 1024;

struct Shared {
  HttpServerOptions options;
  CorsPolicy cors;
  HttpApi api;
  std::atomic<size_t> connections{0};
};

// A header's value, if the request has it.
std::optional<absl::string_view> HeaderOf(
    const bhttp::request<bhttp::empty_body>& request, bhttp::field field) {
  const auto found = request.find(field);
  if (found == request.end()) return std::nullopt;
  return absl::string_view(found->value().data(), found->value().size());
}

absl::string_view MethodOf(const bhttp::request<bhttp::empty_body>& request) {
  const beast::string_view method = request.method_string();
  return absl::string_view(method.data(), method.size());
}

// A browser's preflight for a cross-origin read from an origin the
// operator named: what it may send and for how long to keep the answer.
HttpAnswer PreflightAnswer() {
  HttpAnswer answer;
  answer.status = 204;
  answer.content_type.clear();
  answer.headers = {{"Access-Control-Allow-Methods", CorsPolicy::kAllowMethods},
                    {"Access-Control-Allow-Headers", CorsPolicy::kAllowHeaders},
                    {"Access-Control-Max-Age", CorsPolicy::kMaxAgeSeconds}};
  return answer;
}

// A file of the dashboard, with the policy that keeps its page to its own
// script, style and API.
HttpAnswer DashboardAnswer(const DashboardAsset& asset) {
  HttpAnswer answer;
  answer.content_type = std::string(asset.content_type);
  answer.body = std::string(asset.body);
  answer.headers = {
      {"Content-Security-Policy", kDashboardContentSecurityPolicy},
      {"Referrer-Policy", "no-referrer"}};
  return answer;
}

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection: requests answered one after another while the client
// keeps it alive. `Stream`: plain (beast::tcp_stream) or TLS (TlsStream).
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Session(Stream stream, Shared* shared)
      : stream_(std::move(stream)), shared_(shared) {
    ++shared_->connections;
  }
  ~Session() { --shared_->connections; }

  // Over TLS the handshake comes first, within the time a new connection
  // has for its request.
  void Run() {
    if constexpr (kTls) {
      Lowest().expires_after(kRequestTimeout);
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          [self = this->shared_from_this()](beast::error_code error) {
            if (!error) self->Read(kRequestTimeout);
          });  // else: not TLS, a certificate refused, too slow: dropped
    } else {
      Read(kRequestTimeout);
    }
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void Read(std::chrono::seconds timeout) {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(0);  // the API reads: no request has a body
    Lowest().expires_after(timeout);
    bhttp::async_read(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code error, size_t) {
          if (error == bhttp::error::body_limit) {
            self->Refuse(413, "a request to this API has no body");
          } else if (error == bhttp::error::header_limit) {
            self->Refuse(431, "the request's headers are over 8 KiB");
          } else if (!error) {
            self->Answer();
          }  // else: closed, timed out or not HTTP: drop the connection
        });
  }

  void Refuse(int status, const std::string& message) {
    HttpAnswer answer = ErrorAnswer(absl::InvalidArgumentError(message));
    answer.status = status;
    Send(std::move(answer), /*keep_alive=*/false, /*head=*/false);
  }

  void Answer() {
    const bhttp::request<bhttp::empty_body>& request = parser_->get();
    const std::string target(request.target());
    const std::string path = target.substr(0, target.find('?'));
    const bool head = request.method() == bhttp::verb::head;
    allow_origin_ =
        shared_->cors.AllowOrigin(HeaderOf(request, bhttp::field::origin));
    HttpAnswer answer;
    if (request.method() == bhttp::verb::options && allow_origin_ &&
        HeaderOf(request, bhttp::field::access_control_request_method)) {
      answer = PreflightAnswer();  // before tokens: a preflight has none
    } else if (const DashboardAsset* asset = FindDashboardAsset(path)) {
      // No figures in it: no token asked.
      answer = request.method() == bhttp::verb::get || head
                   ? DashboardAnswer(*asset)
                   : MethodNotAllowed(MethodOf(request));
    } else if (path == "/healthz" || path == "/readyz") {
      const bool ready = path == "/healthz" || !shared_->options.ready ||
                         shared_->options.ready();
      answer.status = ready ? 200 : 503;
      answer.content_type = "text/plain; charset=utf-8";
      answer.body = ready ? "ok\n" : "not serving\n";
    } else {
      const absl::Status allowed =
          shared_->options.tokens == nullptr
              ? absl::OkStatus()
              : shared_->options.tokens->CheckAuthorization(
                    HeaderOf(request, bhttp::field::authorization),
                    Role::kReader);
      if (!allowed.ok()) {
        answer = ErrorAnswer(allowed);
      } else if (path == "/v1/watch" && request.method() == bhttp::verb::get) {
        absl::StatusOr<int64_t> after = WatchStart(request, target);
        if (after.ok()) {
          StartWatchStream(std::move(stream_), *shared_->options.store,
                           *shared_->options.regions, *after,
                           &shared_->connections, allow_origin_);
          return;
        }
        answer = ErrorAnswer(after.status());
      } else {
        const std::shared_ptr<const Snapshot> snapshot =
            shared_->options.store->snapshot();
        answer = shared_->api.Answer(MethodOf(request), target, *snapshot);
      }
    }
    Send(std::move(answer), request.keep_alive(), head);
  }

  // Where a watch starts: after the Last-Event-ID an EventSource sends when
  // it reconnects, else after ?after=, else from now on.
  absl::StatusOr<int64_t> WatchStart(
      const bhttp::request<bhttp::empty_body>& request,
      const std::string& target) const {
    absl::StatusOr<RequestTarget> parsed = ParseRequestTarget(target);
    if (!parsed.ok()) return parsed.status();
    TKP_RETURN_IF_ERROR(CheckParameters(*parsed, {"after"}, "/v1/watch"));
    std::string after = Parameter(*parsed, "after");
    const auto last_id = request.find("Last-Event-ID");
    if (last_id != request.end()) after = std::string(last_id->value());
    if (after.empty()) return shared_->options.store->LastSequence();
    int64_t sequence = 0;
    if (!absl::SimpleAtoi(after, &sequence) || sequence < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the watch starts after a sequence number (Last-Event-ID or "
          "?after=), not \"",
          after, "\""));
    }
    return sequence;
  }

  void Send(HttpAnswer&& answer, bool keep_alive, bool head) {
    auto response = std::make_shared<bhttp::response<bhttp::string_body>>();
    response->version(11);
    response->result(static_cast<unsigned>(answer.status));
    response->set(bhttp::field::server, "tkp-server");
    if (!answer.content_type.empty()) {
      response->set(bhttp::field::content_type, answer.content_type);
    }
    response->set(bhttp::field::cache_control, "no-store");
    response->set("X-Content-Type-Options", "nosniff");
    if (answer.status == 401) {
      response->set(bhttp::field::www_authenticate, "Bearer");
    }
    if (answer.status == 405) response->set(bhttp::field::allow, "GET, HEAD");
    if (allow_origin_) {
      response->set(bhttp::field::access_control_allow_origin, *allow_origin_);
      response->set(bhttp::field::vary, "Origin");
    }
    for (const auto& [name, value] : answer.headers) response->set(name, value);
    response->body() = std::move(answer.body);
    response->keep_alive(keep_alive);
    response->prepare_payload();
    if (head) response->body().clear();  // Content-Length stays the GET's
    Lowest().expires_after(kRequestTimeout);
    bhttp::async_write(stream_, *response,
                       [self = this->shared_from_this(), response, keep_alive](
                           beast::error_code error, size_t) {
                         if (!error && keep_alive) {
                           self->Read(kIdleTimeout);
                           return;
                         }
                         self->Close();
                       });
  }

  // The end of a connection: over TLS, close_notify first (bounded by the
  // time an answer has), then TCP's half-close.
  void Close() {
    if constexpr (kTls) {
      Lowest().expires_after(kRequestTimeout);
      stream_.async_shutdown([self =
                                  this->shared_from_this()](beast::error_code) {
        beast::error_code ignored;
        self->Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
      });
    } else {
      beast::error_code ignored;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    }
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::empty_body>> parser_;
  Shared* shared_;
  // The request's Access-Control-Allow-Origin (cors.h), for its answer.
  std::optional<std::string> allow_origin_;
};

// The server's certificate and key for HTTPS, and the CA client
// certificates must be signed by where it asks for them: what gRPC is
// given (--tls-cert, --tls-key, --tls-client-ca). TLS 1.2 and later.
absl::StatusOr<asio::ssl::context> TlsContext(
    const HttpServerOptions& options) {
  asio::ssl::context tls(asio::ssl::context::tls_server);
  tls.set_options(
      asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  beast::error_code error;
  tls.use_certificate_chain(asio::buffer(options.tls_cert_pem), error);
  if (!error) {
    tls.use_private_key(asio::buffer(options.tls_key_pem),
                        asio::ssl::context::pem, error);
  }
  if (!error && !options.tls_client_ca_pem.empty()) {
    tls.add_certificate_authority(asio::buffer(options.tls_client_ca_pem),
                                  error);
    tls.set_verify_mode(
        asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert, error);
  }
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("the HTTP API cannot use the TLS certificate, key or "
                     "client CA it was given: ",
                     error.message()));
  }
  return tls;
}

}  // namespace

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
