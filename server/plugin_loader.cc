#include "server/plugin_loader.h"

// Use std::filesystem inside Boost.DLL instead of linking boost_filesystem.
#define BOOST_DLL_USE_STD_FS
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/dll/shared_library.hpp>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/durable_file.h"
#include "server/sha256.h"

namespace tkp {
namespace {

namespace dll = boost::dll;

// A loaded library, and the private copy it was loaded from (removed once
// the library is unloaded).
struct Library {
  Library(std::string path, bool is_copy)
      : copy(is_copy ? std::move(path) : "") {}
  ~Library() {
    library.unload();
    if (!copy.empty()) ::unlink(copy.c_str());
  }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  dll::shared_library library;
  std::string copy;
};

// Group- or world-writable. A symbolic link is judged by its target.
bool WritableByOthers(const struct stat& info) {
  return (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

absl::Status PluginError(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat(path, ": ", why));
}

}  // namespace

absl::StatusOr<LoadedImporter> LoadPlugin(const std::string& path,
                                          const std::string& copy_dir) {
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) return PluginError(path, content.status().message());
  const std::string sha256 = Sha256Hex(*content);
  std::string load_path = path;
  if (!copy_dir.empty()) {
    // A name of its own for every load: the same library loaded again while
    // an import still uses the old copy must not touch that copy's file
    // (rewriting a mapped library crashes whoever runs it), and one
    // Library's cleanup must not remove another's file.
    static std::atomic<uint64_t> loads{0};
    load_path = absl::StrCat(copy_dir, "/", sha256.substr(0, 16), "-",
                             loads.fetch_add(1), "-",
                             std::filesystem::path(path).filename().string());
    // A private scratch copy: it need not survive a crash.
    std::ofstream copy(load_path, std::ios::binary | std::ios::trunc);
    copy.write(content->data(), static_cast<std::streamsize>(content->size()));
    copy.close();
    if (!copy) {
      return PluginError(
          path, absl::StrCat("cannot copy it to ", load_path, " to load it"));
    }
  }
  auto library = std::make_shared<Library>(load_path, !copy_dir.empty());
  boost::dll::fs::error_code error;
  // rtld_now: a missing symbol fails here, not at the first call.
  library->library.load(load_path, error,
                        dll::load_mode::rtld_now | dll::load_mode::rtld_local);
  if (error) {
    return PluginError(path, absl::StrCat("cannot be loaded as a shared "
                                          "library (",
                                          error.message(), ")"));
  }
  const dll::shared_library& lib = library->library;
  for (const char* symbol :
       {TKP_IMPORTER_ABI_VERSION_SYMBOL, TKP_IMPORTER_CREATE_SYMBOL,
        TKP_IMPORTER_DESTROY_SYMBOL}) {
    if (!lib.has(symbol)) {
      return PluginError(path, absl::StrCat("missing entry point ", symbol,
                                            "; is it a tkp importer?"));
    }
  }
  const int abi =
      lib.get<TkpImporterAbiVersionFn>(TKP_IMPORTER_ABI_VERSION_SYMBOL)();
  if (abi != plugin::kAbiVersion) {
    return PluginError(
        path, absl::StrCat("built for plugin ABI version ", abi,
                           ", this server speaks version ", plugin::kAbiVersion,
                           "; rebuild it against this server"));
  }
  auto& create = lib.get<TkpImporterCreateFn>(TKP_IMPORTER_CREATE_SYMBOL);
  TkpImporterDestroyFn* destroy =
      &lib.get<TkpImporterDestroyFn>(TKP_IMPORTER_DESTROY_SYMBOL);
  plugin::Importer* raw = create();
  if (raw == nullptr) {
    return PluginError(path, "its factory returned no importer");
  }
  LoadedImporter loaded;
  loaded.file = path;
  loaded.sha256 = sha256;
  // The deleter holds the library: it is unloaded only after the importer
  // is destroyed.
  loaded.importer = std::shared_ptr<const plugin::Importer>(
      raw, [library, destroy](const plugin::Importer* importer) {
        destroy(const_cast<plugin::Importer*>(importer));
      });
  loaded.info = loaded.importer->Info();
  if (loaded.info.name.empty()) {
    return PluginError(path, "its importer has no name");
  }
  return loaded;
}

absl::StatusOr<PluginFiles> ListPluginFiles(const std::string& directory) {
  struct stat info {};
  if (::stat(directory.c_str(), &info) == 0 && WritableByOthers(info)) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "plugin directory %s has mode %04o: others than its owner can write "
        "to it, and so make this server run their code; refusing to load "
        "plugins from it (chmod go-w %s)",
        directory, info.st_mode & 07777, directory));
  }
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".so") files.push_back(entry.path());
  }
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "plugin directory ", directory, " cannot be read: ", error.message()));
  }
  std::sort(files.begin(), files.end());
  PluginFiles found;
  for (const auto& file : files) {
    if (::stat(file.c_str(), &info) == 0 && WritableByOthers(info)) {
      found.problems.push_back(
          {file.string(),
           absl::StrFormat("has mode %04o: others than its owner can write "
                           "to it; skipped (chmod go-w %s)",
                           info.st_mode & 07777, file.string())});
      continue;
    }
    found.files.push_back(file.string());
  }
  return found;
}

}  // namespace tkp
