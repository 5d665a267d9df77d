#include "server/ops/metrics_http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tkp {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Slow or idle clients are cut off after this.
constexpr std::chrono::seconds kRequestTimeout(10);

// One connection: read a request, answer it, close.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const Metrics* metrics)
      : stream_(std::move(socket)), metrics_(metrics) {}

  void Run() {
    stream_.expires_after(kRequestTimeout);
    http::async_read(
        stream_, buffer_, request_,
        [self = shared_from_this()](beast::error_code error, size_t) {
          if (!error) self->Answer();
        });
  }

 private:
  void Answer() {
    response_.version(request_.version());
    response_.keep_alive(false);
    response_.set(http::field::server, "tkp-server");
    const bool metrics_path = request_.target() == "/metrics";
    if (request_.method() != http::verb::get &&
        request_.method() != http::verb::head) {
      response_.result(http::status::method_not_allowed);
      response_.set(http::field::allow, "GET, HEAD");
      response_.body() = "only GET /metrics\n";
    } else if (!metrics_path) {
      response_.result(http::status::not_found);
      response_.body() = "metrics are at /metrics\n";
    } else {
      response_.result(http::status::ok);
      response_.set(http::field::content_type,
                    "text/plain; version=0.0.4; charset=utf-8");
      response_.body() = metrics_->Render();
    }
    response_.prepare_payload();
    stream_.expires_after(kRequestTimeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this()](beast::error_code, size_t) {
                        beast::error_code ignored;
                        self->stream_.socket().shutdown(
                            tcp::socket::shutdown_send, ignored);
                      });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
  const Metrics* metrics_;
};

}  // namespace

struct MetricsHttpServer::State {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  const Metrics* metrics = nullptr;
  int port = 0;  // constant once listening
  std::thread thread;

  void Accept() {
    acceptor.async_accept(asio::make_strand(io), [this](beast::error_code error,
                                                        tcp::socket socket) {
      if (error) return;  // closed: shutting down
      std::make_shared<Session>(std::move(socket), metrics)->Run();
      Accept();
    });
  }
};

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& listen, const Metrics* metrics) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics address \"", listen, "\" is not HOST:PORT"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  auto state = std::make_unique<State>();
  state->metrics = metrics;
  beast::error_code error;
  const asio::ip::address address = asio::ip::make_address(host, error);
  if (error) {
    return absl::InvalidArgumentError(absl::StrCat("metrics address \"", listen,
                                                   "\": \"", host,
                                                   "\" is not an IP address"));
  }
  const tcp::endpoint endpoint(address, static_cast<uint16_t>(port));
  state->acceptor.open(endpoint.protocol(), error);
  // A server stopped with a scraper connected leaves that connection in
  // TIME-WAIT on this port for a minute; without this, a server restarted
  // at once (a container's restart) could not listen here. (gRPC's own
  // listeners set it themselves.)
  if (!error) {
    state->acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  }
  if (!error) state->acceptor.bind(endpoint, error);
  if (!error)
    state->acceptor.listen(asio::socket_base::max_listen_connections, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat("cannot listen for metrics on ",
                                               listen, ": ", error.message()));
  }
  state->port = state->acceptor.local_endpoint(error).port();
  state->Accept();
  State* raw = state.get();
  state->thread = std::thread([raw] { raw->io.run(); });
  return std::unique_ptr<MetricsHttpServer>(
      new MetricsHttpServer(std::move(state)));
}

MetricsHttpServer::MetricsHttpServer(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

MetricsHttpServer::~MetricsHttpServer() {
  state_->io.stop();
  state_->thread.join();
}

int MetricsHttpServer::port() const { return state_->port; }

}  // namespace tkp
