// The TLS context of tkp-server's HTTPS listener, from what gRPC is given.

#ifndef TKP_SERVER_HTTP_TLS_CONTEXT_H_
#define TKP_SERVER_HTTP_TLS_CONTEXT_H_

#include <boost/asio/ssl.hpp>

#include "absl/status/statusor.h"
#include "server/http/http_server.h"

namespace tkp::http {

// The server's certificate and key for HTTPS, and the CA client
// certificates must be signed by where it asks for them: what gRPC is
// given (--tls-cert, --tls-key, --tls-client-ca). TLS 1.2 and later.
// INVALID_ARGUMENT where OpenSSL cannot use them.
absl::StatusOr<boost::asio::ssl::context> TlsContext(
    const HttpServerOptions& options);

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_TLS_CONTEXT_H_
