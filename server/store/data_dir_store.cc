#include "server/store/data_dir_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "proto/period_conversion.h"
#include "server/store/crash_points.h"
#include "server/store/durable_file.h"
#include "server/store/rescan_gate.h"
#include "server/util/files.h"
#include "server/util/status_macros.h"

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

// A temporary file this old is a write that died with its process (a
// live writer renames within milliseconds); younger ones may belong to
// another server sharing the data dir.
constexpr absl::Duration kAbandonedTemporaryAge = absl::Seconds(60);

std::optional<struct stat> Stat(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  return info;
}

// An exclusive flock on DIR/.lock for as long as it lives, so that servers
// sharing the data dir commit (and restore) one at a time.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::string& directory) {
    const std::string path = directory + "/.lock";
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    // A read-only data dir: flock needs no write access, so restoring and
    // serving still work; commits fail when they write.
    if (fd_ < 0 && (errno == EROFS || errno == EACCES)) {
      fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    }
    if (fd_ < 0) {
      status_ = absl::FailedPreconditionError(
          absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
      return;
    }
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) {
        status_ = absl::UnavailableError(
            absl::StrCat("cannot lock ", path, ": ", std::strerror(errno)));
        return;
      }
    }
  }
  ~DirectoryLock() {
    if (fd_ >= 0) ::close(fd_);  // releases the lock
  }
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

  const absl::Status& status() const { return status_; }

 private:
  int fd_ = -1;
  absl::Status status_;
};

}  // namespace

DataDirStore::DataDirStore(std::string data_dir, size_t events_in_memory)
    : data_dir_(std::move(data_dir)),
      events_path_((std::filesystem::path(data_dir_) / "events.log").string()),
      publications_dir_(
          (std::filesystem::path(data_dir_) / "publications").string()),
      current_(std::make_shared<const Snapshot>()),
      window_(events_in_memory) {}

DataDirStore::~DataDirStore() {
  if (watcher_.joinable()) {
    stop_watching_.Notify();
    watcher_.join();
  }
}

std::string DataDirStore::PathFor(const PublicationKey& key) const {
  return (std::filesystem::path(publications_dir_) /
          absl::StrCat(FormatPeriod(key.period), "_", key.region_key,
                       kExtension))
      .string();
}

absl::StatusOr<std::unique_ptr<DataDirStore>> DataDirStore::Create(
    const std::string& data_dir, size_t events_in_memory) {
  std::unique_ptr<DataDirStore> store(
      new DataDirStore(data_dir, events_in_memory));
  TKP_RETURN_IF_ERROR(MakeDirectories(store->publications_dir_));
  return store;
}

absl::StatusOr<std::unique_ptr<DataDirStore>> DataDirStore::Open(
    const std::string& data_dir, std::vector<std::string>* errors,
    size_t events_in_memory) {
  TKP_ASSIGN_OR_RETURN(std::unique_ptr<DataDirStore> store,
                       Create(data_dir, events_in_memory));
  TKP_RETURN_IF_ERROR(store->Restore(errors));
  return store;
}

absl::Status DataDirStore::Restore(std::vector<std::string>* errors) {
  // The commit lock, then the directory's, as a commit takes them.
  // Exclusive: no other server commits while this one restores and
  // reconciles the event log with the files.
  {
    MutexLock commit_lock(&commit_mu_);
    const DirectoryLock lock(publications_dir_);
    TKP_RETURN_IF_ERROR(lock.status());
    TKP_ASSIGN_OR_RETURN(const int completed,
                         CompleteInterruptedBatches(publications_dir_));
    if (completed > 0) {
      errors->push_back(
          absl::StrCat("completed an import a crash interrupted (", completed,
                       " files put in place)"));
    }
    TKP_RETURN_IF_ERROR(RescanLocked(errors));
    TKP_RETURN_IF_ERROR(ReconcileEvents());
  }
  ready_.store(true, std::memory_order_release);
  return absl::OkStatus();
}

absl::StatusOr<FiguresPtr> DataDirStore::Remove(const PublicationKey& key) {
  MutexLock lock(&commit_mu_);
  const DirectoryLock directory_lock(publications_dir_);
  TKP_RETURN_IF_ERROR(directory_lock.status());
  const std::string path = PathFor(key);
  Snapshot::Map next = current_.load()->publications();
  std::vector<std::string> ignored;
  if (const std::optional<struct stat> info = Stat(path)) {
    Refresh(path, StateOf(*info), &next, &ignored);
  }
  const auto it = next.find(key);
  if (it == next.end()) {
    return absl::NotFoundError(absl::StrCat(
        "nothing loaded for ", key.region_key, " ", FormatPeriod(key.period)));
  }
  const FiguresPtr removed = it->second;
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    return absl::UnavailableError(
        absl::StrCat("cannot remove ", path, ": ", std::strerror(errno)));
  }
  TKP_RETURN_IF_ERROR(SyncDirectory(publications_dir_));
  known_.erase(path);
  next.erase(it);
  current_.store(std::make_shared<const Snapshot>(std::move(next)));
  // The removal is durable; a failed event append is repaired at the next
  // start (ReconcileEvents).
  AppendEvent(v1::PublicationEvent::KIND_REMOVED, *removed).IgnoreError();
  return removed;
}

