// A fixed set of importer plugins, as the workers reported them, and the
// choice of one for a document: the one the operator named, or the most
// confident (ties go to the first name in alphabetical order, so the choice
// is deterministic). Each confidence comes from a worker of that importer's
// own: the server never runs plugin code, and no plugin answers for
// another.

#ifndef TKP_SERVER_IMPORTING_IMPORTER_SET_H_
#define TKP_SERVER_IMPORTING_IMPORTER_SET_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "plugins/api/importer.h"
#include "server/importing/plugin_files.h"

namespace tkp {

// A document as the importers see it: its bytes, and its text when it
// decodes as text (text-layout importers are asked only then).
struct DocumentContent {
  absl::string_view bytes;
  absl::StatusOr<std::string> text;  // UTF-8, or why the bytes are not text
  std::string file_name;
  std::string text_note;  // how the text was decoded, when worth saying
};

// A plugin a worker loaded, and what it says about itself.
struct ImporterEntry {
  std::string file;    // in the plugin directory
  std::string sha256;  // of the library file as loaded
  plugin::ImporterInfo info;
  std::shared_ptr<const PluginCopy> copy;  // what workers load
};

// What a worker of one importer's own said to "do you read this?".
struct Rating {
  int confidence = 0;        // a claim: bounded to 0..100 when ranked
  std::string not_asked;     // why it was not asked, when it was not
  bool unavailable = false;  // not asked because its worker did not start
};

// One importer's answer to "do you read this?".
struct Confidence {
  const ImporterEntry* importer;
  int confidence = 0;
  std::string note;  // why it was not asked, when it was not
};

// What confines the workers, as their Hello said.
struct WorkerProtections {
  std::vector<std::string> active;
  std::vector<std::string> missing;
};

// Immutable after construction; safe to share between threads. Holding a
// set keeps its plugin copies on disk.
class ImporterSet {
 public:
  // Takes the importers (a second importer with a name already taken is
  // left out and reported in `problems`) and sorts them by name.
  ImporterSet(std::vector<ImporterEntry> importers,
              std::vector<PluginProblem> problems = {},
              WorkerProtections protections = {});

  // Every importer's confidence, most confident first. `ratings` are one
  // per importer, in importers() order.
  std::vector<Confidence> Rank(const std::vector<Rating>& ratings) const;

  // The importer named `name` (NOT_FOUND for an unknown name).
  absl::StatusOr<const ImporterEntry*> Named(absl::string_view name) const;

  // The most confident for `content` by `ratings`; INVALID_ARGUMENT when
  // none recognises the document, saying what the file is when its first
  // bytes tell and which formats tkp reads (and which importers could not
  // be asked).
  absl::StatusOr<const ImporterEntry*> MostConfident(
      const std::vector<Rating>& ratings, const DocumentContent& content) const;

  // INVALID_ARGUMENT when `importer` reads text and the document is not.
  static absl::Status CheckInput(const ImporterEntry& importer,
                                 const DocumentContent& content);

  // Sorted by name; workers load their copies in this order.
  const std::vector<ImporterEntry>& importers() const { return importers_; }
  std::vector<std::string> worker_libraries() const;
  // Libraries that failed to load or were left out, by file.
  const std::vector<PluginProblem>& problems() const { return problems_; }
  const WorkerProtections& protections() const { return protections_; }

 private:
  std::vector<ImporterEntry> importers_;
  std::vector<PluginProblem> problems_;
  WorkerProtections protections_;
};

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTING_IMPORTER_SET_H_
