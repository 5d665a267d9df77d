// Named points in the commit path where the crash tests kill the server.
//
// When the environment variable TKP_CRASH_AT names a point, the process
// sends itself SIGKILL on reaching it, as a power cut or the OOM killer
// would: no destructors, no flushing. Unset (always, outside the tests) a
// point costs one comparison. The points:
//   temp-half-written     half a publication file written, not synced
//   temp-synced           a temporary file complete and synced, not renamed
//   renamed               renamed into place, directory not yet synced
//   batch-temps-written   every file of a batch written, no intent yet
//   batch-intent-written  the intent durable (committed), nothing renamed
//   batch-first-renamed   the first file of a committed batch renamed
//   before-event          publications durable, event not yet appended
//   db-before-commit      (PostgreSQL) everything written in the
//                         transaction, COMMIT not yet sent
//   db-committed          (PostgreSQL) COMMIT answered, not yet served
//   before-ack            committed, the answer not yet sent

#ifndef TKP_SERVER_STORE_CRASH_POINTS_H_
#define TKP_SERVER_STORE_CRASH_POINTS_H_

#include "absl/strings/string_view.h"

namespace tkp {

void CrashPoint(absl::string_view point);

}  // namespace tkp

#endif  // TKP_SERVER_STORE_CRASH_POINTS_H_
