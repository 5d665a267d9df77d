#include "server/plugin_loader.h"

// Use std::filesystem inside Boost.DLL instead of linking boost_filesystem.
#define BOOST_DLL_USE_STD_FS
#include <sys/stat.h>

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <filesystem>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace tkp {
namespace {

namespace dll = boost::dll;

// Group- or world-writable. A symbolic link is judged by its target.
bool WritableByOthers(const struct stat& info) {
  return (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

absl::Status PluginError(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(
      absl::StrCat("plugin ", path, ": ", why));
}

}  // namespace

absl::StatusOr<LoadedImporter> LoadPlugin(const std::string& path) {
  auto library = std::make_shared<dll::shared_library>();
  boost::dll::fs::error_code error;
  // rtld_now: a missing symbol fails here, not at the first call.
  library->load(path, error,
                dll::load_mode::rtld_now | dll::load_mode::rtld_local);
  if (error) {
    return PluginError(path, absl::StrCat("cannot be loaded as a shared "
                                          "library (",
                                          error.message(), ")"));
  }
  for (const char* symbol :
       {TKP_IMPORTER_ABI_VERSION_SYMBOL, TKP_IMPORTER_CREATE_SYMBOL,
        TKP_IMPORTER_DESTROY_SYMBOL}) {
    if (!library->has(symbol)) {
      return PluginError(path, absl::StrCat("missing entry point ", symbol,
                                            "; is it a tkp importer?"));
    }
  }
  const int abi =
      library->get<TkpImporterAbiVersionFn>(TKP_IMPORTER_ABI_VERSION_SYMBOL)();
  if (abi != plugin::kAbiVersion) {
    return PluginError(
        path, absl::StrCat("built for plugin ABI version ", abi,
                           ", this server speaks version ", plugin::kAbiVersion,
                           "; rebuild it against this server"));
  }
  auto& create = library->get<TkpImporterCreateFn>(TKP_IMPORTER_CREATE_SYMBOL);
  TkpImporterDestroyFn* destroy =
      &library->get<TkpImporterDestroyFn>(TKP_IMPORTER_DESTROY_SYMBOL);
  plugin::Importer* raw = create();
  if (raw == nullptr) {
    return PluginError(path, "its factory returned no importer");
  }
  LoadedImporter loaded;
  loaded.file = path;
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

absl::StatusOr<PluginScan> LoadPluginDirectory(const std::string& directory) {
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
  PluginScan scan;
  for (const auto& file : files) {
    if (::stat(file.c_str(), &info) == 0 && WritableByOthers(info)) {
      scan.errors.push_back(absl::StrFormat(
          "plugin %s has mode %04o: others than its owner can write to it; "
          "skipped (chmod go-w %s)",
          file.string(), info.st_mode & 07777, file.string()));
      continue;
    }
    absl::StatusOr<LoadedImporter> loaded = LoadPlugin(file.string());
    if (loaded.ok()) {
      scan.loaded.push_back(std::move(*loaded));
    } else {
      scan.errors.emplace_back(loaded.status().message());
    }
  }
  return scan;
}

}  // namespace tkp
