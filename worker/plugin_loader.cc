#include "worker/plugin_loader.h"

// Use std::filesystem inside Boost.DLL instead of linking boost_filesystem.
#define BOOST_DLL_USE_STD_FS

#include <boost/dll/shared_library.hpp>

#include "absl/strings/str_cat.h"

namespace tkp {
namespace {

namespace dll = boost::dll;

// A loaded library; unloaded when the last importer it made is gone.
struct Library {
  Library() = default;
  ~Library() { library.unload(); }
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  dll::shared_library library;
};

absl::Status PluginError(const std::string& path, absl::string_view why) {
  return absl::FailedPreconditionError(absl::StrCat(path, ": ", why));
}

}  // namespace

absl::StatusOr<LoadedImporter> LoadPlugin(const std::string& path,
                                          Binding binding) {
  auto library = std::make_shared<Library>();
  boost::dll::fs::error_code error;
  library->library.load(path, error,
                        (binding == Binding::kNow ? dll::load_mode::rtld_now
                                                  : dll::load_mode::rtld_lazy) |
                            dll::load_mode::rtld_local);
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

}  // namespace tkp
