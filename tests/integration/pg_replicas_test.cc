// tkp-server processes sharing one PostgreSQL database (--database-url): what
// one imports, every replica serves and can be watched for on any of them;
// a document for the same region and quarter has one winner; when the
// database goes away, reads go on, imports fail naming the database, and
// everything resumes when it is back; a password on the command line is
// refused.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <future>

#include "absl/strings/str_replace.h"
#include "server/store/postgres/pg_connection.h"
#include "tests/support/certificates.h"
#include "tests/support/eventually.h"
#include "tests/support/health_check.h"
#include "tests/support/postgres_server.h"
#include "tests/support/replica_calls.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using testing::Eventually;
using testing::EventuallyServes;
using ::testing::HasSubstr;
using testing::Health;
using testing::HealthStatus;
using testing::ProcessResult;
using testing::ServerProcess;
using testing::TkpAt;

class PgReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<testing::PostgresServer>> postgres =
        testing::PostgresServer::Create();
    ASSERT_TRUE(postgres.ok()) << postgres.status();
    postgres_ = *std::move(postgres);
    absl::StatusOr<std::string> database = postgres_->NewDatabase();
    ASSERT_TRUE(database.ok()) << database.status();
    // As an operator would: the connection string in the environment.
    env_ = {"TKP_DATABASE_URL=" + *database};
  }

  std::unique_ptr<ServerProcess> Replica() {
    // --data-dir names a directory that does not exist: nothing is kept
    // there.
    return std::make_unique<ServerProcess>(
        std::vector<std::string>{"--data-dir", dir_.File("unused")},
        /*until_listening=*/false, env_);
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::PostgresServer> postgres_;
  std::vector<std::string> env_;
};

TEST_F(PgReplicasTest, ThreeServersOnOneDatabaseAgree) {
  auto a = Replica();
  auto b = Replica();
  auto c = Replica();
  ASSERT_TRUE(a->running() && b->running() && c->running())
      << a->log() << b->log() << c->log();
  EXPECT_THAT(a->log(), HasSubstr("restoring database \"test_1\""));

  const std::string sample = testing::SamplePath(testing::kSampleAmsterdamA);
  const ProcessResult imported = TkpAt(a->address(), {"import", sample});
  ASSERT_EQ(imported.exit_code, 0) << imported.err << a->log();
  EXPECT_TRUE(EventuallyServes(b->address(), "20486")) << b->log();
  EXPECT_TRUE(EventuallyServes(c->address(), "20486")) << c->log();
  EXPECT_FALSE(std::filesystem::exists(dir_.File("unused")));

  // The identical document again, on another replica: nothing changes.
  const ProcessResult again = TkpAt(b->address(), {"import", sample});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, HasSubstr("unchanged"));

  // Two new documents for one new quarter, at once on two replicas: one
  // wins.
  const std::string q4 = absl::StrReplaceAll(
      testing::ReadFileOrDie(sample), {{"Derde kwartaal", "Vierde kwartaal"}});
  testing::WriteFileOrDie(dir_.File("p.txt"), q4 + "\nversie p\n");
  testing::WriteFileOrDie(dir_.File("q.txt"), q4 + "\nversie q\n");
  auto p = std::async(std::launch::async, [&] {
    return TkpAt(b->address(), {"import", dir_.File("p.txt")});
  });
  auto q = std::async(std::launch::async, [&] {
    return TkpAt(c->address(), {"import", dir_.File("q.txt")});
  });
  const int codes[] = {p.get().exit_code, q.get().exit_code};
  EXPECT_THAT(codes, ::testing::UnorderedElementsAre(0, 64 + 6));

  // The event log is in the database: a watch resumes on any replica, the
  // same events in the same order, none missing, none twice.
  std::vector<std::string> logs;
  for (const auto* replica : {a.get(), b.get(), c.get()}) {
    const ProcessResult watched =
        TkpAt(replica->address(),
              {"watch", "--after", "0", "--count", "2", "--format", "csv"});
    EXPECT_EQ(watched.exit_code, 0) << watched.err;
    EXPECT_THAT(watched.out, HasSubstr("\n1,imported,Groot Amsterdam,2023Q3,"));
    EXPECT_THAT(watched.out, HasSubstr("\n2,imported,Groot Amsterdam,2023Q4,"));
    logs.push_back(watched.out);
  }
  EXPECT_EQ(logs[0], logs[1]);
  EXPECT_EQ(logs[0], logs[2]);
  const ProcessResult resumed =
      TkpAt(c->address(),
            {"watch", "--after", "1", "--count", "1", "--format", "csv"});
  EXPECT_THAT(resumed.out, HasSubstr("\n2,imported,"));
  EXPECT_THAT(resumed.out, ::testing::Not(HasSubstr("\n1,")));

  // A replica that starts late restores both from the database.
  auto late = Replica();
  ASSERT_TRUE(late->running()) << late->log();
  EXPECT_THAT(late->log(), HasSubstr("2 publications restored"));
}

