#include "server/ops/tcp_listener.h"

#include <boost/asio/strand.hpp>
#include <utility>

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

absl::Status ListenerThread::Start(const std::string& listen,
                                   absl::string_view what,
                                   OnConnection on_connection) {
  if (absl::Status opened = OpenTcpListener(listen, what, &acceptor_);
      !opened.ok()) {
    return opened;
  }
  boost::system::error_code error;
  port_ = acceptor_.local_endpoint(error).port();
  on_connection_ = std::move(on_connection);
  Accept();
  thread_ = std::thread([this] { io_.run(); });
  return absl::OkStatus();
}

void ListenerThread::Accept() {
  acceptor_.async_accept(boost::asio::make_strand(io_),
                         [this](boost::system::error_code error,
                                boost::asio::ip::tcp::socket socket) {
                           if (error) return;  // closed: shutting down
                           on_connection_(std::move(socket));
                           Accept();
                         });
}

ListenerThread::~ListenerThread() {
  io_.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace tkp
