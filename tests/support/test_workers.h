// Import workers as the tests start them, for tests of the server's pieces
// that run real workers and the real plugins without a server: the build's
// worker binary and plugin directory (TKP_WORKER_BIN, TKP_PLUGIN_DIR).

#ifndef TKP_TESTS_SUPPORT_TEST_WORKERS_H_
#define TKP_TESTS_SUPPORT_TEST_WORKERS_H_

#include "server/workers/worker_pool.h"

namespace tkp::testing {

// The build's worker binary, none kept waiting.
WorkerOptions TestWorkerOptions();

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_TEST_WORKERS_H_
