// The importers of one plugin directory, reloadable while the server runs,
// and the workers that run them.
//
// The server loads no plugin itself: a reload copies the libraries to a
// private directory and asks a fresh worker to load each alone, and what
// the workers' Hellos say (each importer's name and version, or why it did not
// load) is the new set. Each import takes the current set and holds it to
// the end, so the copies its worker loads stay on disk until it is done.

#ifndef TKP_SERVER_IMPORTING_IMPORTER_REGISTRY_H_
#define TKP_SERVER_IMPORTING_IMPORTER_REGISTRY_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "server/importing/importer_set.h"
#include "server/util/sync.h"
#include "server/workers/worker_pool.h"

namespace tkp {

class ImporterRegistry {
 public:
  // What a reload did, by library file.
  struct ReloadReport {
    std::vector<std::string> added;
    std::vector<std::string> replaced;
    std::vector<std::string> removed;
    std::vector<std::string> unchanged;
  };

  // Loads every library in `plugin_dir` through a worker. A bad library is
  // a problem in the set, not an error; a directory that cannot be read,
  // or that others may write, is, and so is a worker that cannot start.
  static absl::StatusOr<std::unique_ptr<ImporterRegistry>> Open(
      std::string plugin_dir, WorkerOptions workers,
      Worker::EndListener on_worker_end = nullptr);

  ~ImporterRegistry();

  // Rescans the directory: new libraries and those whose content changed
  // take effect for the next worker, removed ones are dropped. On an error
  // (the directory became unreadable) the current set stays.
  absl::StatusOr<ReloadReport> Reload();

  // The set imports use now; never null.
  std::shared_ptr<const ImporterSet> current() const { return current_.load(); }

  WorkerPool& workers() const { return *pool_; }
  const std::string& plugin_dir() const { return plugin_dir_; }

 private:
  ImporterRegistry(std::string plugin_dir, std::string copy_dir,
                   std::unique_ptr<WorkerPool> pool);

  // What workers make of `copies`, each library in a worker of its own:
  // one entry or problem per library. An error only when no worker can
  // start at all.
  absl::StatusOr<std::unique_ptr<ImporterSet>> Probe(
      const std::vector<std::shared_ptr<const PluginCopy>>& copies,
      std::vector<PluginProblem> problems);

  const std::string plugin_dir_;
  // Private (0700) directory of the copies workers load.
  const std::string copy_dir_;
  const std::unique_ptr<WorkerPool> pool_;
  Mutex reload_mu_;  // one reload at a time
  std::atomic<std::shared_ptr<const ImporterSet>> current_;
};

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTING_IMPORTER_REGISTRY_H_
