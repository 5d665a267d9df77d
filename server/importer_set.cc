#include "server/importer_set.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/file_kind.h"

namespace tkp {
namespace {

bool ReadsBytes(const LoadedImporter& importer) {
  return importer.info.input == plugin::ImporterInfo::Input::kBytes;
}

}  // namespace

ImporterSet::ImporterSet(std::vector<LoadedImporter> importers,
                         std::vector<PluginProblem> problems)
    : problems_(std::move(problems)) {
  absl::flat_hash_set<std::string> names;
  for (LoadedImporter& loaded : importers) {
    if (!names.insert(loaded.info.name).second) {
      const auto first = std::find_if(importers_.begin(), importers_.end(),
                                      [&](const LoadedImporter& l) {
                                        return l.info.name == loaded.info.name;
                                      });
      problems_.push_back(
          {loaded.file,
           absl::StrCat("duplicate importer name \"", loaded.info.name,
                        "\" (already loaded from ", first->file,
                        "); skipped")});
      continue;
    }
    importers_.push_back(std::move(loaded));
  }
  std::sort(importers_.begin(), importers_.end(),
            [](const LoadedImporter& a, const LoadedImporter& b) {
              return a.info.name < b.info.name;
            });
  std::sort(problems_.begin(), problems_.end(),
            [](const PluginProblem& a, const PluginProblem& b) {
              return a.file < b.file;
            });
}

absl::StatusOr<absl::string_view> ImporterSet::InputFor(
    const LoadedImporter& importer, const DocumentContent& content) {
  if (ReadsBytes(importer)) return content.bytes;
  if (!content.text.ok()) return content.text.status();
  return absl::string_view(*content.text);
}

std::vector<Confidence> ImporterSet::Rate(
    const DocumentContent& content) const {
  std::vector<Confidence> rated;
  for (const LoadedImporter& loaded : importers_) {
    Confidence answer{&loaded, 0, ""};
    const absl::StatusOr<absl::string_view> input = InputFor(loaded, content);
    if (input.ok()) {
      answer.confidence = std::clamp(loaded.importer->Identify(std::string_view(
                                         input->data(), input->size())),
                                     0, 100);
    } else {
      answer.note = "reads text, and this file is not text";
    }
    rated.push_back(std::move(answer));
  }
  std::stable_sort(rated.begin(), rated.end(),
                   [](const Confidence& a, const Confidence& b) {
                     return a.confidence > b.confidence;
                   });
  return rated;
}

absl::StatusOr<const LoadedImporter*> ImporterSet::Pick(
    absl::string_view name, const DocumentContent& content) const {
  std::vector<std::string> names;
  for (const LoadedImporter& loaded : importers_) {
    names.push_back(loaded.info.name);
  }
  if (importers_.empty()) {
    return absl::FailedPreconditionError(
        "no importer plugins are loaded; check the server's --plugin-dir "
        "and reload (tkp importers --reload)");
  }
  if (!name.empty()) {
    for (const LoadedImporter& loaded : importers_) {
      if (loaded.info.name == name) return &loaded;
    }
    return absl::NotFoundError(
        absl::StrCat("no importer named \"", name,
                     "\"; loaded: ", absl::StrJoin(names, ", ")));
  }
  const std::vector<Confidence> rated = Rate(content);
  if (rated.front().confidence > 0) return rated.front().importer;
  // Say what the file is, when its first bytes tell, and what tkp reads.
  if (const FileKind kind = DescribeFileKind(content.bytes);
      !kind.what.empty()) {
    std::vector<std::string> formats;
    for (const LoadedImporter& loaded : importers_) {
      formats.insert(formats.end(), loaded.info.layouts.begin(),
                     loaded.info.layouts.end());
    }
    return absl::InvalidArgumentError(absl::StrCat(
        "file ", content.file_name, " is ", kind.what,
        ", which no importer reads", kind.advice.empty() ? "" : "; ",
        kind.advice, ". tkp reads: ", absl::StrJoin(formats, "; ")));
  }
  // A binary file no importer reads is best explained by why it is not
  // text.
  if (!content.text.ok()) return content.text.status();
  return absl::InvalidArgumentError(
      absl::StrCat("file ", content.file_name,
                   ": no importer recognises this document (tried ",
                   absl::StrJoin(names, ", "),
                   "); is it a Transparantie van klantprofielen table?"));
}

}  // namespace tkp