DataDirStore::FileState DataDirStore::StateOf(const struct stat& info) {
  FileState state;
  state.inode = info.st_ino;
  state.size = info.st_size;
  state.mtime_nanos = absl::ToUnixNanos(absl::TimeFromTimespec(info.st_mtim));
  return state;
}

bool DataDirStore::Unchanged(const std::string& path,
                             const FileState& state) const {
  const auto known = known_.find(path);
  return known != known_.end() && known->second.SameFile(state);
}

bool DataDirStore::Refresh(const std::string& path, FileState state,
                           Snapshot::Map* next,
                           std::vector<std::string>* errors) {
  if (Unchanged(path, state)) return false;
  const auto known = known_.find(path);
  bool changed = false;
  // Whatever this file held before is gone, whatever it holds now.
  if (known != known_.end() && known->second.key) {
    changed = next->erase(*known->second.key) > 0;
  }
  absl::StatusOr<std::string> content = ReadFile(path);
  absl::StatusOr<FiguresPtr> figures =
      content.ok() ? Decode(path, *content) : content.status();
  if (!figures.ok()) {
    errors->push_back(absl::StrCat(figures.status().message(), "; skipped"));
  } else {
    const PublicationKey key = KeyOf(**figures);
    if (next->contains(key)) {
      errors->push_back(absl::StrCat(path, ": a second file for ",
                                     FormatPeriod(key.period), " ",
                                     key.region_key, "; skipped"));
    } else {
      (*next)[key] = *std::move(figures);
      state.key = key;
      changed = true;
    }
  }
  known_[path] = state;
  return changed;
}

absl::Status DataDirStore::Rescan(std::vector<std::string>* errors) {
  // The listing is taken under the commit lock: listed before a commit of
  // ours and compared after it, the new file would look removed, and an
  // acknowledged import would vanish from the snapshot until the next scan.
  MutexLock lock(&commit_mu_);
  return RescanLocked(errors);
}

absl::Status DataDirStore::RescanLocked(std::vector<std::string>* errors) {
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
  // A batch's temporary files are part of a commit until its intent is gone.
  const bool batch_pending = std::any_of(
      files.begin(), files.end(), [](const std::filesystem::path& file) {
        return absl::EndsWith(file.string(), kBatchSuffix);
      });

  // Most rescans find nothing new: copy the snapshot's map only once
  // something changed.
  std::optional<Snapshot::Map> next;
  const auto next_map = [&]() -> Snapshot::Map& {
    if (!next) next = current_.load()->publications();
    return *next;
  };
  bool changed = false;
  absl::flat_hash_set<std::string> present;
  for (const auto& file : files) {
    const std::string path = file.string();
    const std::optional<struct stat> info = Stat(path);
    if (!info) continue;  // gone since the listing
    if (absl::EndsWith(path, kTemporarySuffix)) {
      const absl::Time modified = absl::FromTimeT(info->st_mtime);
      if (!batch_pending && absl::Now() - modified > kAbandonedTemporaryAge) {
        std::filesystem::remove(file, error);
        errors->push_back(absl::StrCat(
            path, ": unfinished write from a process that died, removed"));
      }
      continue;
    }
    if (file.extension().string() != kExtension) continue;
    present.insert(path);
    if (!S_ISREG(info->st_mode)) {
      // Reading a pipe or a device could block forever; say so once.
      if (known_.emplace(path, StateOf(*info)).second) {
        errors->push_back(absl::StrCat(path, ": not a regular file; skipped"));
      }
      continue;
    }
    const FileState state = StateOf(*info);
    if (Unchanged(path, state)) continue;
    changed |= Refresh(path, state, &next_map(), errors);
  }
  for (auto it = known_.begin(); it != known_.end();) {
    if (present.contains(it->first)) {
      ++it;
      continue;
    }
    if (it->second.key) changed |= next_map().erase(*it->second.key) > 0;
    known_.erase(it++);
  }
  if (changed) {
    current_.store(std::make_shared<const Snapshot>(std::move(*next)));
  }
  CatchUpEvents();  // what other servers sharing the data dir did
  return absl::OkStatus();
}

void DataDirStore::Follow(absl::Duration interval,
                          std::function<void(const std::string&)> report) {
  Watch(interval, std::move(report));
}

