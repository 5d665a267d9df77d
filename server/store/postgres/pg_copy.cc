#include "server/store/postgres/pg_copy.h"

#include <limits>
#include <map>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "proto/period_conversion.h"
#include "server/store/postgres/pg_connection.h"
#include "server/store/postgres/pg_rows.h"
#include "server/store/postgres/pg_schema.h"
#include "server/util/status_macros.h"

namespace tkp {

absl::StatusOr<CopySummary> CopyIntoDatabase(const Store& from,
                                             const std::string& conninfo) {
  TKP_ASSIGN_OR_RETURN(std::unique_ptr<PgConnection> conn,
                       PgConnection::Connect(conninfo));
  TKP_RETURN_IF_ERROR(MigratePgSchema(*conn));
  const std::shared_ptr<const Snapshot> snapshot = from.snapshot();
  std::vector<v1::PublicationEvent> events =
      from.EventsAfter(0, std::numeric_limits<size_t>::max());
  // The event that last wrote each publication; one the log lacks gets an
  // event of its own after the others.
  std::map<PublicationKey, int64_t> written_by;
  for (const v1::PublicationEvent& e : events) {
    written_by[{e.region().key(), FromProto(e.period())}] = e.sequence();
  }
  int64_t last = events.empty() ? 0 : events.back().sequence();
  for (const auto& [key, figures] : snapshot->publications()) {
    if (!written_by.contains(key)) {
      events.push_back(
          EventOf(++last, v1::PublicationEvent::KIND_IMPORTED, *figures));
      written_by[key] = last;
    }
  }
  TKP_RETURN_IF_ERROR(InTransaction(*conn, "", [&]() -> absl::Status {
    TKP_ASSIGN_OR_RETURN(const int64_t head, LockLogHead(*conn));
    TKP_ASSIGN_OR_RETURN(PgResult held,
                         conn->Exec("SELECT count(*) FROM tkp.publications"));
    if (head != 0 || held.Int(0, 0) != 0) {
      return absl::FailedPreconditionError(absl::StrCat(
          conn->description(), " already holds ", held.Int(0, 0),
          " publications and events up to sequence ", head,
          "; a data dir is copied into an empty database only (nothing "
          "was copied)"));
    }
    for (const v1::PublicationEvent& e : events) {
      TKP_RETURN_IF_ERROR(InsertEvent(*conn, e));
    }
    for (const auto& [key, figures] : snapshot->publications()) {
      TKP_RETURN_IF_ERROR(
          UpsertPublication(*conn, *figures, written_by.at(key)));
    }
    return last == 0 ? absl::OkStatus() : AdvanceLogHead(*conn, last);
  }));
  return CopySummary{snapshot->size(), events.size()};
}

}  // namespace tkp
