#include "server/importing/importer_set.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/importing/file_kind.h"

namespace tkp {
namespace {

bool ReadsBytes(const ImporterEntry& importer) {
  return importer.info.input == plugin::ImporterInfo::Input::kBytes;
}

}  // namespace

ImporterSet::ImporterSet(std::vector<ImporterEntry> importers,
                         std::vector<PluginProblem> problems,
                         WorkerProtections protections)
    : problems_(std::move(problems)), protections_(std::move(protections)) {
  absl::flat_hash_set<std::string> names;
  for (ImporterEntry& loaded : importers) {
    if (!names.insert(loaded.info.name).second) {
      const auto first = std::find_if(importers_.begin(), importers_.end(),
                                      [&](const ImporterEntry& l) {
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
            [](const ImporterEntry& a, const ImporterEntry& b) {
              return a.info.name < b.info.name;
            });
  std::sort(problems_.begin(), problems_.end(),
            [](const PluginProblem& a, const PluginProblem& b) {
              return a.file < b.file;
            });
}

std::vector<std::string> ImporterSet::worker_libraries() const {
  std::vector<std::string> paths;
  for (const ImporterEntry& entry : importers_) {
    paths.push_back(entry.copy->path());
  }
  return paths;
}

absl::Status ImporterSet::CheckInput(const ImporterEntry& importer,
                                     const DocumentContent& content) {
  if (ReadsBytes(importer) || content.text.ok()) return absl::OkStatus();
  return content.text.status();
}

std::vector<Confidence> ImporterSet::Rank(
    const std::vector<Rating>& ratings) const {
  std::vector<Confidence> rated;
  for (size_t i = 0; i < importers_.size(); ++i) {
    const Rating rating = i < ratings.size() ? ratings[i] : Rating{};
    rated.push_back(!rating.not_asked.empty()
                        ? Confidence{&importers_[i], 0, rating.not_asked}
                        // A worker's number is only a claim: bounded.
                        : Confidence{&importers_[i],
                                     std::clamp(rating.confidence, 0, 100),
                                     ""});
  }
  std::stable_sort(rated.begin(), rated.end(),
                   [](const Confidence& a, const Confidence& b) {
                     return a.confidence > b.confidence;
                   });
  return rated;
}

absl::StatusOr<const ImporterEntry*> ImporterSet::Named(
    absl::string_view name) const {
  std::vector<std::string> names;
  for (const ImporterEntry& loaded : importers_) {
    if (loaded.info.name == name) return &loaded;
    names.push_back(loaded.info.name);
  }
  return absl::NotFoundError(
      absl::StrCat("no importer named \"", name,
                   "\"; loaded: ", absl::StrJoin(names, ", ")));
}

absl::StatusOr<const ImporterEntry*> ImporterSet::MostConfident(
    const std::vector<Rating>& ratings, const DocumentContent& content) const {
  const std::vector<Confidence> rated = Rank(ratings);
  if (!rated.empty() && rated.front().confidence > 0) {
    return rated.front().importer;
  }
  // Say what the file is, when its first bytes tell, and what tkp reads.
  if (const FileKind kind = DescribeFileKind(content.bytes);
      !kind.what.empty()) {
    std::vector<std::string> formats;
    for (const ImporterEntry& loaded : importers_) {
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
  std::vector<std::string> names;
  std::vector<std::string> unavailable;
  for (size_t i = 0; i < importers_.size(); ++i) {
    const std::string& name = importers_[i].info.name;
    if (i < ratings.size() && ratings[i].unavailable) {
      unavailable.push_back(
          absl::StrCat(name, " (", ratings[i].not_asked, ")"));
    } else {
      names.push_back(name);
    }
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "file ", content.file_name, ": no importer recognises this document (",
      names.empty() ? "none could be asked"
                    : absl::StrCat("tried ", absl::StrJoin(names, ", ")),
      unavailable.empty()
          ? ""
          : absl::StrCat("; could not ask ", absl::StrJoin(unavailable, "; ")),
      "); is it a Transparantie van klantprofielen table?"));
}

}  // namespace tkp
