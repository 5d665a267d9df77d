// The plugin directory as the server sees it: which libraries it holds, and
// the private copies the workers load them from. The server itself never
// loads a plugin (worker/ does).

#ifndef TKP_SERVER_PLUGIN_FILES_H_
#define TKP_SERVER_PLUGIN_FILES_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tkp {

// A library that could not be loaded, or was left out, and why.
struct PluginProblem {
  std::string file;
  std::string error;
};

struct PluginFiles {
  std::vector<std::string> files;       // *.so, in file-name order
  std::vector<PluginProblem> problems;  // files that were left out
};

// The plugin libraries in `directory`. A library that others than its
// owner may write is a problem and left out. A directory that cannot be
// read, or that others may write (anyone could then make the server run
// their code), is an error.
absl::StatusOr<PluginFiles> ListPluginFiles(const std::string& directory);

// A private copy of a plugin library, removed when the last holder lets it
// go. Workers load the copy, not the file in the plugin directory: a file
// replaced there while workers still start with the old version must not
// change under them, and the copies' directory is the only one with
// plugins that the workers may read.
class PluginCopy {
 public:
  // Copies `file` into `copy_dir`, under a name of its own.
  static absl::StatusOr<std::shared_ptr<const PluginCopy>> Make(
      const std::string& file, const std::string& copy_dir);

  ~PluginCopy();
  PluginCopy(const PluginCopy&) = delete;
  PluginCopy& operator=(const PluginCopy&) = delete;

  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  const std::string& sha256() const { return sha256_; }

 private:
  PluginCopy(std::string file, std::string path, std::string sha256)
      : file_(std::move(file)),
        path_(std::move(path)),
        sha256_(std::move(sha256)) {}

  const std::string file_;    // in the plugin directory
  const std::string path_;    // the copy
  const std::string sha256_;  // of the content
};

}  // namespace tkp

#endif  // TKP_SERVER_PLUGIN_FILES_H_
