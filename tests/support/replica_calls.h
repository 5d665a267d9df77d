// The CLI pointed at one server (or a list of replicas), and waiting for a
// replica to serve what another imported: what the tests of replicas
// share, on a data dir or in a database.

#ifndef TKP_TESTS_SUPPORT_REPLICA_CALLS_H_
#define TKP_TESTS_SUPPORT_REPLICA_CALLS_H_

#include <string>
#include <vector>

#include "tests/support/subprocess.h"

namespace tkp::testing {

// `tkp --timeout 60 --server SERVER ARGS...`.
ProcessResult TkpAt(const std::string& server, std::vector<std::string> args);

// Polls `server` until it serves Groot Amsterdam's `total`, for at most
// kSettleWithin.
bool EventuallyServes(const std::string& server, const std::string& total);

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_REPLICA_CALLS_H_
