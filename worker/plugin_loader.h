// Loads importer plugins (shared libraries) with Boost.DLL, inside the
// confined worker. The only file that includes Boost.DLL.

#ifndef TKP_WORKER_PLUGIN_LOADER_H_
#define TKP_WORKER_PLUGIN_LOADER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "plugins/api/importer.h"

namespace tkp {

// An importer and what it says about itself. The importer's deleter keeps
// its library loaded, so the library outlives every object it made.
struct LoadedImporter {
  std::string file;  // the library's path as given
  plugin::ImporterInfo info;
  std::shared_ptr<const plugin::Importer> importer;
};

// When symbols are bound: all at load, so a library missing one fails to
// load and says so (what a reload's probe wants), or at first use, which
// halves a worker's start-up with poppler (a missing symbol then ends that
// worker, and its import fails saying how).
enum class Binding { kNow, kLazy };

// Loads one library: checks the ABI version before anything else, then
// creates the importer. Errors say which file and why.
absl::StatusOr<LoadedImporter> LoadPlugin(const std::string& path,
                                          Binding binding = Binding::kNow);

}  // namespace tkp

#endif  // TKP_WORKER_PLUGIN_LOADER_H_
