#include "server/figure_store.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/durable_file.h"
#include "server/status_macros.h"

namespace tkp {
namespace {

// Every stored file starts with this line; a file without it is not ours or
// is from a format this server does not read.
constexpr absl::string_view kMagic = "tkp-publication v1\n";
constexpr absl::string_view kExtension = ".tkppub";

absl::StatusOr<FiguresPtr> Decode(const std::string& path,
                                  absl::string_view content) {
  if (!absl::StartsWith(content, kMagic)) {
    return absl::DataLossError(
        absl::StrCat(path, ": not a tkp publication file (bad header)"));
  }
  content.remove_prefix(kMagic.size());
  auto figures = std::make_shared<v1::RegionFigures>();
  if (!figures->ParseFromArray(content.data(),
                               static_cast<int>(content.size()))) {
    return absl::DataLossError(
        absl::StrCat(path, ": damaged publication file (cannot be parsed)"));
  }
  if (figures->region().key().empty() ||
      !CheckPeriod(FromProto(figures->period())).ok()) {
    return absl::DataLossError(
        absl::StrCat(path, ": publication file without region or period"));
  }
  return FiguresPtr(std::move(figures));
}

}  // namespace

FigureStore::FigureStore(std::string data_dir)
    : data_dir_(std::move(data_dir)),
      publications_dir_(
          (std::filesystem::path(data_dir_) / "publications").string()),
      current_(std::make_shared<const Snapshot>()) {}

std::string FigureStore::PathFor(const PublicationKey& key) const {
  return (std::filesystem::path(publications_dir_) /
          absl::StrCat(FormatPeriod(key.period), "_", key.region_key,
                       kExtension))
      .string();
}

absl::StatusOr<std::unique_ptr<FigureStore>> FigureStore::Create(
    const std::string& data_dir) {
  std::unique_ptr<FigureStore> store(new FigureStore(data_dir));
  TKP_RETURN_IF_ERROR(MakeDirectories(store->publications_dir_));
  return store;
}

absl::StatusOr<std::unique_ptr<FigureStore>> FigureStore::Open(
    const std::string& data_dir, std::vector<std::string>* errors) {
  TKP_ASSIGN_OR_RETURN(std::unique_ptr<FigureStore> store, Create(data_dir));
  TKP_RETURN_IF_ERROR(store->Restore(errors));
  return store;
}

absl::Status FigureStore::Restore(std::vector<std::string>* errors) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(publications_dir_, error)) {
    files.push_back(entry.path());
  }
  if (error) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot read data dir ", publications_dir_, ": ", error.message()));
  }
  std::sort(files.begin(), files.end());

  Snapshot::Map restored;
  for (const auto& file : files) {
    const std::string path = file.string();
    if (absl::EndsWith(path, kTemporarySuffix)) {
      // A write that never reached its rename: never acknowledged.
      std::filesystem::remove(file, error);
      errors->push_back(absl::StrCat(path,
                                     ": unfinished write from an earlier run, "
                                     "removed"));
      continue;
    }
    if (file.extension().string() != kExtension) continue;
    absl::StatusOr<std::string> content = ReadFile(path);
    if (!content.ok()) {
      errors->emplace_back(content.status().message());
      continue;
    }
    absl::StatusOr<FiguresPtr> figures = Decode(path, *content);
    if (!figures.ok()) {
      errors->push_back(absl::StrCat(figures.status().message(), "; skipped"));
      continue;
    }
    const PublicationKey key = KeyOf(**figures);
    if (!restored.emplace(key, *figures).second) {
      errors->push_back(absl::StrCat(path, ": a second file for ",
                                     FormatPeriod(key.period), " ",
                                     key.region_key, "; skipped"));
    }
  }
  current_.store(std::make_shared<const Snapshot>(std::move(restored)));
  ready_.store(true, std::memory_order_release);
  return absl::OkStatus();
}

absl::StatusOr<FigureStore::CommitResult> FigureStore::Commit(
    v1::RegionFigures figures, bool replace) {
  absl::MutexLock lock(&commit_mu_);
  const std::shared_ptr<const Snapshot> current = current_.load();
  const PublicationKey key = KeyOf(figures);
  const auto existing = current->publications().find(key);
  Outcome outcome = Outcome::kImported;
  if (existing != current->publications().end()) {
    const v1::Source& old_source = existing->second->source();
    if (old_source.sha256() == figures.source().sha256()) {
      return CommitResult{Outcome::kUnchanged, existing->second};
    }
    if (!replace) {
      return absl::AlreadyExistsError(absl::StrCat(
          FormatPeriod(key.period), " ", figures.region().name(),
          " is already loaded from another document (", old_source.file_name(),
          ", sha256 ", old_source.sha256().substr(0, 12),
          "...); import with replace (tkp import --replace) to replace it"));
    }
    outcome = Outcome::kReplaced;
  }

  std::string content(kMagic);
  if (!figures.AppendToString(&content)) {
    return absl::InternalError("cannot serialise the publication");
  }
  TKP_RETURN_IF_ERROR(WriteFileDurably(PathFor(key), content));

  auto stored = std::make_shared<const v1::RegionFigures>(std::move(figures));
  Snapshot::Map next = current->publications();
  next[key] = stored;
  current_.store(std::make_shared<const Snapshot>(std::move(next)));
  return CommitResult{outcome, stored};
}

}  // namespace tkp
