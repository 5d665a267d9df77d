// A real PostgreSQL server for tests: a new cluster (initdb) in a temporary
// directory, reachable only through a Unix socket in that directory,
// stopped and removed at destruction. As root (CI runs as root) it runs as
// the `postgres` user, since PostgreSQL refuses to run as root.
//
// The server binaries are Debian's `postgresql` package (installed by
// deploy/install-deps.sh); a machine without them fails the test that
// starts one, saying so.

#ifndef TKP_TESTS_SUPPORT_POSTGRES_SERVER_H_
#define TKP_TESTS_SUPPORT_POSTGRES_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tkp::testing {

class PostgresServer {
 public:
  // A certificate chain and key (PEM files) for TLS.
  struct Tls {
    std::string cert;
    std::string key;
  };

  // initdb, then Start. Waits for the server to accept connections. With
  // `tls`, it also listens on 127.0.0.1 (a free port) and speaks TLS there
  // with that certificate. Not `durable` (tests), it neither fsyncs nor
  // waits for the write-ahead log at COMMIT; `durable` (benchmarks), it
  // keeps PostgreSQL's defaults, as a production server would.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> Create(
      const Tls* tls = nullptr, bool durable = false);

  // A hot standby of this server: a base backup of it, started and
  // following it by streaming replication, on a socket of its own (the
  // same port number, another directory). Promote makes it a primary.
  absl::StatusOr<std::unique_ptr<PostgresServer>> CreateStandby() const;
  absl::Status Promote();

  // The directory of the server's Unix socket (libpq's host).
  const std::string& socket_dir() const { return dir_; }

  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // A libpq connection string for `database` on this server.
  std::string ConnInfo(const std::string& database) const;
  // One over TCP to localhost (with TLS only), without sslmode.
  std::string TcpConnInfo(const std::string& database) const;

  // Creates a database of its own for a test; returns its connection
  // string.
  absl::StatusOr<std::string> NewDatabase();

  // Stops the server (fast shutdown: clients are disconnected), as a
  // failover or an outage would; Start brings it back on the same data.
  absl::Status Stop();
  absl::Status Start();

 private:
  PostgresServer(std::string dir, uid_t uid, gid_t gid);
  // A server not yet made: its directory, owned by whom it runs as.
  static absl::StatusOr<std::unique_ptr<PostgresServer>> NewOwned();
  // Runs a PostgreSQL program as the server's user, its output to the log.
  absl::Status RunToEnd(const std::vector<std::string>& argv);

  const std::string dir_;  // the socket's directory; the cluster in data/
  const uid_t uid_;
  const gid_t gid_;
  std::string port_ = "5432";  // names the socket file; the TCP port too
  bool tls_ = false;           // server.crt and server.key in dir_
  bool durable_ = false;
  pid_t pid_ = -1;
  int databases_ = 0;
};

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_POSTGRES_SERVER_H_
