// The store in a real PostgreSQL server (tests/support/postgres_server.h):
// replicas that share a database, commits all or nothing, the event
// sequence dense and in commit order under concurrent writers, following
// what another replica committed, and the database going away and coming
// back.

#include "server/store/postgres/pg_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "server/store/postgres/pg_schema.h"
#include "tests/support/eventually.h"
#include "tests/support/postgres_server.h"
#include "tests/support/store_figures.h"
#include "tests/support/temp_files.h"

namespace tkp {
namespace {

using ::testing::ElementsAre;
using testing::Eventually;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::StoreFigures;

class PgStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::PostgresServer>> server =
        testing::PostgresServer::Create();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = server->release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(server_, nullptr);
    absl::StatusOr<std::string> database = server_->NewDatabase();
    ASSERT_TRUE(database.ok()) << database.status();
    conninfo_ = *database;
  }

  // A replica: a store on the test's database, restored.
  std::unique_ptr<PgStore> Replica(
      size_t events_in_memory = PgStore::kDefaultEventsInMemory) {
    absl::StatusOr<std::unique_ptr<PgStore>> store =
        PgStore::Create(conninfo_, events_in_memory);
    EXPECT_TRUE(store.ok()) << store.status();
    if (!store.ok()) return nullptr;
    std::vector<std::string> errors;
    const absl::Status restored = (*store)->Restore(&errors);
    EXPECT_TRUE(restored.ok()) << restored;
    EXPECT_THAT(errors, IsEmpty());
    return *std::move(store);
  }

  // Two replicas: `a` has committed Twente 2020Q2, and `b`, which follows
  // the database, serves it.
  void WriterAndFollower(std::unique_ptr<PgStore>* a,
                         std::unique_ptr<PgStore>* b) {
    *a = Replica();
    *b = Replica();
    ASSERT_NE(*a, nullptr);
    ASSERT_NE(*b, nullptr);
    (*b)->Follow(absl::Milliseconds(20), [](const std::string&) {});
    ASSERT_TRUE(
        (*a)->Commit(StoreFigures("twente", 2020, 2, "aa", 1), false).ok());
    ASSERT_TRUE(Eventually([&] { return (*b)->snapshot()->size() == 1; }));
  }

  // Runs SQL on the test's database directly.
  void Sql(const std::string& sql) {
    absl::StatusOr<std::unique_ptr<PgConnection>> conn =
        PgConnection::Connect(conninfo_);
    ASSERT_TRUE(conn.ok()) << conn.status();
    const absl::Status done = (*conn)->Run(sql);
    ASSERT_TRUE(done.ok()) << done;
  }

  static std::vector<int64_t> Sequences(
      const std::vector<v1::PublicationEvent>& events) {
    std::vector<int64_t> out;
    out.reserve(events.size());
    for (const v1::PublicationEvent& e : events) out.push_back(e.sequence());
    return out;
  }

  static testing::PostgresServer* server_;
  std::string conninfo_;
};

testing::PostgresServer* PgStoreTest::server_ = nullptr;

TEST_F(PgStoreTest, ACommitIsServedByTheReplicaThatTookItAndRestoredByAnother) {
  auto a = Replica();
  ASSERT_NE(a, nullptr);
  auto imported = a->Commit(StoreFigures("twente", 2020, 2, "aa", 8169), false);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->outcome, Store::Outcome::kImported);
  // Served at once by the replica that took it.
  ASSERT_NE(a->snapshot()->Find({"twente", {2020, 2}}), nullptr);
  EXPECT_EQ(a->LastSequence(), 1);

  auto b = Replica();
  ASSERT_NE(b, nullptr);
  const v1::RegionFigures* restored =
      b->snapshot()->Find({"twente", {2020, 2}});
  ASSERT_NE(restored, nullptr);
  EXPECT_EQ(restored->totals().total(), 8169);
  EXPECT_EQ(restored->source().file_name(), "aa.txt");
  const std::vector<v1::PublicationEvent> events = b->EventsAfter(0, 10);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind(), v1::PublicationEvent::KIND_IMPORTED);
  EXPECT_EQ(events[0].region().key(), "twente");
  EXPECT_EQ(events[0].sha256(), "aa");
}

TEST_F(PgStoreTest, TheSameDocumentAgainChangesNothingAndAnotherNeedsReplace) {
  auto store = Replica();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(
      store->Commit(StoreFigures("twente", 2020, 2, "aa", 8169), false).ok());
  auto again =
      store->Commit(StoreFigures("twente", 2020, 2, "aa", 8169), false);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->outcome, Store::Outcome::kUnchanged);
  EXPECT_EQ(store->LastSequence(), 1);

  auto other = store->Commit(StoreFigures("twente", 2020, 2, "bb", 1), false);
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(other.status().message(), HasSubstr("aa.txt"));

  auto replaced = store->Commit(StoreFigures("twente", 2020, 2, "bb", 1), true);
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  EXPECT_EQ(replaced->outcome, Store::Outcome::kReplaced);
  EXPECT_EQ(store->snapshot()->Find({"twente", {2020, 2}})->totals().total(),
            1);
  const auto events = store->EventsAfter(0, 10);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind(), v1::PublicationEvent::KIND_REPLACED);
}

