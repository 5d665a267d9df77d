#include "tests/support/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <regex>
#include <type_traits>

#include "absl/strings/ascii.h"

namespace tkp::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

using Deadline = std::chrono::steady_clock::time_point;

// A minute from now. Setting up, not an outcome under test: a generous
// bound, so a server that never answers (or only sends keep-alives) fails
// the test instead of hanging it.
Deadline AMinuteFromNow() {
  return std::chrono::steady_clock::now() + std::chrono::seconds(60);
}

// Beast's timeouts hold only for its asynchronous calls: each step is one,
// run to its end on `io`, and ends by `deadline` at the latest.
template <typename Stream, typename Start>
beast::error_code Await(asio::io_context& io, Stream& stream, Deadline deadline,
                        Start start) {
  beast::error_code result = asio::error::would_block;
  beast::get_lowest_layer(stream).expires_at(deadline);
  start([&result](beast::error_code error, auto&&...) { result = error; });
  io.restart();
  io.run();
  return result;
}

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Connects (and over TLS shakes hands); false when any of it fails.
template <typename Stream>
bool Connect(asio::io_context& io, Stream& stream, Deadline deadline,
             int port) {
  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"),
                             static_cast<uint16_t>(port));
  if (Await(io, stream, deadline, [&](auto done) {
        beast::get_lowest_layer(stream).async_connect(server, done);
      })) {
    return false;
  }
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    if (Await(io, stream, deadline, [&](auto done) {
          stream.async_handshake(asio::ssl::stream_base::client, done);
        })) {
      return false;
    }
  }
  return true;
}

bhttp::request<bhttp::string_body> MakeRequest(
    const std::string& method, const std::string& target,
    const std::vector<std::string>& headers, const std::string& body) {
  bhttp::request<bhttp::string_body> request(bhttp::string_to_verb(method),
                                             target, 11);
  if (request.method() == bhttp::verb::unknown) {
    request.method_string(method);
  }
  request.set(bhttp::field::host, "127.0.0.1");
  for (const std::string& header : headers) {
    const size_t colon = header.find(':');
    request.set(header.substr(0, colon),
                std::string(absl::StripLeadingAsciiWhitespace(
                    header.substr(colon + 1))));
  }
  request.keep_alive(false);
  if (!body.empty()) {
    request.body() = body;
    request.prepare_payload();
  }
  return request;
}

// Connects and sends the request; false when any of it fails.
template <typename Stream>
bool Send(asio::io_context& io, Stream& stream, Deadline deadline, int port,
          const std::string& method, const std::string& target,
          const std::vector<std::string>& headers) {
  if (!Connect(io, stream, deadline, port)) return false;
  bhttp::request<bhttp::string_body> request =
      MakeRequest(method, target, headers, "");
  return !Await(io, stream, deadline,
                [&](auto done) { bhttp::async_write(stream, request, done); });
}

void Take(const bhttp::response<bhttp::string_body>& response,
          HttpResult* result) {
  result->status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    result->headers[absl::AsciiStrToLower(std::string(field.name_string()))] =
        std::string(field.value());
  }
  result->body = response.body();
}

// Events complete in `text`: an "id:" line, ended by a blank line.
int EventsIn(const std::string& text) {
  int events = 0;
  for (size_t at = text.find("id: "); at != std::string::npos;
       at = text.find("\nid: ", at + 1)) {
    if (text.find("\n\n", at) != std::string::npos) ++events;
  }
  return events;
}

// A client's TLS context as `tls` says.
asio::ssl::context ClientContext(const TlsClient& tls) {
  asio::ssl::context context(asio::ssl::context::tls_client);
  context.load_verify_file(tls.ca_file);
  if (!tls.cert_file.empty()) {
    context.use_certificate_chain_file(tls.cert_file);
    context.use_private_key_file(tls.key_file, asio::ssl::context::pem);
  }
  context.set_verify_mode(asio::ssl::verify_peer);
  return context;
}

// The request on `stream` and its answer (a HEAD's without a body). The
// request is written while the answer is read, as curl does: a server may
// answer, and refuse, before it has read a body.
template <typename Stream>
HttpResult Exchange(asio::io_context& io, Stream& stream, int port,
                    const std::string& method, const std::string& target,
                    const std::vector<std::string>& headers,
                    const std::string& body) {
  HttpResult result;
  const Deadline deadline = AMinuteFromNow();
  if (!Connect(io, stream, deadline, port)) return result;
  const bhttp::request<bhttp::string_body> request =
      MakeRequest(method, target, headers, body);
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  if (Await(io, stream, deadline, [&](auto done) {
        bhttp::async_write(stream, request, [](beast::error_code, size_t) {});
        bhttp::async_read(stream, buffer, parser, done);
      })) {
    return result;
  }
  Take(parser.get(), &result);
  return result;
}

}  // namespace

