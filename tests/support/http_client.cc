#include "tests/support/http_client.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <regex>

#include "absl/strings/ascii.h"

namespace tkp::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

// Connects and sends the request; false when either fails.
bool Send(beast::tcp_stream& stream, int port, const std::string& method,
          const std::string& target, const std::vector<std::string>& headers) {
  beast::error_code error;
  // Setting up, not an outcome under test: generous bounds, so a server
  // that never answers fails the test instead of hanging it.
  stream.expires_after(std::chrono::seconds(60));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                               static_cast<uint16_t>(port)),
                 error);
  if (error) return false;
  // Beast's timeouts hold only for its asynchronous calls: the socket's own
  // bounds each blocking read and write here.
  const timeval bound{60, 0};
  const int fd = stream.socket().native_handle();
  if (::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof(bound)) != 0 ||
      ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &bound, sizeof(bound)) != 0) {
    return false;
  }
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
  bhttp::write(stream, request, error);
  return !error;
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

}  // namespace

HttpResult HttpRequest(int port, const std::string& method,
                       const std::string& target,
                       const std::vector<std::string>& headers) {
  HttpResult result;
  asio::io_context io;
  beast::tcp_stream stream(io);
  if (!Send(stream, port, method, target, headers)) return result;
  beast::error_code error;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  bhttp::read(stream, buffer, parser, error);
  if (error) return result;
  Take(parser.get(), &result);
  return result;
}

HttpResult ReadEvents(int port, const std::string& target,
                      const std::vector<std::string>& headers, int events) {
  HttpResult result;
  asio::io_context io;
  beast::tcp_stream stream(io);
  if (!Send(stream, port, "GET", target, headers)) return result;
  beast::error_code error;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  bhttp::read_header(stream, buffer, parser, error);
  if (error) return result;
  while (!parser.is_done() && EventsIn(parser.get().body()) < events) {
    bhttp::read_some(stream, buffer, parser, error);
    if (error) break;
  }
  Take(parser.get(), &result);
  return result;
}

int HttpPortOf(const std::string& server_log) {
  std::smatch match;
  static const std::regex kLine(R"(HTTP API on \S+ \(port (\d+)\))");
  if (!std::regex_search(server_log, match, kLine)) return 0;
  return std::stoi(match[1].str());
}

}  // namespace tkp::testing
