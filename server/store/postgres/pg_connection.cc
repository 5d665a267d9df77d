#include "server/store/postgres/pg_connection.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tkp {
namespace {

// The options of a connection string, libpq's defaults (its PG* variables
// and built-in values) filled in where the string says nothing.
std::map<std::string, std::string> OptionsOf(const std::string& conninfo,
                                             std::string* error) {
  std::map<std::string, std::string> options;
  if (PQconninfoOption* defaults = PQconndefaults()) {
    for (PQconninfoOption* o = defaults; o->keyword != nullptr; ++o) {
      if (o->val != nullptr) options[o->keyword] = o->val;
    }
    PQconninfoFree(defaults);
  }
  char* message = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &message);
  if (parsed == nullptr) {
    if (error != nullptr) {
      *error = message != nullptr ? message : "out of memory";
    }
    PQfreemem(message);
    return options;
  }
  for (PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
    if (o->val != nullptr && *o->val != '\0') options[o->keyword] = o->val;
  }
  PQconninfoFree(parsed);
  return options;
}

std::string Value(const std::map<std::string, std::string>& options,
                  const std::string& key) {
  const auto it = options.find(key);
  return it == options.end() ? "" : it->second;
}

std::string DescribeOptions(const std::map<std::string, std::string>& o) {
  std::string host = Value(o, "host");
  if (host.empty()) host = Value(o, "hostaddr");
  if (host.empty()) host = "the local socket";
  std::string user = Value(o, "user");
  std::string database = Value(o, "dbname");
  if (database.empty()) database = user;
  std::string text = absl::StrCat("database \"", database, "\" on ", host);
  const std::string port = Value(o, "port");
  if (!port.empty()) absl::StrAppend(&text, " port ", port);
  if (!user.empty()) absl::StrAppend(&text, " as ", user);
  return text;
}

// libpq's message on one line: its line breaks and indents as one space.
std::string Trimmed(const char* message) {
  if (message == nullptr) return "";
  std::string out;
  bool space = false;
  for (const char* c = message; *c != '\0'; ++c) {
    if (absl::ascii_isspace(static_cast<unsigned char>(*c))) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += *c;
  }
  return out;
}

}  // namespace

absl::StatusCode CodeOfSqlState(std::string_view sqlstate) {
  // Class 08: the connection; 57P: the server shutting down or starting;
  // 53: out of disk, memory or connections; 25006: a read-only
  // transaction, which is what a standby (a primary failed over) gives.
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P") ||
      sqlstate.starts_with("53") || sqlstate == "25006") {
    return absl::StatusCode::kUnavailable;
  }
  // A serialization failure or deadlock: worth trying again.
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return absl::StatusCode::kAborted;
  }
  // Permissions, a schema changed by hand, a bug: not for a client to retry.
  return absl::StatusCode::kInternal;
}

PgResult::PgResult(pg_result* result) : result_(result) {}
PgResult::~PgResult() { PQclear(result_); }
PgResult::PgResult(PgResult&& other) noexcept : result_(other.result_) {
  other.result_ = nullptr;
}
PgResult& PgResult::operator=(PgResult&& other) noexcept {
  if (this != &other) {
    PQclear(result_);
    result_ = other.result_;
    other.result_ = nullptr;
  }
  return *this;
}

int PgResult::rows() const { return PQntuples(result_); }

bool PgResult::IsNull(int row, int column) const {
  return PQgetisnull(result_, row, column) != 0;
}

std::string PgResult::Text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     PQgetlength(result_, row, column));
}

int64_t PgResult::Int(int row, int column) const {
  int64_t value = 0;
  if (!absl::SimpleAtoi(PQgetvalue(result_, row, column), &value)) return 0;
  return value;
}