TEST_F(PgReplicasTest, WithoutTheDatabaseReadsGoOnAndImportsFailUntilItIsBack) {
  auto a = Replica();
  auto b = Replica();
  ASSERT_TRUE(a->running() && b->running()) << a->log() << b->log();
  const std::string sample = testing::SamplePath(testing::kSampleAmsterdamA);
  ASSERT_EQ(TkpAt(a->address(), {"import", sample}).exit_code, 0);
  ASSERT_TRUE(EventuallyServes(b->address(), "20486"));

  ASSERT_TRUE(postgres_->Stop().ok());
  EXPECT_TRUE(EventuallyServes(a->address(), "20486"));
  EXPECT_TRUE(EventuallyServes(b->address(), "20486"));
  const std::string q4 = absl::StrReplaceAll(
      testing::ReadFileOrDie(sample), {{"Derde kwartaal", "Vierde kwartaal"}});
  testing::WriteFileOrDie(dir_.File("q4.txt"), q4);
  const ProcessResult refused =
      TkpAt(a->address(), {"import", dir_.File("q4.txt")});
  EXPECT_EQ(refused.exit_code, 64 + 14) << refused.err;  // UNAVAILABLE
  EXPECT_THAT(refused.err, HasSubstr("cannot connect to database \"test_1\""));
  // Readiness stays with reads; the import service says it cannot import.
  grpc::Status call;
  EXPECT_TRUE(Eventually([&] {
    return Health(b->address(), "tkp.v1.ImportService", &call) ==
           HealthStatus::NOT_SERVING;
  }));
  EXPECT_EQ(Health(b->address(), "", &call), HealthStatus::SERVING);
  EXPECT_EQ(Health(b->address(), "tkp.v1.TransparencyService", &call),
            HealthStatus::SERVING);

  ASSERT_TRUE(postgres_->Start().ok());
  const ProcessResult imported =
      TkpAt(a->address(), {"import", dir_.File("q4.txt")});
  EXPECT_EQ(imported.exit_code, 0) << imported.err << a->log();
  // The other replica's listener reconnects and catches up.
  EXPECT_TRUE(Eventually([&] {
    return TkpAt(b->address(), {"history", "--region", "Groot Amsterdam"})
               .out.find("2023Q4") != std::string::npos;
  })) << b->log();
  EXPECT_TRUE(Eventually([&] {
    return Health(b->address(), "tkp.v1.ImportService", &call) ==
           HealthStatus::SERVING;
  }));
}