TEST_F(PgStoreTest, ABatchIsAllOrNothing) {
  auto store = Replica();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(
      store->Commit(StoreFigures("twente", 2020, 2, "aa", 8169), false).ok());
  std::vector<v1::RegionFigures> batch;
  batch.push_back(StoreFigures("flevoland", 2020, 2, "cc", 10));
  batch.push_back(StoreFigures("twente", 2020, 2, "bb", 20));  // a conflict
  EXPECT_EQ(store->CommitAll(std::move(batch), false).status().code(),
            absl::StatusCode::kAlreadyExists);

  auto fresh = Replica();
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->snapshot()->size(), 1u);
  EXPECT_EQ(fresh->snapshot()->Find({"flevoland", {2020, 2}}), nullptr);
  EXPECT_EQ(fresh->LastSequence(), 1);
}

TEST_F(PgStoreTest, TwoReplicasImportingForOneRegionAndQuarterHaveOneWinner) {
  auto a = Replica();
  auto b = Replica();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  absl::Status first, second;
  std::thread one([&] {
    first = a->Commit(StoreFigures("twente", 2020, 2, "aa", 1), false).status();
  });
  std::thread two([&] {
    second =
        b->Commit(StoreFigures("twente", 2020, 2, "bb", 2), false).status();
  });
  one.join();
  two.join();
  EXPECT_NE(first.ok(), second.ok()) << first << " / " << second;
  const absl::Status& loser = first.ok() ? second : first;
  EXPECT_EQ(loser.code(), absl::StatusCode::kAlreadyExists) << loser;
  auto fresh = Replica();
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->LastSequence(), 1);
}

