#include "server/ops/tcp_listener.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tkp {

absl::Status OpenTcpListener(const std::string& listen, absl::string_view what,
                             boost::asio::ip::tcp::acceptor* acceptor) {
  namespace asio = boost::asio;
  using tcp = asio::ip::tcp;
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 ||
      port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " address \"", listen, "\" is not HOST:PORT"));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  boost::system::error_code error;
  const asio::ip::address address = asio::ip::make_address(host, error);
  if (error) {
    return absl::InvalidArgumentError(absl::StrCat(what, " address \"", listen,
                                                   "\": \"", host,
                                                   "\" is not an IP address"));
  }
  const tcp::endpoint endpoint(address, static_cast<uint16_t>(port));
  acceptor->open(endpoint.protocol(), error);
  if (!error) acceptor->set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor->bind(endpoint, error);
  if (!error) {
    acceptor->listen(asio::socket_base::max_listen_connections, error);
  }
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot listen for ", what, " on ", listen, ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace tkp
