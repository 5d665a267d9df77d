// Opening a TCP listener on "HOST:PORT" for the HTTP servers (metrics, the
// HTTP API): the address checked, SO_REUSEADDR set (a server restarted at
// once must not find its port held by connections in TIME-WAIT; gRPC's own
// listeners set it themselves), errors that say which flag's address failed;
// and serving it on a thread of its own (ListenerThread).

#ifndef TKP_SERVER_OPS_TCP_LISTENER_H_
#define TKP_SERVER_OPS_TCP_LISTENER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tkp {

// Opens `acceptor` listening on `listen` (HOST:PORT, [IPv6]:PORT; port 0:
// any free port). `what` names the listener in errors ("metrics").
absl::Status OpenTcpListener(const std::string& listen, absl::string_view what,
                             boost::asio::ip::tcp::acceptor* acceptor);

// A listener and the io_context its connections run on, on a thread of its
// own apart from gRPC. Destroying it stops the io_context and joins the
// thread, then destroys the connections the io_context still holds: what
// they use must be declared before it (and so outlive it).
class ListenerThread {
 public:
  using OnConnection = std::function<void(boost::asio::ip::tcp::socket)>;

  ListenerThread() = default;
  ~ListenerThread();
  ListenerThread(const ListenerThread&) = delete;
  ListenerThread& operator=(const ListenerThread&) = delete;

  // Listens on `listen` (OpenTcpListener; `what` names it in errors) and
  // hands each connection accepted, on a strand of its own, to
  // `on_connection`, on the thread.
  absl::Status Start(const std::string& listen, absl::string_view what,
                     OnConnection on_connection);

  int port() const { return port_; }  // constant once started

 private:
  void Accept();

  boost::asio::io_context io_{1};
  boost::asio::ip::tcp::acceptor acceptor_{io_};
  OnConnection on_connection_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace tkp

#endif  // TKP_SERVER_OPS_TCP_LISTENER_H_