// A failover pair named in one connection string, the standby first, with
// target_session_attrs=primary: replicas write to the primary; when it
// goes and the standby is promoted, imports work again through the same
// replicas and the other replica follows the new primary, without a
// restart.
TEST_F(PgReplicasTest, AFailoverPairIsFollowedToTheNewPrimary) {
  absl::StatusOr<std::unique_ptr<testing::PostgresServer>> standby =
      postgres_->CreateStandby();
  ASSERT_TRUE(standby.ok()) << standby.status();
  const std::string pair = absl::StrCat(
      "host=", (*standby)->socket_dir(), ",", postgres_->socket_dir(),
      " user=postgres dbname=test_1 target_session_attrs=primary");
  env_ = {"TKP_DATABASE_URL=" + pair};
  auto a = Replica();
  auto b = Replica();
  ASSERT_TRUE(a->running() && b->running()) << a->log() << b->log();
  const std::string sample = testing::SamplePath(testing::kSampleAmsterdamA);
  const ProcessResult imported = TkpAt(a->address(), {"import", sample});
  ASSERT_EQ(imported.exit_code, 0) << imported.err << a->log();
  ASSERT_TRUE(EventuallyServes(b->address(), "20486")) << b->log();

  ASSERT_TRUE(postgres_->Stop().ok());
  ASSERT_TRUE((*standby)->Promote().ok());
  const std::string q4 = absl::StrReplaceAll(
      testing::ReadFileOrDie(sample), {{"Derde kwartaal", "Vierde kwartaal"}});
  testing::WriteFileOrDie(dir_.File("q4.txt"), q4);
  // The replica's connection to the old primary is gone: the import
  // connects again, and libpq skips to the host that now takes writes.
  const ProcessResult after =
      TkpAt(a->address(), {"import", dir_.File("q4.txt")});
  EXPECT_EQ(after.exit_code, 0) << after.err << a->log();
  EXPECT_TRUE(Eventually([&] {
    return TkpAt(b->address(), {"history", "--region", "Groot Amsterdam"})
               .out.find("2023Q4") != std::string::npos;
  })) << b->log();
  const ProcessResult watched =
      TkpAt(b->address(),
            {"watch", "--after", "0", "--count", "2", "--format", "csv"});
  EXPECT_THAT(watched.out, HasSubstr("\n1,imported,Groot Amsterdam,2023Q3,"));
  EXPECT_THAT(watched.out, HasSubstr("\n2,imported,Groot Amsterdam,2023Q4,"));
  // The log names the server it follows now.
  EXPECT_TRUE(Eventually([&] {
    return b->log().find(absl::StrCat("following database \"test_1\" on the "
                                      "socket in ",
                                      (*standby)->socket_dir(),
                                      " port 5432 "
                                      "as postgres again")) !=
           std::string::npos;
  })) << b->log();
}

TEST_F(PgReplicasTest, ADataDirIsCopiedIntoAnEmptyDatabaseWithItsEvents) {
  const std::string data_dir = dir_.File("data");
  {
    ServerProcess alone({"--data-dir", data_dir});
    ASSERT_TRUE(alone.running()) << alone.log();
    const std::string sample = testing::SamplePath(testing::kSampleAmsterdamA);
    ASSERT_EQ(TkpAt(alone.address(), {"import", sample}).exit_code, 0);
    ASSERT_EQ(TkpAt(alone.address(),
                    {"import", testing::SamplePath("food-valley-2023Q4.txt")})
                  .exit_code,
              0);
    ASSERT_EQ(TkpAt(alone.address(),
                    {"remove", "--region", "Food Valley", "--period", "2023Q4"})
                  .exit_code,
              0);
    EXPECT_EQ(alone.Stop(), 0);
  }
  const std::vector<std::string> copy = {TKP_SERVER_BIN, "--data-dir", data_dir,
                                         "--copy-into-database"};
  const ProcessResult copied = testing::RunProcess(copy, env_);
  EXPECT_EQ(copied.exit_code, 0) << copied.err;
  EXPECT_THAT(copied.err, HasSubstr("copied 1 publications and 3 events"));

  auto replica = Replica();
  ASSERT_TRUE(replica->running()) << replica->log();
  EXPECT_TRUE(EventuallyServes(replica->address(), "20486"));
  const ProcessResult watched =
      TkpAt(replica->address(),
            {"watch", "--after", "0", "--count", "3", "--format", "csv"});
  EXPECT_EQ(watched.exit_code, 0) << watched.err;
  EXPECT_THAT(watched.out, HasSubstr("1,imported,Groot Amsterdam,2023Q3,"));
  EXPECT_THAT(watched.out, HasSubstr("3,removed,FoodValley,2023Q4,"));

  // Never into a database that holds figures: nothing changes.
  const ProcessResult again = testing::RunProcess(copy, env_);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("already holds 1 publications"));
  const ProcessResult without = testing::RunProcess(copy);
  EXPECT_EQ(without.exit_code, 2);
  EXPECT_THAT(without.err, HasSubstr("needs --database-url"));
}