void DataDirStore::Watch(absl::Duration interval,
                         std::function<void(const std::string&)> report,
                         absl::Duration full_rescan_every) {
  watcher_ = std::thread([this, interval, report = std::move(report),
                          full_rescan_every] {
    RescanGate gate(full_rescan_every);
    while (!stop_watching_.WaitForNotificationWithTimeout(interval)) {
      // Taken before the listing, so a change during it shows next time.
      const std::optional<DirectoryStamp> stamp = StampOf(publications_dir_);
      const absl::Time now = absl::Now();
      if (!gate.NeedsRescan(stamp, now)) {
        MutexLock lock(&commit_mu_);
        CatchUpEvents();
        continue;
      }
      std::vector<std::string> errors;
      const bool batch_pending = HasBatchIntent(publications_dir_);
      if (batch_pending) {
        // A server sharing the data dir died mid-commit (or is committing:
        // the lock waits for it).
        const DirectoryLock lock(publications_dir_);
        if (lock.status().ok()) {
          absl::StatusOr<int> completed =
              CompleteInterruptedBatches(publications_dir_);
          if (!completed.ok())
            errors.emplace_back(completed.status().message());
        }
      }
      const absl::Status status = Rescan(&errors);
      if (!status.ok()) errors.emplace_back(status.message());
      gate.Rescanned(stamp, now, !batch_pending && errors.empty());
      for (const std::string& error : errors) report(error);
    }
  });
}

absl::StatusOr<std::vector<DataDirStore::CommitResult>> DataDirStore::CommitAll(
    std::vector<v1::RegionFigures> batch, bool replace) {
  MutexLock lock(&commit_mu_);
  const DirectoryLock directory_lock(publications_dir_);
  TKP_RETURN_IF_ERROR(directory_lock.status());

  Snapshot::Map next = current_.load()->publications();
  // Another server may have written these publications since our last scan.
  std::vector<std::string> ignored;
  bool refreshed = false;
  for (const v1::RegionFigures& figures : batch) {
    const std::string path = PathFor(KeyOf(figures));
    if (const std::optional<struct stat> info = Stat(path)) {
      refreshed |= Refresh(path, StateOf(*info), &next, &ignored);
    }
  }
  if (refreshed) {
    current_.store(std::make_shared<const Snapshot>(next));
  }

  // Every outcome is decided before anything is written: all or nothing.
  std::vector<CommitResult> results;
  std::vector<FileWrite> writes;
  for (const v1::RegionFigures& figures : batch) {
    const PublicationKey key = KeyOf(figures);
    Outcome outcome = Outcome::kImported;
    const auto existing = next.find(key);
    if (existing != next.end()) {
      const v1::Source& old_source = existing->second->source();
      if (old_source.sha256() == figures.source().sha256() &&
          old_source.part() == figures.source().part()) {
        results.push_back({Outcome::kUnchanged, existing->second});
        continue;
      }
      if (!replace) {
        return absl::AlreadyExistsError(absl::StrCat(
            FormatPeriod(key.period), " ", figures.region().name(),
            " is already loaded from another document (",
            old_source.file_name(), ", sha256 ",
            old_source.sha256().substr(0, 12),
            "...); import with replace (tkp import --replace) to replace it"));
      }
      outcome = Outcome::kReplaced;
    }
    std::string content(kMagic);
    if (!figures.AppendToString(&content)) {
      return absl::InternalError("cannot serialise the publication");
    }
    writes.push_back({PathFor(key), std::move(content)});
    results.push_back({outcome, nullptr});
  }
  if (writes.empty()) return results;
  TKP_RETURN_IF_ERROR(WriteFilesDurably(publications_dir_, writes));
  CrashPoint("before-event");

  for (size_t i = 0; i < batch.size(); ++i) {
    if (results[i].outcome == Outcome::kUnchanged) continue;
    const PublicationKey key = KeyOf(batch[i]);
    const std::string path = PathFor(key);
    auto stored =
        std::make_shared<const v1::RegionFigures>(std::move(batch[i]));
    if (const std::optional<struct stat> info = Stat(path)) {
      FileState state = StateOf(*info);
      state.key = key;
      known_[path] = state;
    }
    next[key] = stored;
    results[i].figures = stored;
  }
  current_.store(std::make_shared<const Snapshot>(std::move(next)));
  // The import is durable; a failed event append is repaired at the next
  // start (ReconcileEvents).
  for (const CommitResult& result : results) {
    if (result.outcome == Outcome::kUnchanged) continue;
    AppendEvent(result.outcome == Outcome::kReplaced
                    ? v1::PublicationEvent::KIND_REPLACED
                    : v1::PublicationEvent::KIND_IMPORTED,
                *result.figures)
        .IgnoreError();
  }
  return results;
}

}  // namespace tkp