TEST_F(PgStoreTest, ConcurrentWritersOnTwoReplicasNumberEventsDenselyInOrder) {
  auto a = Replica();
  auto b = Replica();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  constexpr int kPerWriter = 15;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    PgStore* store = (w % 2 == 0 ? a : b).get();
    writers.emplace_back([store, w, &failures] {
      for (int i = 0; i < kPerWriter; ++i) {
        const std::string key = absl::StrCat("region", w, "_", i);
        if (!store->Commit(StoreFigures(key, 2021, 1 + i % 4, key, i), false)
                 .ok()) {
          ++failures;
        }
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(failures.load(), 0);
  for (PgStore* store : {a.get(), b.get()}) {
    std::vector<std::string> problems;
    ASSERT_TRUE(store->CatchUp(&problems).ok());
    EXPECT_THAT(problems, IsEmpty());
  }
  std::vector<int64_t> expected(4 * size_t{kPerWriter});
  std::iota(expected.begin(), expected.end(), int64_t{1});
  const auto events_a = a->EventsAfter(0, 1000);
  EXPECT_EQ(Sequences(events_a), expected);
  const auto events_b = b->EventsAfter(0, 1000);
  ASSERT_EQ(events_b.size(), events_a.size());
  for (size_t i = 0; i < events_a.size(); ++i) {
    EXPECT_EQ(events_a[i].region().key(), events_b[i].region().key());
  }
  EXPECT_EQ(a->snapshot()->size(), 4u * kPerWriter);
  EXPECT_EQ(b->snapshot()->size(), 4u * kPerWriter);
}

TEST_F(PgStoreTest, AFollowingReplicaServesWhatAnotherCommitsAndRemoves) {
  auto a = Replica();
  auto b = Replica();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  std::atomic<int> woken{0};
  b->Subscribe([&woken] { ++woken; });
  b->Follow(absl::Milliseconds(20), [](const std::string&) {});
  ASSERT_TRUE(
      a->Commit(StoreFigures("twente", 2020, 2, "aa", 8169), false).ok());
  EXPECT_TRUE(Eventually([&] {
    return b->snapshot()->Find({"twente", {2020, 2}}) != nullptr;
  }));
  EXPECT_GE(woken.load(), 1);

  ASSERT_TRUE(a->Remove({"twente", {2020, 2}}).ok());
  EXPECT_TRUE(Eventually([&] { return b->snapshot()->size() == 0; }));
  const auto events = b->EventsAfter(0, 10);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind(), v1::PublicationEvent::KIND_REMOVED);
  EXPECT_EQ(b->Remove({"twente", {2020, 2}}).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PgStoreTest, EventsOlderThanTheWindowComeFromTheDatabase) {
  auto store = Replica(/*events_in_memory=*/2);
  ASSERT_NE(store, nullptr);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(store
                    ->Commit(StoreFigures(absl::StrCat("r", i), 2022, 1,
                                          absl::StrCat("s", i), i),
                             false)
                    .ok());
  }
  EXPECT_THAT(Sequences(store->EventsAfter(0, 3)), ElementsAre(1, 2, 3));
  EXPECT_EQ(store->EventsAfter(0, 100).size(), 10u);
  EXPECT_THAT(Sequences(store->EventsAfter(8, 100)), ElementsAre(9, 10));
}

// Replicas starting at once on a new database: one migrates, the others
// wait for its advisory lock and find the schema made.
TEST_F(PgStoreTest, ReplicasStartingAtOnceMigrateOnce) {
  std::vector<absl::Status> started(4);
  std::vector<std::thread> starts;
  for (absl::Status& status : started) {
    starts.emplace_back(
        [this, &status] { status = PgStore::Create(conninfo_).status(); });
  }
  for (std::thread& start : starts) start.join();
  for (const absl::Status& status : started) EXPECT_TRUE(status.ok()) << status;
  absl::StatusOr<std::unique_ptr<PgConnection>> conn =
      PgConnection::Connect(conninfo_);
  ASSERT_TRUE(conn.ok()) << conn.status();
  absl::StatusOr<PgResult> versions =
      (*conn)->Exec("SELECT count(*) FROM tkp.schema_version");
  ASSERT_TRUE(versions.ok()) << versions.status();
  EXPECT_EQ(versions->Int(0, 0), kPgSchemaVersion);
}

TEST_F(PgStoreTest, ASchemaNewerThanTheServerKnowsIsRefused) {
  ASSERT_NE(Replica(), nullptr);  // migrates
  Sql(absl::StrCat("INSERT INTO tkp.schema_version VALUES (",
                   kPgSchemaVersion + 1, ")"));
  auto refused = PgStore::Create(conninfo_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.status().message(),
              HasSubstr(absl::StrCat("schema version ", kPgSchemaVersion + 1)));
}

TEST_F(PgStoreTest, ADamagedRowIsReportedAndSkipped) {
  auto store = Replica();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(
      store->Commit(StoreFigures("twente", 2020, 2, "aa", 1), false).ok());
  ASSERT_TRUE(
      store->Commit(StoreFigures("flevoland", 2020, 2, "bb", 2), false).ok());
  Sql("UPDATE tkp.publications SET figures = '\\xffff' "
      "WHERE region_key = 'twente'");
  auto restored = PgStore::Create(conninfo_);
  ASSERT_TRUE(restored.ok()) << restored.status();
  std::vector<std::string> errors;
  ASSERT_TRUE((*restored)->Restore(&errors).ok());
  EXPECT_THAT(errors, ElementsAre(HasSubstr("2020Q2 twente is damaged")));
  EXPECT_EQ((*restored)->snapshot()->size(), 1u);
}

TEST_F(PgStoreTest, WhenTheDatabaseGoesAwayReadsGoOnAndWritesFailThenRecover) {
  std::unique_ptr<PgStore> a, b;
  ASSERT_NO_FATAL_FAILURE(WriterAndFollower(&a, &b));

  ASSERT_TRUE(server_->Stop().ok());
  EXPECT_EQ(a->snapshot()->size(), 1u);  // reads from memory
  auto refused =
      a->Commit(StoreFigures("flevoland", 2020, 2, "bb", 2), false).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("database \"test_"));
  EXPECT_EQ(a->Remove({"twente", {2020, 2}}).status().code(),
            absl::StatusCode::kUnavailable);

  ASSERT_TRUE(server_->Start().ok());
  auto after =
      a->Commit(StoreFigures("flevoland", 2020, 2, "bb", 2), false).status();
  EXPECT_TRUE(after.ok()) << after;
  // The follower reconnects and catches up with what it missed.
  EXPECT_TRUE(Eventually([&] { return b->snapshot()->size() == 2; }));
  EXPECT_THAT(Sequences(b->EventsAfter(0, 10)), ElementsAre(1, 2));
}

// Every backend of both replicas killed by an administrator
// (pg_terminate_backend), as a failover or a restarted pooler does: the
// writer reconnects for the next commit, and the follower's listener
// reconnects and catches up with what was committed while it was away.
TEST_F(PgStoreTest, KilledBackendsReconnectAndMissNothing) {
  std::unique_ptr<PgStore> a, b;
  ASSERT_NO_FATAL_FAILURE(WriterAndFollower(&a, &b));

  absl::StatusOr<std::unique_ptr<PgConnection>> admin =
      PgConnection::Connect(conninfo_ + " application_name=test-admin");
  ASSERT_TRUE(admin.ok()) << admin.status();
  // Waiting for the backends to be gone (a timeout in ms), the replicas
  // find their connections closed; not waiting, a commit races the
  // backend's end, and its BEGIN may be what meets it.
  constexpr int kRounds = 20;
  for (const char* wait : {", 10000", ""}) {
    for (int i = 0; i < kRounds; ++i) {
      absl::StatusOr<PgResult> killed = (*admin)->Exec(absl::StrCat(
          "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid", wait,
          ")) FROM pg_stat_activity WHERE application_name = 'tkp-server'"));
      ASSERT_TRUE(killed.ok()) << killed.status();
      // a's writer, b's writer (it restored) and b's listener.
      if (i == 0 && *wait != '\0') {
        EXPECT_EQ(killed->Text(0, 0), "3");
      }
      const absl::Status committed =
          a->Commit(StoreFigures(absl::StrCat("r", wait, i), 2020, 2, "bb", i),
                    false)
              .status();
      EXPECT_TRUE(committed.ok()) << committed;
    }
  }
  EXPECT_TRUE(
      Eventually([&] { return b->snapshot()->size() == 1 + 2 * kRounds; }));
  std::vector<int64_t> dense(1 + 2 * kRounds);
  std::iota(dense.begin(), dense.end(), 1);
  EXPECT_EQ(Sequences(b->EventsAfter(0, 100)), dense);
}

// A database that refuses writes, as a standby does after a failover:
// UNAVAILABLE, saying so and what to do; reads go on.
TEST_F(PgStoreTest, ADatabaseThatRefusesWritesIsUnavailableForImports) {
  auto store = Replica();
  ASSERT_NE(store, nullptr);
  ASSERT_TRUE(
      store->Commit(StoreFigures("twente", 2020, 2, "aa", 1), false).ok());
  const std::string database = conninfo_.substr(conninfo_.rfind("dbname=") +
                                                std::string("dbname=").size());
  Sql("ALTER DATABASE " + database + " SET default_transaction_read_only = on");
  auto standby = Replica();  // connects after the change
  ASSERT_NE(standby, nullptr);
  EXPECT_EQ(standby->snapshot()->size(), 1u);
  const absl::Status refused =
      standby->Commit(StoreFigures("flevoland", 2020, 2, "bb", 2), false)
          .status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("SQLSTATE 25006"));
  EXPECT_THAT(refused.message(), HasSubstr("target_session_attrs=primary"));
  EXPECT_EQ(CodeOfSqlState("42501"), absl::StatusCode::kInternal);
  EXPECT_EQ(CodeOfSqlState("40P01"), absl::StatusCode::kAborted);
  EXPECT_EQ(CodeOfSqlState("53100"), absl::StatusCode::kUnavailable);
}

