#include "tests/support/postgres_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace tkp::testing {
namespace {

// Starts `argv` as `uid`/`gid` with its output appended to `log`.
absl::StatusOr<pid_t> Spawn(const std::vector<std::string>& argv, uid_t uid,
                            gid_t gid, const std::string& log) {
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    if (::getuid() == 0 && (::setgid(gid) != 0 || ::setuid(uid) != 0)) {
      ::_exit(126);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return pid;
}

std::string Tail(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string all = text.str();
  return all.size() > 2000 ? all.substr(all.size() - 2000) : all;
}

// A TCP port free on 127.0.0.1 now (another process may take it before the
// server does; then the server's start fails, saying so).
std::string FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return std::to_string(port);
}

// Copies `from` to `to`, owned by `uid`/`gid` with `mode` (PostgreSQL
// reads its key only when no one else can).
bool CopyFor(const std::string& from, const std::string& to, uid_t uid,
             gid_t gid, mode_t mode) {
  std::error_code error;
  std::filesystem::copy_file(from, to, error);
  return !error && ::chown(to.c_str(), uid, gid) == 0 &&
         ::chmod(to.c_str(), mode) == 0;
}

}  // namespace

PostgresServer::PostgresServer(std::string dir, uid_t uid, gid_t gid)
    : dir_(std::move(dir)), uid_(uid), gid_(gid) {}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::NewOwned() {
  const std::string initdb = std::string(TKP_POSTGRES_BINDIR) + "/initdb";
  if (::access(initdb.c_str(), X_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat(initdb,
                     " is missing: the tests need a PostgreSQL server; install "
                     "Debian's postgresql package (deploy/install-deps.sh)"));
  }
  uid_t uid = ::getuid();
  gid_t gid = ::getgid();
  if (uid == 0) {
    const passwd* postgres = ::getpwnam("postgres");
    if (postgres == nullptr) {
      return absl::FailedPreconditionError(
          "running as root, the tests start PostgreSQL as the user postgres, "
          "which does not exist (Debian's postgresql package makes it)");
    }
    uid = postgres->pw_uid;
    gid = postgres->pw_gid;
  }
  char pattern[] = "/tmp/tkp-postgres-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    return absl::InternalError("cannot make a temporary directory");
  }
  std::unique_ptr<PostgresServer> server(new PostgresServer(pattern, uid, gid));
  if (::chown(pattern, uid, gid) != 0) {
    return absl::InternalError(absl::StrCat("cannot chown ", pattern));
  }
  return server;
}

