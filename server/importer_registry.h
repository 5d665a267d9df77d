// The importers the server can use, and the choice of one for a document:
// the one the operator named, or the most confident (ties go to the first
// name in alphabetical order, so the choice is deterministic).

#ifndef TKP_SERVER_IMPORTER_REGISTRY_H_
#define TKP_SERVER_IMPORTER_REGISTRY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/plugin_loader.h"

namespace tkp {

// Immutable after construction; safe to share between threads.
class ImporterRegistry {
 public:
  // Takes the importers in order; a second importer with a name already
  // taken is left out and reported in `errors`.
  ImporterRegistry(std::vector<LoadedImporter> importers,
                   std::vector<std::string>* errors);

  // The importer named `name`, or the most confident for `text` when `name`
  // is empty. NOT_FOUND for an unknown name; INVALID_ARGUMENT when no
  // importer recognises the text.
  absl::StatusOr<const LoadedImporter*> Pick(absl::string_view name,
                                             absl::string_view text,
                                             absl::string_view file_name) const;

  // Sorted by name.
  const std::vector<LoadedImporter>& importers() const { return importers_; }

 private:
  std::vector<LoadedImporter> importers_;
};

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTER_REGISTRY_H_