// tkp's defaults (its name, keepalives that notice a vanished server)
// hold unless the connection string says otherwise.
TEST_F(PgStoreTest, TheConnectionStringOverridesTkpsDefaults) {
  const auto setting = [](const std::string& conninfo,
                          const std::string& name) {
    absl::StatusOr<std::unique_ptr<PgConnection>> conn =
        PgConnection::Connect(conninfo);
    EXPECT_TRUE(conn.ok()) << conn.status();
    if (!conn.ok()) return std::string();
    absl::StatusOr<PgResult> shown = (*conn)->Exec("SHOW " + name);
    EXPECT_TRUE(shown.ok()) << shown.status();
    return shown.ok() ? shown->Text(0, 0) : std::string();
  };
  EXPECT_EQ(setting(conninfo_, "application_name"), "tkp-server");
  EXPECT_EQ(
      setting(conninfo_ + " application_name=reporting", "application_name"),
      "reporting");
}

TEST(PgConnectionTest, APasswordOnTheCommandLineIsRefusedAndNeverDescribed) {
  const std::string url = "postgresql://tkp:s3cret@db.example:5433/figures";
  const absl::Status refused = PgConnection::CheckNoPassword(url);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(refused.message(), HasSubstr("TKP_DATABASE_URL"));
  EXPECT_TRUE(
      PgConnection::CheckNoPassword("postgresql://tkp@db.example/figures")
          .ok());
  EXPECT_EQ(PgConnection::CheckNoPassword("postgresql://[bad").code(),
            absl::StatusCode::kInvalidArgument);
  const std::string described = PgConnection::Describe(url);
  EXPECT_EQ(described, "database \"figures\" on db.example port 5433 as tkp");
  EXPECT_THAT(described, ::testing::Not(HasSubstr("s3cret")));
}

}  // namespace
}  // namespace tkp