// TLS to the database with the server's certificate verified, as libpq's
// sslmode=verify-full does it: a replica connects and imports; with
// another CA it does not start, saying why.
TEST(PgTlsTest, ReplicasVerifyTheDatabasesCertificate) {
  testing::Certificates certs;
  const testing::PostgresServer::Tls tls{certs.File("server.pem"),
                                         certs.File("server.key")};
  absl::StatusOr<std::unique_ptr<testing::PostgresServer>> postgres =
      testing::PostgresServer::Create(&tls);
  ASSERT_TRUE(postgres.ok()) << postgres.status();
  ASSERT_TRUE((*postgres)->NewDatabase().ok());
  const std::string url =
      (*postgres)->TcpConnInfo("test_1") +
      " sslmode=verify-full sslrootcert=" + certs.File("ca.pem");
  absl::StatusOr<std::unique_ptr<PgConnection>> conn =
      PgConnection::Connect(url);
  ASSERT_TRUE(conn.ok()) << conn.status();
  absl::StatusOr<PgResult> ssl =
      (*conn)->Exec("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()");
  ASSERT_TRUE(ssl.ok()) << ssl.status();
  EXPECT_EQ(ssl->Text(0, 0), "t");

  // The replica as deploy/k8s/postgres/deployment.yaml configures it: the
  // URL in TKP_DATABASE_URL, the TLS settings in libpq's own variables.
  testing::TempDir dir;
  ServerProcess replica(
      {"--data-dir", dir.File("unused")}, /*until_listening=*/false,
      {"TKP_DATABASE_URL=" + (*postgres)->TcpConnInfo("test_1"),
       "PGSSLMODE=verify-full", "PGSSLROOTCERT=" + certs.File("ca.pem")});
  ASSERT_TRUE(replica.running()) << replica.log();
  const std::string sample = testing::SamplePath(testing::kSampleAmsterdamA);
  const ProcessResult imported = TkpAt(replica.address(), {"import", sample});
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  absl::StatusOr<PgResult> replicas_ssl = (*conn)->Exec(
      "SELECT bool_and(s.ssl), count(*) FROM pg_stat_ssl s JOIN "
      "pg_stat_activity a USING (pid) WHERE a.application_name = "
      "'tkp-server'");
  ASSERT_TRUE(replicas_ssl.ok()) << replicas_ssl.status();
  EXPECT_EQ(replicas_ssl->Text(0, 0), "t");
  EXPECT_NE(replicas_ssl->Text(0, 1), "0");

  testing::Certificates other;
  const ProcessResult refused = testing::RunProcess(
      {TKP_SERVER_BIN, "--listen", "127.0.0.1:0", "--data-dir",
       dir.File("unused")},
      {"TKP_DATABASE_URL=" + (*postgres)->TcpConnInfo("test_1"),
       "PGSSLMODE=verify-full", "PGSSLROOTCERT=" + other.File("ca.pem")});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("cannot connect to database \"test_1\" on "
                                     "localhost"));
  EXPECT_THAT(refused.err, HasSubstr("certificate verify failed"));
}

TEST(PgFlagsTest, APasswordOnTheCommandLineIsRefused) {
  const ProcessResult r =
      testing::RunProcess({TKP_SERVER_BIN, "--database-url",
                           "postgresql://tkp:s3cret@localhost/figures"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("holds a password"));
  EXPECT_THAT(r.err, HasSubstr("TKP_DATABASE_URL"));
}

}  // namespace
}  // namespace tkp
