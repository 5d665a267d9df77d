#include "tests/support/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <regex>

#include "absl/strings/ascii.h"

namespace tkp::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

HttpResult HttpRequest(int port, const std::string& method,
                       const std::string& target,
                       const std::vector<std::string>& headers) {
  HttpResult result;
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code error;
  // Setting up, not an outcome under test: a generous bound, so a server
  // that never answers fails the test instead of hanging it.
  stream.expires_after(std::chrono::seconds(60));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                               static_cast<uint16_t>(port)),
                 error);
  if (error) return result;
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
  if (error) return result;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  if (method == "HEAD") parser.skip(true);
  bhttp::read(stream, buffer, parser, error);
  if (error) return result;
  const auto& response = parser.get();
  result.status = static_cast<int>(response.result_int());
  for (const auto& field : response) {
    result.headers[absl::AsciiStrToLower(std::string(field.name_string()))] =
        std::string(field.value());
  }
  result.body = response.body();
  return result;
}

int HttpPortOf(const std::string& server_log) {
  std::smatch match;
  static const std::regex kLine(R"(HTTP API on \S+ \(port (\d+)\))");
  if (!std::regex_search(server_log, match, kLine)) return 0;
  return std::stoi(match[1].str());
}

}  // namespace tkp::testing