std::string PgResult::Bytes(int row, int column) const {
  size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(
      reinterpret_cast<const unsigned char*>(PQgetvalue(result_, row, column)),
      &length);
  if (bytes == nullptr) return "";
  std::string out(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

PgConnection::PgConnection(pg_conn* conn, std::string description)
    : conn_(conn), description_(std::move(description)) {}

PgConnection::~PgConnection() { PQfinish(conn_); }

std::string PgConnection::Describe(const std::string& conninfo) {
  return DescribeOptions(OptionsOf(conninfo, nullptr));
}

absl::Status PgConnection::CheckNoPassword(const std::string& conninfo) {
  std::string error;
  const std::map<std::string, std::string> options =
      OptionsOf(conninfo, &error);
  if (!error.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a PostgreSQL connection string or URI: ", Trimmed(error.c_str())));
  }
  char* message = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &message);
  PQfreemem(message);
  bool has_password = false;
  for (PQconninfoOption* o = parsed; o != nullptr && o->keyword != nullptr;
       ++o) {
    if (std::strcmp(o->keyword, "password") == 0 && o->val != nullptr &&
        *o->val != '\0') {
      has_password = true;
    }
  }
  PQconninfoFree(parsed);
  if (has_password) {
    return absl::FailedPreconditionError(
        "the connection string holds a password, which every user of this "
        "machine could read on the command line: give it in "
        "TKP_DATABASE_URL, PGPASSWORD, ~/.pgpass or a service file instead");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PgConnection>> PgConnection::Connect(
    const std::string& conninfo) {
  // Our defaults first: with expand_dbname, what the string says overrides
  // them. Over TCP, a database that vanished without closing the
  // connection (a partition, a failed node) is noticed within half a
  // minute, not after the system's two hours of keepalive: a commit fails
  // and the listener reconnects instead of waiting on a dead peer.
  // libpq's own variables for two of them win over ours, as they would
  // without a default.
  std::vector<const char*> keywords;
  std::vector<const char*> values;
  const auto add = [&](const char* keyword, const char* value,
                       const char* variable) {
    if (variable != nullptr && std::getenv(variable) != nullptr) return;
    keywords.push_back(keyword);
    values.push_back(value);
  };
  add("application_name", "tkp-server", "PGAPPNAME");
  add("connect_timeout", "10", "PGCONNECT_TIMEOUT");
  add("keepalives_idle", "10", nullptr);
  add("keepalives_interval", "5", nullptr);
  add("keepalives_count", "3", nullptr);
  add("tcp_user_timeout", "30000", nullptr);
  add("dbname", conninfo.c_str(), nullptr);
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  pg_conn* conn =
      PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1);
  const std::string description = Describe(conninfo);
  if (conn == nullptr) {
    return absl::ResourceExhaustedError(
        absl::StrCat("cannot connect to ", description, ": out of memory"));
  }
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = Trimmed(PQerrorMessage(conn));
    PQfinish(conn);
    return absl::UnavailableError(
        absl::StrCat("cannot connect to ", description, ": ", message));
  }
  // Notices (a schema that already exists, the server shutting down) are
  // not ours to print: errors reach the caller as a status.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  // Say what was reached, which with several hosts is one of them.
  const std::string reached = absl::StrCat(
      "database \"", PQdb(conn), "\" on ",
      *PQhost(conn) == '/' ? absl::StrCat("the socket in ", PQhost(conn))
                           : std::string(PQhost(conn)),
      " port ", PQport(conn), " as ", PQuser(conn));
  return std::unique_ptr<PgConnection>(new PgConnection(conn, reached));
}

bool PgConnection::ok() const { return PQstatus(conn_) == CONNECTION_OK; }

bool PgConnection::Probe() {
  // A server that went away (a restart, a failover) left an error and the
  // end of the stream on the socket: reading what is there, without
  // waiting, says so now rather than at the next statement.
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  while (ok() && ::poll(&fd, 1, 0) > 0) {
    if (PQconsumeInput(conn_) == 0) break;
    while (PGnotify* notify = PQnotifies(conn_)) PQfreemem(notify);
  }
  return ok();
}

absl::Status PgConnection::Lost(absl::string_view what) const {
  return absl::UnavailableError(
      absl::StrCat("lost the connection to ", description_, " (", what,
                   "): ", Trimmed(PQerrorMessage(conn_))));
}

absl::StatusOr<PgResult> PgConnection::Exec(
    absl::string_view sql, const std::vector<PgParam>& params) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const PgParam& param : params) {
    values.push_back(param.value.c_str());
    lengths.push_back(static_cast<int>(param.value.size()));
    formats.push_back(param.binary ? 1 : 0);
  }
  const std::string statement(sql);
  // Without parameters, the simple protocol, which runs several statements
  // in one string (a migration).
  PgResult result(params.empty()
                      ? PQexec(conn_, statement.c_str())
                      : PQexecParams(conn_, statement.c_str(),
                                     static_cast<int>(params.size()),
                                     /*paramTypes=*/nullptr, values.data(),
                                     lengths.data(), formats.data(),
                                     /*resultFormat=*/0));
  pg_result* raw = result.result_;
  const ExecStatusType status = PQresultStatus(raw);
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  if (!ok()) return Lost(statement.substr(0, statement.find(' ')));
  const char* sqlstate = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
  const std::string code = sqlstate != nullptr ? sqlstate : "";
  return absl::Status(
      CodeOfSqlState(code),
      absl::StrCat(description_,
                   " refused a statement: ", Trimmed(PQresultErrorMessage(raw)),
                   code.empty() ? "" : absl::StrCat(" (SQLSTATE ", code, ")"),
                   code == "25006" ? "; it is a standby: name the primary, or "
                                     "several hosts with "
                                     "target_session_attrs=primary"
                                   : ""));
}

absl::StatusOr<std::vector<std::string>> PgConnection::WaitForNotifications(
    absl::Duration timeout) {
  std::vector<std::string> payloads;
  const auto take = [&] {
    while (PGnotify* notify = PQnotifies(conn_)) {
      payloads.emplace_back(notify->extra != nullptr ? notify->extra : "");
      PQfreemem(notify);
    }
  };
  take();
  if (!payloads.empty()) return payloads;
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (fd.fd < 0) return Lost("no socket");
  const int ms = static_cast<int>(absl::ToInt64Milliseconds(timeout));
  const int ready = ::poll(&fd, 1, ms);
  if (ready < 0 && errno != EINTR) return Lost("poll");
  if (ready > 0) {
    if (PQconsumeInput(conn_) == 0) return Lost("reading notifications");
    take();
  }
  if (!ok()) return Lost("reading notifications");
  return payloads;
}

}  // namespace tkp
