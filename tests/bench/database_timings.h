// The PostgreSQL store timed against the data dir in one run, through real
// tkp-server processes and the ImportService over gRPC:
//  - imports per second, the same generated documents one at a time into a
//    server on a data dir and into one on a database, alternating document
//    by document so that the machine's drift falls on both alike;
//  - how long after an import's answer on one replica another serves it:
//    the time from ImportDocument's answer on replica A to replica B's
//    WatchPublications delivering the event (B applies it to memory first);
//  - and, for the reads, a server on a database holding a copy of a data
//    dir.

#ifndef TKP_TESTS_BENCH_DATABASE_TIMINGS_H_
#define TKP_TESTS_BENCH_DATABASE_TIMINGS_H_

#include <memory>
#include <string>
#include <vector>

#include "tests/support/subprocess.h"

namespace tkp::bench {

// A tkp-server on the empty database `conninfo` after copying the data dir
// `data_dir` into it (--copy-into-database), as an operator moves over.
std::unique_ptr<testing::ServerProcess> ServerOnCopyOf(
    const std::string& data_dir, const std::string& conninfo,
    const std::vector<std::string>& launcher);

struct StoreImportRates {
  int documents = 0;  // into each store
  double data_dir_docs_per_second = 0;
  double database_docs_per_second = 0;
};

// `documents` generated layout-A documents (distinct regions and quarters)
// into a new data dir and into the empty database `conninfo`. Servers run
// under `launcher` (taskset, or nothing). Dies when an import fails.
StoreImportRates MeasureStoreImports(const std::string& conninfo, int documents,
                                     const std::vector<std::string>& launcher);

// Milliseconds from an import's answer on one replica to another serving
// it, once for each of `imports` documents, on the empty database
// `conninfo`.
std::vector<double> MeasureServedElsewhere(
    const std::string& conninfo, int imports,
    const std::vector<std::string>& launcher);

}  // namespace tkp::bench

#endif  // TKP_TESTS_BENCH_DATABASE_TIMINGS_H_