absl::Status PostgresServer::RunToEnd(const std::vector<std::string>& argv) {
  const std::string log = dir_ + "/log";
  absl::StatusOr<pid_t> pid = Spawn(argv, uid_, gid_, log);
  if (!pid.ok()) return pid.status();
  int status = 0;
  ::waitpid(*pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return absl::InternalError(
        absl::StrCat(std::filesystem::path(argv[0]).filename().string(),
                     " failed: ", Tail(log)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::Create(
    const Tls* tls, bool durable) {
  absl::StatusOr<std::unique_ptr<PostgresServer>> made = NewOwned();
  if (!made.ok()) return made.status();
  std::unique_ptr<PostgresServer> server = *std::move(made);
  server->durable_ = durable;
  // Trust on the socket alone: the directory is the server's own (0700).
  if (absl::Status made_cluster = server->RunToEnd(
          {std::string(TKP_POSTGRES_BINDIR) + "/initdb", "-D",
           server->dir_ + "/data", "-U", "postgres", "--auth=trust", "-E",
           "UTF8", "--locale=C", "--no-sync"});
      !made_cluster.ok()) {
    return made_cluster;
  }
  if (tls != nullptr) {
    server->port_ = FreePort();
    server->tls_ = true;
    if (!CopyFor(tls->cert, server->dir_ + "/server.crt", server->uid_,
                 server->gid_, 0644) ||
        !CopyFor(tls->key, server->dir_ + "/server.key", server->uid_,
                 server->gid_, 0600)) {
      return absl::InternalError("cannot copy the certificate for postgres");
    }
  }
  if (absl::Status started = server->Start(); !started.ok()) return started;
  return server;
}

absl::StatusOr<std::unique_ptr<PostgresServer>> PostgresServer::CreateStandby()
    const {
  absl::StatusOr<std::unique_ptr<PostgresServer>> made = NewOwned();
  if (!made.ok()) return made.status();
  std::unique_ptr<PostgresServer> standby = *std::move(made);
  standby->durable_ = durable_;
  // A base backup streamed over the primary's socket, with the settings
  // that make it follow the primary (-R: standby.signal and
  // primary_conninfo).
  if (absl::Status copied = standby->RunToEnd(
          {std::string(TKP_POSTGRES_BINDIR) + "/pg_basebackup", "-D",
           standby->dir_ + "/data", "-R", "-X", "stream", "--checkpoint=fast",
           "--no-sync", "-h", dir_, "-p", port_, "-U", "postgres"});
      !copied.ok()) {
    return copied;
  }
  if (absl::Status started = standby->Start(); !started.ok()) return started;
  return standby;
}

absl::Status PostgresServer::Promote() {
  PGconn* conn = PQconnectdb(ConnInfo("postgres").c_str());
  // Waits (60 s at most, PostgreSQL's default) until it takes writes.
  PGresult* result = PQexec(conn, "SELECT pg_promote()");
  const bool ok = PQresultStatus(result) == PGRES_TUPLES_OK &&
                  std::string(PQgetvalue(result, 0, 0)) == "t";
  const std::string message = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  if (!ok) return absl::InternalError(absl::StrCat("pg_promote: ", message));
  return absl::OkStatus();
}

PostgresServer::~PostgresServer() {
  Stop().IgnoreError();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string PostgresServer::ConnInfo(const std::string& database) const {
  return absl::StrCat("host=", dir_, " port=", port_,
                      " user=postgres dbname=", database);
}

std::string PostgresServer::TcpConnInfo(const std::string& database) const {
  return absl::StrCat("host=localhost port=", port_,
                      " user=postgres dbname=", database);
}

absl::Status PostgresServer::Start() {
  const std::string log = dir_ + "/log";
  std::vector<std::string> argv = {
      std::string(TKP_POSTGRES_BINDIR) + "/postgres",
      "-D",
      dir_ + "/data",
      "-k",
      dir_,
      "-p",
      port_,
      "-c",
      tls_ ? "listen_addresses=127.0.0.1" : "listen_addresses="};
  if (!durable_) {
    // A test's database need not survive a crash of the machine.
    for (const char* setting :
         {"fsync=off", "full_page_writes=off", "synchronous_commit=off"}) {
      argv.insert(argv.end(), {"-c", setting});
    }
  }
  if (tls_) {
    for (const std::string& setting :
         {std::string("ssl=on"), "ssl_cert_file=" + dir_ + "/server.crt",
          "ssl_key_file=" + dir_ + "/server.key"}) {
      argv.insert(argv.end(), {"-c", setting});
    }
  }
  absl::StatusOr<pid_t> pid = Spawn(argv, uid_, gid_, log);
  if (!pid.ok()) return pid.status();
  pid_ = *pid;
  // Setting up, not an outcome under test: a generous bound.
  const std::string conninfo = ConnInfo("postgres");
  for (int tries = 0; tries < 1200; ++tries) {
    if (PQping(conninfo.c_str()) == PQPING_OK) return absl::OkStatus();
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::InternalError(
          absl::StrCat("postgres exited at start: ", Tail(log)));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("postgres did not accept connections: ", Tail(log)));
}

absl::Status PostgresServer::Stop() {
  if (pid_ < 0) return absl::OkStatus();
  ::kill(pid_, SIGINT);  // fast shutdown
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return absl::OkStatus();
}

absl::StatusOr<std::string> PostgresServer::NewDatabase() {
  const std::string name = absl::StrCat("test_", ++databases_);
  PGconn* conn = PQconnectdb(ConnInfo("postgres").c_str());
  PGresult* result =
      PQexec(conn, absl::StrCat("CREATE DATABASE ", name).c_str());
  const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
  const std::string message = PQerrorMessage(conn);
  PQclear(result);
  PQfinish(conn);
  if (!ok)
    return absl::InternalError(absl::StrCat("CREATE DATABASE: ", message));
  return ConnInfo(name);
}

}  // namespace tkp::testing
