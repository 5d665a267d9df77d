#include "server/store/postgres/pg_schema.h"

#include <iterator>

#include "absl/strings/str_cat.h"
#include "server/util/status_macros.h"

namespace tkp {
namespace {

// pg_advisory_xact_lock's key for migrations: any fixed number; this one
// spells "tkp" and 1.
constexpr int64_t kMigrationLock = 0x746b7001;

// Migration N (1-based) brings the schema from version N-1 to N. Never edit
// one that has shipped: add the next.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE tkp.log_head (
  id integer PRIMARY KEY CHECK (id = 1),
  last_sequence bigint NOT NULL
);
INSERT INTO tkp.log_head VALUES (1, 0);
CREATE TABLE tkp.publications (
  region_key text NOT NULL,
  year integer NOT NULL,
  quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
  sha256 text NOT NULL,
  part text NOT NULL,
  sequence bigint NOT NULL,
  figures bytea NOT NULL,
  PRIMARY KEY (region_key, year, quarter)
);
CREATE INDEX publications_by_sequence ON tkp.publications (sequence);
CREATE TABLE tkp.events (
  sequence bigint PRIMARY KEY,
  kind smallint NOT NULL,
  region_key text NOT NULL,
  region_name text NOT NULL,
  year integer NOT NULL,
  quarter integer NOT NULL,
  sha256 text NOT NULL,
  file_name text NOT NULL,
  time_nanos bigint NOT NULL
);
)sql",
};
static_assert(std::size(kMigrations) == kPgSchemaVersion);

// The schema's version, 0 before the first migration.
absl::StatusOr<int64_t> SchemaVersion(PgConnection& conn) {
  TKP_ASSIGN_OR_RETURN(
      PgResult exists,
      conn.Exec("SELECT to_regclass('tkp.schema_version') IS NOT NULL"));
  if (exists.Text(0, 0) != "t") return 0;
  TKP_ASSIGN_OR_RETURN(
      PgResult current,
      conn.Exec("SELECT coalesce(max(version), 0) FROM tkp.schema_version"));
  return current.Int(0, 0);
}

absl::Status RefuseNewer(const PgConnection& conn, int64_t version) {
  if (version <= kPgSchemaVersion) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      conn.description(), " holds tkp's schema version ", version,
      ", newer than this tkp-server knows (", kPgSchemaVersion,
      "): a later version migrated it; run that version or later"));
}

}  // namespace

absl::Status MigratePgSchema(PgConnection& conn) {
  // Up to date: nothing written, so a replica also starts on a database
  // that takes no writes now (a standby), and serves reads.
  TKP_ASSIGN_OR_RETURN(const int64_t found, SchemaVersion(conn));
  TKP_RETURN_IF_ERROR(RefuseNewer(conn, found));
  if (found == kPgSchemaVersion) return absl::OkStatus();
  return InTransaction(conn, "", [&]() -> absl::Status {
    TKP_RETURN_IF_ERROR(conn.Run("SELECT pg_advisory_xact_lock($1)",
                                 {PgParam::Int(kMigrationLock)}));
    TKP_RETURN_IF_ERROR(conn.Run("CREATE SCHEMA IF NOT EXISTS tkp"));
    TKP_RETURN_IF_ERROR(
        conn.Run("CREATE TABLE IF NOT EXISTS tkp.schema_version "
                 "(version integer NOT NULL)"));
    // Again under the lock: another replica may have migrated meanwhile.
    TKP_ASSIGN_OR_RETURN(const int64_t version, SchemaVersion(conn));
    TKP_RETURN_IF_ERROR(RefuseNewer(conn, version));
    for (int64_t next = version + 1; next <= kPgSchemaVersion; ++next) {
      TKP_RETURN_IF_ERROR(conn.Run(kMigrations[next - 1]));
      TKP_RETURN_IF_ERROR(conn.Run("INSERT INTO tkp.schema_version VALUES ($1)",
                                   {PgParam::Int(next)}));
    }
    return absl::OkStatus();
  });
}

}  // namespace tkp
