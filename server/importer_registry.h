// The importers of one plugin directory, reloadable while the server runs.
//
// Each import takes the current ImporterSet and holds it to the end, so a
// reload never pulls a library from under an import: a removed or replaced
// library is unloaded when the last import using it ends.

#ifndef TKP_SERVER_IMPORTER_REGISTRY_H_
#define TKP_SERVER_IMPORTER_REGISTRY_H_

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "server/importer_set.h"
#include "server/sync.h"

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

  // Loads every library in `plugin_dir`. A bad library is a problem in the
  // set, not an error; a directory that cannot be read, or that others may
  // write, is.
  static absl::StatusOr<std::unique_ptr<ImporterRegistry>> Open(
      std::string plugin_dir);

  ~ImporterRegistry();

  // Rescans the directory: loads new libraries, reloads those whose content
  // changed, and drops removed ones. On an error (the directory became
  // unreadable) the current set stays.
  absl::StatusOr<ReloadReport> Reload();

  // The set imports use now; never null.
  std::shared_ptr<const ImporterSet> current() const { return current_.load(); }

  const std::string& plugin_dir() const { return plugin_dir_; }

 private:
  ImporterRegistry(std::string plugin_dir, std::string copy_dir);

  const std::string plugin_dir_;
  // Private (0700) directory the libraries are loaded from; see LoadPlugin.
  const std::string copy_dir_;
  Mutex reload_mu_;  // one reload at a time
  std::atomic<std::shared_ptr<const ImporterSet>> current_;
};

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTER_REGISTRY_H_
