#include "server/importer_registry.h"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/durable_file.h"
#include "server/sha256.h"
#include "server/status_macros.h"

namespace tkp {

absl::StatusOr<std::unique_ptr<ImporterRegistry>> ImporterRegistry::Open(
    std::string plugin_dir) {
  std::error_code error;
  std::filesystem::path temp = std::filesystem::temp_directory_path(error);
  if (error) temp = "/tmp";
  std::string pattern = (temp / "tkp-plugins-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return absl::UnavailableError(absl::StrCat(
        "cannot create a directory to load plugins from in ", temp.string(),
        ": ", std::strerror(errno), " (set TMPDIR to a writable directory)"));
  }
  std::unique_ptr<ImporterRegistry> registry(
      new ImporterRegistry(std::move(plugin_dir), pattern));
  TKP_RETURN_IF_ERROR(registry->Reload().status());
  return registry;
}

ImporterRegistry::ImporterRegistry(std::string plugin_dir, std::string copy_dir)
    : plugin_dir_(std::move(plugin_dir)),
      copy_dir_(std::move(copy_dir)),
      current_(
          std::make_shared<const ImporterSet>(std::vector<LoadedImporter>{})) {}

ImporterRegistry::~ImporterRegistry() {
  // Imports still running keep their libraries mapped; the copies' names
  // can go.
  std::error_code ignored;
  std::filesystem::remove_all(copy_dir_, ignored);
}

absl::StatusOr<ImporterRegistry::ReloadReport> ImporterRegistry::Reload() {
  MutexLock lock(&reload_mu_);
  TKP_ASSIGN_OR_RETURN(PluginFiles found, ListPluginFiles(plugin_dir_));
  const std::shared_ptr<const ImporterSet> old = current_.load();
  // Loaded libraries by file, to reuse what did not change.
  absl::flat_hash_map<std::string, const LoadedImporter*> loaded_by_file;
  for (const LoadedImporter& loaded : old->importers()) {
    loaded_by_file[loaded.file] = &loaded;
  }
  // Every file the directory holds now, loadable or not.
  absl::flat_hash_set<std::string> present(found.files.begin(),
                                           found.files.end());
  for (const PluginProblem& problem : found.problems) {
    present.insert(problem.file);
  }

  ReloadReport report;
  std::vector<LoadedImporter> importers;
  std::vector<PluginProblem> problems = std::move(found.problems);
  for (const std::string& file : found.files) {
    const auto previous = loaded_by_file.find(file);
    if (previous != loaded_by_file.end()) {
      // Same content: keep the library as it is.
      absl::StatusOr<std::string> content = ReadFile(file);
      if (content.ok() && Sha256Hex(*content) == previous->second->sha256) {
        importers.push_back(*previous->second);
        report.unchanged.push_back(file);
        continue;
      }
    }
    absl::StatusOr<LoadedImporter> loaded = LoadPlugin(file, copy_dir_);
    if (loaded.ok()) {
      importers.push_back(*std::move(loaded));
    } else {
      // The problem names the file already.
      problems.push_back(
          {file, std::string(absl::StripPrefix(loaded.status().message(),
                                               absl::StrCat(file, ": ")))});
    }
    (previous != loaded_by_file.end() ? report.replaced : report.added)
        .push_back(file);
  }
  for (const LoadedImporter& loaded : old->importers()) {
    if (!present.contains(loaded.file)) report.removed.push_back(loaded.file);
  }
  for (const PluginProblem& problem : old->problems()) {
    if (!present.contains(problem.file)) report.removed.push_back(problem.file);
  }
  std::sort(report.removed.begin(), report.removed.end());
  current_.store(std::make_shared<const ImporterSet>(std::move(importers),
                                                     std::move(problems)));
  return report;
}

}  // namespace tkp
