// The tables PgStore keeps in PostgreSQL, and the migrations that make
// them. Like the data dir's files, this is a promise: a server reads a
// database an earlier version wrote, and refuses one a later version
// migrated, saying so.
//
// Schema `tkp`:
//   schema_version(version)        one row per migration applied
//   log_head(id = 1, last_sequence)  the last event's sequence number; a
//                                  writer takes this row FOR UPDATE, so
//                                  commits are numbered densely and in
//                                  commit order
//   publications(region_key, year, quarter, sha256, part, sequence,
//                figures)          one row per publication; figures is one
//                                  tkp.v1.RegionFigures in protobuf's
//                                  binary encoding; sequence is the event
//                                  that last wrote it
//   events(sequence, kind, region_key, region_name, year, quarter, sha256,
//          file_name, time_nanos)  the event log, as events.log holds it
// A commit sends NOTIFY tkp_events with its last sequence number.

#ifndef TKP_SERVER_STORE_POSTGRES_PG_SCHEMA_H_
#define TKP_SERVER_STORE_POSTGRES_PG_SCHEMA_H_

#include "absl/status/status.h"
#include "server/store/postgres/pg_connection.h"

namespace tkp {

// The newest schema this server knows.
inline constexpr int kPgSchemaVersion = 1;

// The channel a commit notifies.
inline constexpr char kPgEventsChannel[] = "tkp_events";

// Brings the database's schema up to kPgSchemaVersion in one transaction,
// under an advisory lock, so several replicas may start at once.
// FAILED_PRECONDITION when a later version of tkp-server has migrated it.
absl::Status MigratePgSchema(PgConnection& conn);

}  // namespace tkp

#endif  // TKP_SERVER_STORE_POSTGRES_PG_SCHEMA_H_
