// A plain HTTP/1.1 client for the tests of tkp-server's HTTP API, over TLS
// where asked (Boost.Beast, synchronous, one request per connection unless
// asked).

#ifndef TKP_TESTS_SUPPORT_HTTP_CLIENT_H_
#define TKP_TESTS_SUPPORT_HTTP_CLIENT_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tkp::testing {

struct HttpResult {
  int status = 0;  // 0: no answer (refused, closed, timed out)
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

// `method` `target` to 127.0.0.1:`port` with `headers` ("Name: value")
// and `body` (none where empty).
HttpResult HttpRequest(int port, const std::string& method,
                       const std::string& target,
                       const std::vector<std::string>& headers = {},
                       const std::string& body = "");

inline HttpResult HttpGet(int port, const std::string& target,
                          const std::vector<std::string>& headers = {}) {
  return HttpRequest(port, "GET", target, headers);
}

// TLS for a request to an HTTPS port: the CA (PEM file) the server's
// certificate must be signed by, for the name "localhost"; the client's
// certificate and key, where the server asks for one.
struct TlsClient {
  std::string ca_file;
  std::string cert_file;  // empty: none
  std::string key_file;
};

// HttpRequest over TLS; status 0 also where the handshake fails.
HttpResult HttpsRequest(int port, const std::string& method,
                        const std::string& target,
                        const std::vector<std::string>& headers,
                        const TlsClient& tls);

// Connections kept alive between requests (HTTP/1.1's default), as
// browsers and BI tools hold them, all on one io_context: each Get sends a
// request on one and reads its answer (status 0 once the server closed it).
class KeptAliveConnections {
 public:
  // Opens `count` connections to 127.0.0.1:`port`.
  KeptAliveConnections(int port, int count);
  ~KeptAliveConnections();
  KeptAliveConnections(const KeptAliveConnections&) = delete;
  KeptAliveConnections& operator=(const KeptAliveConnections&) = delete;

  // How many connected.
  int open() const;
  HttpResult Get(int connection, const std::string& target);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A Server-Sent Events stream at `target`, read until `events` events
// (blocks with an "id:" line) have come, or 60 s passed: the status, the
// headers, and the stream's text so far.
HttpResult ReadEvents(int port, const std::string& target,
                      const std::vector<std::string>& headers, int events,
                      const TlsClient* tls = nullptr);

// A plain TCP connection to 127.0.0.1:`port`, for a test that writes
// what no well-behaved client would; -1 when it cannot connect.
int ConnectTo(int port);

// The port tkp-server logged for its HTTP API ("HTTP API on ... (port N)",
// or "HTTPS API on ..."), 0 when it logged none.
int HttpPortOf(const std::string& server_log);

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_HTTP_CLIENT_H_
