// Moving a data dir into a database (tkp-server --copy-into-database):
// one machine's figures handed to replicas on PostgreSQL, events
// included, so a watcher resumes after the sequence number it last saw.

#ifndef TKP_SERVER_STORE_POSTGRES_PG_COPY_H_
#define TKP_SERVER_STORE_POSTGRES_PG_COPY_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "server/store/store.h"

namespace tkp {

struct CopySummary {
  size_t publications = 0;
  size_t events = 0;
};

// Copies every publication of `from` (restored) and its whole event log,
// with their sequence numbers and times, into the database `conninfo` in
// one transaction (migrating its schema first). FAILED_PRECONDITION,
// changing nothing, when the database already holds publications or
// events: a copy goes into an empty database only.
absl::StatusOr<CopySummary> CopyIntoDatabase(const Store& from,
                                             const std::string& conninfo);

}  // namespace tkp

#endif  // TKP_SERVER_STORE_POSTGRES_PG_COPY_H_
