// The rows of the tables pg_schema.h describes, to and from what the store
// holds: events, publications and their keys, and the log head. One place
// for each column list, so the store and the copy of a data dir
// (pg_copy.h) write the same rows.

#ifndef TKP_SERVER_STORE_POSTGRES_PG_ROWS_H_
#define TKP_SERVER_STORE_POSTGRES_PG_ROWS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/store/event_window.h"
#include "server/store/postgres/pg_connection.h"
#include "server/store/snapshot.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// The columns of tkp.events, in the order EventFromRow reads them.
inline constexpr char kEventColumns[] =
    "sequence, kind, region_key, region_name, year, quarter, sha256, "
    "file_name, time_nanos";

v1::PublicationEvent EventFromRow(const PgResult& rows, int row);
std::vector<v1::PublicationEvent> EventsFrom(const PgResult& rows);
// The events after sequence number `after`, oldest first.
absl::StatusOr<std::vector<v1::PublicationEvent>> ReadEventsAfter(
    PgConnection& conn, int64_t after);

absl::Status InsertEvent(PgConnection& conn, const v1::PublicationEvent& e);

// The key of a publications row: region_key, year, quarter in columns
// 0, 1, 2.
PublicationKey KeyOfRow(const PgResult& rows, int row);
// The figures of a publications row (the bytes in `column`), checked
// against the row's key: DATA_LOSS naming it when they do not decode.
absl::StatusOr<FiguresPtr> FiguresOfRow(const PgResult& rows, int row,
                                        int column);
// $1, $2, $3 of a statement that names a publication by its key.
std::vector<PgParam> KeyParams(const PublicationKey& key);
// The publications last written by an event after `written_after` (0:
// all of them) into `into`; one that does not decode is reported in
// `problems` and left out.
absl::Status ReadPublications(PgConnection& conn, int64_t written_after,
                              Snapshot::Map* into,
                              std::vector<std::string>* problems);
// Inserts or overwrites the row of `figures`, written by event `sequence`.
absl::Status UpsertPublication(PgConnection& conn,
                               const v1::RegionFigures& figures,
                               int64_t sequence);

// Takes the log head (FOR UPDATE: until the transaction ends) and returns
// the last sequence number.
absl::StatusOr<int64_t> LockLogHead(PgConnection& conn);
// Moves the log head to `last` and notifies the other replicas (NOTIFY is
// delivered at commit).
absl::Status AdvanceLogHead(PgConnection& conn, int64_t last);

}  // namespace tkp

#endif  // TKP_SERVER_STORE_POSTGRES_PG_ROWS_H_
