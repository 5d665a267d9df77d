#include "server/importer_registry.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tkp {

ImporterRegistry::ImporterRegistry(std::vector<LoadedImporter> importers,
                                   std::vector<std::string>* errors) {
  absl::flat_hash_set<std::string> names;
  for (LoadedImporter& loaded : importers) {
    if (!names.insert(loaded.info.name).second) {
      const auto first = std::find_if(importers_.begin(), importers_.end(),
                                      [&](const LoadedImporter& l) {
                                        return l.info.name == loaded.info.name;
                                      });
      errors->push_back(
          absl::StrCat("plugin ", loaded.file, ": duplicate importer name \"",
                       loaded.info.name, "\" (already loaded from ",
                       first->file, "); skipped"));
      continue;
    }
    importers_.push_back(std::move(loaded));
  }
  std::sort(importers_.begin(), importers_.end(),
            [](const LoadedImporter& a, const LoadedImporter& b) {
              return a.info.name < b.info.name;
            });
}

absl::StatusOr<const LoadedImporter*> ImporterRegistry::Pick(
    absl::string_view name, absl::string_view text,
    absl::string_view file_name) const {
  std::vector<std::string> names;
  for (const LoadedImporter& loaded : importers_) {
    names.push_back(loaded.info.name);
  }
  if (importers_.empty()) {
    return absl::FailedPreconditionError(
        "no importer plugins are loaded; check the server's --plugin-dir");
  }
  if (!name.empty()) {
    for (const LoadedImporter& loaded : importers_) {
      if (loaded.info.name == name) return &loaded;
    }
    return absl::NotFoundError(
        absl::StrCat("no importer named \"", name,
                     "\"; loaded: ", absl::StrJoin(names, ", ")));
  }
  const LoadedImporter* best = nullptr;
  int best_confidence = 0;
  for (const LoadedImporter& loaded : importers_) {
    const int confidence =
        loaded.importer->Identify(std::string_view(text.data(), text.size()));
    if (confidence > best_confidence) {
      best = &loaded;
      best_confidence = confidence;
    }
  }
  if (best == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "file ", file_name, ": no importer recognises this document (tried ",
        absl::StrJoin(names, ", "),
        "); is it a Transparantie van klantprofielen table?"));
  }
  return best;
}

}  // namespace tkp
