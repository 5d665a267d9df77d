#include "server/store/postgres/pg_rows.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "proto/period_conversion.h"
#include "server/store/postgres/pg_schema.h"
#include "server/util/status_macros.h"

namespace tkp {

v1::PublicationEvent EventFromRow(const PgResult& rows, int row) {
  v1::PublicationEvent e;
  e.set_sequence(rows.Int(row, 0));
  const int64_t kind = rows.Int(row, 1);
  e.set_kind(v1::PublicationEvent::Kind_IsValid(static_cast<int>(kind))
                 ? static_cast<v1::PublicationEvent::Kind>(kind)
                 : v1::PublicationEvent::KIND_UNSPECIFIED);
  e.mutable_region()->set_key(rows.Text(row, 2));
  e.mutable_region()->set_name(rows.Text(row, 3));
  e.mutable_period()->set_year(static_cast<int32_t>(rows.Int(row, 4)));
  e.mutable_period()->set_quarter(static_cast<int32_t>(rows.Int(row, 5)));
  e.set_sha256(rows.Text(row, 6));
  e.set_file_name(rows.Text(row, 7));
  const int64_t nanos = rows.Int(row, 8);
  e.mutable_time()->set_seconds(nanos / 1000000000);
  e.mutable_time()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return e;
}

std::vector<v1::PublicationEvent> EventsFrom(const PgResult& rows) {
  std::vector<v1::PublicationEvent> events;
  events.reserve(rows.rows());
  for (int row = 0; row < rows.rows(); ++row) {
    events.push_back(EventFromRow(rows, row));
  }
  return events;
}

absl::Status InsertEvent(PgConnection& conn, const v1::PublicationEvent& e) {
  return conn.Run(
      absl::StrCat("INSERT INTO tkp.events (", kEventColumns,
                   ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"),
      {PgParam::Int(e.sequence()), PgParam::Int(e.kind()),
       PgParam::Text(e.region().key()), PgParam::Text(e.region().name()),
       PgParam::Int(e.period().year()), PgParam::Int(e.period().quarter()),
       PgParam::Text(e.sha256()), PgParam::Text(e.file_name()),
       PgParam::Int(e.time().seconds() * 1000000000 + e.time().nanos())});
}

absl::StatusOr<std::vector<v1::PublicationEvent>> ReadEventsAfter(
    PgConnection& conn, int64_t after) {
  TKP_ASSIGN_OR_RETURN(
      PgResult rows,
      conn.Exec(absl::StrCat("SELECT ", kEventColumns,
                             " FROM tkp.events WHERE sequence > $1 "
                             "ORDER BY sequence"),
                {PgParam::Int(after)}));
  return EventsFrom(rows);
}

PublicationKey KeyOfRow(const PgResult& rows, int row) {
  return {
      rows.Text(row, 0),
      {static_cast<int>(rows.Int(row, 1)), static_cast<int>(rows.Int(row, 2))}};
}

absl::StatusOr<FiguresPtr> FiguresOfRow(const PgResult& rows, int row,
                                        int column) {
  const PublicationKey key = KeyOfRow(rows, row);
  auto figures = std::make_shared<v1::RegionFigures>();
  if (!figures->ParseFromString(rows.Bytes(row, column)) ||
      KeyOf(*figures) != key) {
    return absl::DataLossError(
        absl::StrCat("the database's publication ", FormatPeriod(key.period),
                     " ", key.region_key,
                     " is damaged (it does not decode as its key's "
                     "figures); skipped"));
  }
  return FiguresPtr(std::move(figures));
}

std::vector<PgParam> KeyParams(const PublicationKey& key) {
  return {PgParam::Text(key.region_key), PgParam::Int(key.period.year),
          PgParam::Int(key.period.quarter)};
}

absl::Status ReadPublications(PgConnection& conn, int64_t written_after,
                              Snapshot::Map* into,
                              std::vector<std::string>* problems) {
  TKP_ASSIGN_OR_RETURN(PgResult rows,
                       conn.Exec("SELECT region_key, year, quarter, figures "
                                 "FROM tkp.publications WHERE sequence > $1",
                                 {PgParam::Int(written_after)}));
  for (int row = 0; row < rows.rows(); ++row) {
    absl::StatusOr<FiguresPtr> figures = FiguresOfRow(rows, row, 3);
    if (!figures.ok()) {
      problems->emplace_back(figures.status().message());
      continue;
    }
    (*into)[KeyOfRow(rows, row)] = *std::move(figures);
  }
  return absl::OkStatus();
}

absl::Status UpsertPublication(PgConnection& conn,
                               const v1::RegionFigures& figures,
                               int64_t sequence) {
  std::string bytes;
  if (!figures.SerializeToString(&bytes)) {
    return absl::InternalError("cannot serialise the publication");
  }
  std::vector<PgParam> params = KeyParams(KeyOf(figures));
  params.push_back(PgParam::Text(figures.source().sha256()));
  params.push_back(PgParam::Text(figures.source().part()));
  params.push_back(PgParam::Int(sequence));
  params.push_back(PgParam::Bytes(std::move(bytes)));
  return conn.Run(
      "INSERT INTO tkp.publications (region_key, year, quarter, sha256, "
      "part, sequence, figures) VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (region_key, year, quarter) DO UPDATE SET sha256 = $4, "
      "part = $5, sequence = $6, figures = $7",
      params);
}

absl::StatusOr<int64_t> LockLogHead(PgConnection& conn) {
  TKP_ASSIGN_OR_RETURN(
      PgResult head,
      conn.Exec("SELECT last_sequence FROM tkp.log_head WHERE id = 1 "
                "FOR UPDATE"));
  if (head.rows() != 1) {
    return absl::DataLossError(absl::StrCat(
        conn.description(), " has no log head row (tkp.log_head)"));
  }
  return head.Int(0, 0);
}

absl::Status AdvanceLogHead(PgConnection& conn, int64_t last) {
  TKP_RETURN_IF_ERROR(
      conn.Run("UPDATE tkp.log_head SET last_sequence = $1 WHERE id = 1",
               {PgParam::Int(last)}));
  return conn.Run("SELECT pg_notify($1, $2)",
                  {PgParam::Text(kPgEventsChannel), PgParam::Int(last)});
}

}  // namespace tkp
