// Loads importer plugins (shared libraries) with Boost.DLL. The only file
// that includes Boost.DLL.

#ifndef TKP_SERVER_PLUGIN_LOADER_H_
#define TKP_SERVER_PLUGIN_LOADER_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "plugins/api/importer.h"

namespace tkp {

// An importer and what it says about itself. The importer's deleter keeps
// its library loaded, so the library outlives every object it made.
struct LoadedImporter {
  std::string file;  // the library's path
  plugin::ImporterInfo info;
  std::shared_ptr<const plugin::Importer> importer;
};

// Loads one library: checks the ABI version before anything else, then
// creates the importer. Errors say which file and why.
absl::StatusOr<LoadedImporter> LoadPlugin(const std::string& path);

struct PluginScan {
  std::vector<LoadedImporter> loaded;  // in file-name order
  std::vector<std::string> errors;     // one line per file that failed
};

// Loads every *.so in `directory`, in file-name order. A library that fails,
// or that others than its owner may write, is reported in `errors` and
// skipped. A directory that cannot be read, or that others may write (anyone
// could then make the server run their code), is an error.
absl::StatusOr<PluginScan> LoadPluginDirectory(const std::string& directory);

}  // namespace tkp

#endif  // TKP_SERVER_PLUGIN_LOADER_H_
