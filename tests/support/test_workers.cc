#include "tests/support/test_workers.h"

namespace tkp::testing {

WorkerOptions TestWorkerOptions() {
  WorkerOptions options;
  options.binary = TKP_WORKER_BIN;
  options.idle_workers = 0;
  return options;
}

}  // namespace tkp::testing
