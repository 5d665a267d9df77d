#include "server/ops/metrics_http_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>

#include "server/ops/tcp_listener.h"
#include "server/util/status_macros.h"

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
      response_.set(http::field::content_type, Metrics::kPrometheusContentType);
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
  const Metrics* metrics = nullptr;
  ListenerThread listener;  // after what its connections use
};

absl::StatusOr<std::unique_ptr<MetricsHttpServer>> MetricsHttpServer::Start(
    const std::string& listen, const Metrics* metrics) {
  auto state = std::make_unique<State>();
  state->metrics = metrics;
  TKP_RETURN_IF_ERROR(
      state->listener.Start(listen, "metrics", [metrics](tcp::socket socket) {
        std::make_shared<Session>(std::move(socket), metrics)->Run();
      }));
  return std::unique_ptr<MetricsHttpServer>(
      new MetricsHttpServer(std::move(state)));
}

MetricsHttpServer::MetricsHttpServer(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

MetricsHttpServer::~MetricsHttpServer() = default;

int MetricsHttpServer::port() const { return state_->listener.port(); }

}  // namespace tkp
