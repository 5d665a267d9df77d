// A fixed set of loaded importers, and the choice of one for a document:
// the one the operator named, or the most confident (ties go to the first
// name in alphabetical order, so the choice is deterministic).

#ifndef TKP_SERVER_IMPORTER_SET_H_
#define TKP_SERVER_IMPORTER_SET_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/plugin_loader.h"

namespace tkp {

// A document as the importers see it: its bytes, and its text when it
// decodes as text (text-layout importers are asked only then).
struct DocumentContent {
  absl::string_view bytes;
  absl::StatusOr<std::string> text;  // UTF-8, or why the bytes are not text
  std::string file_name;
  std::string text_note;  // how the text was decoded, when worth saying
};

// One importer's answer to "do you read this?".
struct Confidence {
  const LoadedImporter* importer;
  int confidence = 0;
  std::string note;  // why it was not asked, when it was not
};

// Immutable after construction; safe to share between threads. Holding a
// set keeps its libraries loaded.
class ImporterSet {
 public:
  // Takes the importers in order; a second importer with a name already
  // taken is left out and reported in `problems`.
  ImporterSet(std::vector<LoadedImporter> importers,
              std::vector<PluginProblem> problems = {});

  // Every importer's confidence, most confident first.
  std::vector<Confidence> Rate(const DocumentContent& content) const;

  // The importer named `name`, or the most confident for `content` when
  // `name` is empty. NOT_FOUND for an unknown name; INVALID_ARGUMENT when
  // no importer recognises the document (with why the bytes are not text,
  // when they are not).
  absl::StatusOr<const LoadedImporter*> Pick(
      absl::string_view name, const DocumentContent& content) const;

  // The input `importer` reads: the text or the bytes. INVALID_ARGUMENT
  // when it reads text and the document is not.
  static absl::StatusOr<absl::string_view> InputFor(
      const LoadedImporter& importer, const DocumentContent& content);

  // Sorted by name.
  const std::vector<LoadedImporter>& importers() const { return importers_; }
  // Libraries that failed to load or were left out, by file.
  const std::vector<PluginProblem>& problems() const { return problems_; }

 private:
  std::vector<LoadedImporter> importers_;
  std::vector<PluginProblem> problems_;
};

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTER_SET_H_
