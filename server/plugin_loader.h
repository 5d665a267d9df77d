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
// its library loaded, so the library outlives every object it made, and
// every import still using it.
struct LoadedImporter {
  std::string file;    // the library's path in the plugin directory
  std::string sha256;  // of the library file as loaded
  plugin::ImporterInfo info;
  std::shared_ptr<const plugin::Importer> importer;
};

// A library that could not be loaded, and why.
struct PluginProblem {
  std::string file;
  std::string error;
};

// Loads one library: checks the ABI version before anything else, then
// creates the importer. Errors say which file and why.
//
// With a `copy_dir`, the library is loaded from a copy of its own made
// there (removed when the library is unloaded), not from `path`: the
// dynamic loader hands back the library already loaded under a path, so a
// file replaced while its old version is still in use could not be loaded
// otherwise, and overwriting a mapped library in place would crash the
// server.
absl::StatusOr<LoadedImporter> LoadPlugin(const std::string& path,
                                          const std::string& copy_dir = "");

struct PluginFiles {
  std::vector<std::string> files;       // *.so, in file-name order
  std::vector<PluginProblem> problems;  // files that were left out
};

// The plugin libraries in `directory`. A library that others than its
// owner may write is a problem and left out. A directory that cannot be
// read, or that others may write (anyone could then make the server run
// their code), is an error.
absl::StatusOr<PluginFiles> ListPluginFiles(const std::string& directory);

}  // namespace tkp

#endif  // TKP_SERVER_PLUGIN_LOADER_H_