HttpResult HttpRequest(int port, const std::string& method,
                       const std::string& target,
                       const std::vector<std::string>& headers,
                       const std::string& body) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  return Exchange(io, stream, port, method, target, headers, body);
}

HttpResult HttpsRequest(int port, const std::string& method,
                        const std::string& target,
                        const std::vector<std::string>& headers,
                        const TlsClient& tls) {
  asio::ssl::context context = ClientContext(tls);
  asio::io_context io;
  TlsStream stream(io, context);
  stream.set_verify_callback(asio::ssl::host_name_verification("localhost"));
  return Exchange(io, stream, port, method, target, headers, "");
}

namespace {

template <typename Stream>
HttpResult ReadEventsOn(asio::io_context& io, Stream& stream, int port,
                        const std::string& target,
                        const std::vector<std::string>& headers, int events) {
  HttpResult result;
  const Deadline deadline = AMinuteFromNow();
  if (!Send(io, stream, deadline, port, "GET", target, headers)) return result;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  if (Await(io, stream, deadline, [&](auto done) {
        bhttp::async_read_header(stream, buffer, parser, done);
      })) {
    return result;
  }
  while (!parser.is_done() && EventsIn(parser.get().body()) < events) {
    if (Await(io, stream, deadline, [&](auto done) {
          bhttp::async_read_some(stream, buffer, parser, done);
        })) {
      break;
    }
  }
  Take(parser.get(), &result);
  return result;
}

}  // namespace

HttpResult ReadEvents(int port, const std::string& target,
                      const std::vector<std::string>& headers, int events,
                      const TlsClient* tls) {
  asio::io_context io;
  if (tls == nullptr) {
    beast::tcp_stream stream(io);
    return ReadEventsOn(io, stream, port, target, headers, events);
  }
  asio::ssl::context context = ClientContext(*tls);
  TlsStream stream(io, context);
  stream.set_verify_callback(asio::ssl::host_name_verification("localhost"));
  return ReadEventsOn(io, stream, port, target, headers, events);
}

struct KeptAliveConnections::State {
  asio::io_context io;
  std::vector<std::unique_ptr<beast::tcp_stream>> streams;
  std::vector<beast::flat_buffer> buffers;
};

KeptAliveConnections::KeptAliveConnections(int port, int count)
    : state_(std::make_unique<State>()) {
  const tcp::endpoint server(asio::ip::make_address("127.0.0.1"),
                             static_cast<uint16_t>(port));
  const Deadline deadline = AMinuteFromNow();
  for (int i = 0; i < count; ++i) {
    auto stream = std::make_unique<beast::tcp_stream>(state_->io);
    if (Await(state_->io, *stream, deadline,
              [&](auto done) { stream->async_connect(server, done); })) {
      break;
    }
    state_->streams.push_back(std::move(stream));
    state_->buffers.emplace_back();
  }
}

KeptAliveConnections::~KeptAliveConnections() = default;

int KeptAliveConnections::open() const {
  return static_cast<int>(state_->streams.size());
}

HttpResult KeptAliveConnections::Get(int connection,
                                     const std::string& target) {
  HttpResult result;
  beast::tcp_stream& stream = *state_->streams.at(connection);
  const Deadline deadline = AMinuteFromNow();
  bhttp::request<bhttp::empty_body> request(bhttp::verb::get, target, 11);
  request.set(bhttp::field::host, "127.0.0.1");
  request.keep_alive(true);
  if (Await(state_->io, stream, deadline,
            [&](auto done) { bhttp::async_write(stream, request, done); })) {
    return result;
  }
  bhttp::response_parser<bhttp::string_body> parser;
  if (Await(state_->io, stream, deadline, [&](auto done) {
        bhttp::async_read(stream, state_->buffers.at(connection), parser, done);
      })) {
    return result;
  }
  Take(parser.get(), &result);
  return result;
}

int ConnectTo(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address),
                sizeof(address)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int HttpPortOf(const std::string& server_log) {
  std::smatch match;
  static const std::regex kLine(R"(HTTPS? API on \S+ \(port (\d+)\))");
  if (!std::regex_search(server_log, match, kLine)) return 0;
  return std::stoi(match[1].str());
}

}  // namespace tkp::testing
