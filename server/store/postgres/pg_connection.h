// A small RAII layer over libpq (Debian's libpq-dev): one connection, its
// results, its notifications, and errors as absl::Status that name the
// database and never its password.
//
// Not libpqxx: its reconnect re-LISTENs silently and loses what was
// notified in between; here a lost connection is an error the caller sees,
// and the caller catches up after reconnecting (pg_store.h).
//
// Not thread-safe: each thread that talks to the database has its own
// connection, or holds a lock around one.

#ifndef TKP_SERVER_STORE_POSTGRES_PG_CONNECTION_H_
#define TKP_SERVER_STORE_POSTGRES_PG_CONNECTION_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

struct pg_conn;
struct pg_result;

namespace tkp {

// One query's result rows, as text (libpq's text format).
class PgResult {
 public:
  explicit PgResult(pg_result* result);
  ~PgResult();
  PgResult(PgResult&& other) noexcept;
  PgResult& operator=(PgResult&& other) noexcept;
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;

  int rows() const;
  bool IsNull(int row, int column) const;
  std::string Text(int row, int column) const;
  // A column of a number type; 0 when NULL.
  int64_t Int(int row, int column) const;
  // A bytea column, decoded from libpq's hex text.
  std::string Bytes(int row, int column) const;

 private:
  friend class PgConnection;
  pg_result* result_;
};

// The status code of a statement the database refused with `sqlstate`:
// UNAVAILABLE for what passes (a lost connection, a server shutting down,
// a full disk, a standby that refuses writes), ABORTED for a serialization
// failure or deadlock, INTERNAL for the rest.
absl::StatusCode CodeOfSqlState(std::string_view sqlstate);

// A query parameter: text, or bytes sent in binary (bytea).
struct PgParam {
  static PgParam Text(std::string text) {
    return PgParam(std::move(text), false);
  }
  static PgParam Int(int64_t value) {
    return PgParam(std::to_string(value), false);
  }
  static PgParam Bytes(std::string bytes) {
    return PgParam(std::move(bytes), true);
  }

  std::string value;
  bool binary = false;

 private:
  PgParam(std::string v, bool b) : value(std::move(v)), binary(b) {}
};

class PgConnection {
 public:
  // Connects with a libpq connection string or URI ("" or "postgresql://":
  // everything from libpq's PG* variables and service files). Defaults
  // tkp sets unless the string says otherwise: application_name tkp-server,
  // connect_timeout 10 s, and TCP keepalives and a user timeout that notice
  // a vanished server within 30 s. UNAVAILABLE when the database cannot be
  // reached, naming it and what libpq said.
  static absl::StatusOr<std::unique_ptr<PgConnection>> Connect(
      const std::string& conninfo);

  // What a message about this database calls it: "database DB on HOST:PORT
  // as USER", from the connection string alone (no password), so it can be
  // said before connecting and after losing the connection.
  static std::string Describe(const std::string& conninfo);

  // INVALID_ARGUMENT when `conninfo` does not parse; FAILED_PRECONDITION
  // when it holds a password (a command line is readable by every user of
  // the machine: put it in TKP_DATABASE_URL, ~/.pgpass or a service file).
  static absl::Status CheckNoPassword(const std::string& conninfo);

  ~PgConnection();
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  const std::string& description() const { return description_; }

  // Runs a statement (several, separated by semicolons, when there are no
  // parameters). A failure is UNAVAILABLE when the connection is
  // lost (the caller may reconnect), else an error with the database's
  // message and SQLSTATE, coded by CodeOfSqlState; both name the database.
  absl::StatusOr<PgResult> Exec(absl::string_view sql,
                                const std::vector<PgParam>& params = {});

  // Exec, for a statement whose rows do not matter.
  absl::Status Run(absl::string_view sql,
                   const std::vector<PgParam>& params = {}) {
    return Exec(sql, params).status();
  }

  // True while the connection is usable.
  bool ok() const;

  // ok(), after reading what is waiting on the socket without blocking, so
  // that a connection the server has closed is known before a statement is
  // sent on it. Drops notifications: not for a connection that LISTENs.
  bool Probe();

  // Waits up to `timeout` for a notification on a channel this connection
  // LISTENs on; returns the payloads that arrived (empty on timeout).
  // UNAVAILABLE when the connection is lost.
  absl::StatusOr<std::vector<std::string>> WaitForNotifications(
      absl::Duration timeout);

 private:
  PgConnection(pg_conn* conn, std::string description);
  absl::Status Lost(absl::string_view what) const;

  pg_conn* conn_;
  const std::string description_;
};

// Ends the transaction a body ran in: COMMIT when `status` is OK, else
// ROLLBACK (when the connection still stands) and `status`.
inline absl::Status EndTransaction(PgConnection& conn, absl::Status status) {
  if (status.ok()) return conn.Run("COMMIT");
  if (conn.ok()) conn.Run("ROLLBACK").IgnoreError();
  return status;
}

// Runs `body` in a transaction (BEGIN `begin`; body; COMMIT), rolling back
// when it fails. `begin` is what follows BEGIN ("ISOLATION LEVEL ...").
template <typename Body>
absl::Status InTransaction(PgConnection& conn, absl::string_view begin,
                           Body body) {
  absl::Status status = conn.Run(std::string("BEGIN ") + std::string(begin));
  if (!status.ok()) return status;
  return EndTransaction(conn, body());
}

}  // namespace tkp

#endif  // TKP_SERVER_STORE_POSTGRES_PG_CONNECTION_H_
