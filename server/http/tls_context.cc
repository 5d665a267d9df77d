#include "server/http/tls_context.h"

#include <boost/beast/core.hpp>

#include "absl/strings/str_cat.h"

namespace tkp::http {

namespace asio = boost::asio;
namespace beast = boost::beast;

absl::StatusOr<asio::ssl::context> TlsContext(
    const HttpServerOptions& options) {
  asio::ssl::context tls(asio::ssl::context::tls_server);
  tls.set_options(
      asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
      asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  beast::error_code error;
  tls.use_certificate_chain(asio::buffer(options.tls_cert_pem), error);
  if (!error) {
    tls.use_private_key(asio::buffer(options.tls_key_pem),
                        asio::ssl::context::pem, error);
  }
  if (!error && !options.tls_client_ca_pem.empty()) {
    tls.add_certificate_authority(asio::buffer(options.tls_client_ca_pem),
                                  error);
    tls.set_verify_mode(
        asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert, error);
  }
  if (error) {
    return absl::InvalidArgumentError(
        absl::StrCat("the HTTP API cannot use the TLS certificate, key or "
                     "client CA it was given: ",
                     error.message()));
  }
  return tls;
}

}  // namespace tkp::http
