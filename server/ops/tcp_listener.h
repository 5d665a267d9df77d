// Opening a TCP listener on "HOST:PORT" for the HTTP servers (metrics, the
// HTTP API): the address checked, SO_REUSEADDR set (a server restarted at
// once must not find its port held by connections in TIME-WAIT; gRPC's own
// listeners set it themselves), errors that say which flag's address failed.

#ifndef TKP_SERVER_OPS_TCP_LISTENER_H_
#define TKP_SERVER_OPS_TCP_LISTENER_H_

#include <boost/asio/ip/tcp.hpp>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tkp {

// Opens `acceptor` listening on `listen` (HOST:PORT, [IPv6]:PORT; port 0:
// any free port). `what` names the listener in errors ("metrics").
absl::Status OpenTcpListener(const std::string& listen, absl::string_view what,
                             boost::asio::ip::tcp::acceptor* acceptor);

}  // namespace tkp

#endif  // TKP_SERVER_OPS_TCP_LISTENER_H_
