#include "server/importing/importer_registry.h"

#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/util/files.h"
#include "server/util/sha256.h"
#include "server/util/status_macros.h"
#include "worker/protocol/plugin_types.h"

namespace tkp {

namespace {

constexpr char kCopyDirPrefix[] = "tkp-plugins-";

// Copies left behind by servers that died without cleaning up (kill -9, a
// crash): their directories carry the pid that made them.
void RemoveCopiesOfDeadServers(const std::filesystem::path& temp) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(temp, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kCopyDirPrefix)) continue;
    int pid = 0;
    const std::string rest = name.substr(strlen(kCopyDirPrefix));
    if (!absl::SimpleAtoi(rest.substr(0, rest.find('-')), &pid) || pid <= 0) {
      continue;
    }
    struct stat info {};
    if (::stat(entry.path().c_str(), &info) != 0 || info.st_uid != ::getuid()) {
      continue;  // not ours to judge
    }
    if (::kill(pid, 0) != 0 && errno == ESRCH) {
      std::error_code ignored;
      std::filesystem::remove_all(entry.path(), ignored);
    }
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<ImporterRegistry>> ImporterRegistry::Open(
    std::string plugin_dir, WorkerOptions workers,
    Worker::EndListener on_worker_end) {
  std::error_code error;
  std::filesystem::path temp = std::filesystem::temp_directory_path(error);
  if (error) temp = "/tmp";
  RemoveCopiesOfDeadServers(temp);
  std::string pattern =
      (temp / absl::StrCat(kCopyDirPrefix, ::getpid(), "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    return absl::UnavailableError(absl::StrCat(
        "cannot create a directory to load plugins from in ", temp.string(),
        ": ", std::strerror(errno), " (set TMPDIR to a writable directory)"));
  }
  // Plugins are loaded from copies here; on a noexec mount (Docker's
  // default for a tmpfs) every load would fail with a message that points
  // nowhere near the cause.
  struct statvfs mount {};
  if (::statvfs(pattern.c_str(), &mount) == 0 &&
      (mount.f_flag & ST_NOEXEC) != 0) {
    std::filesystem::remove_all(pattern, error);
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot load plugins from ", temp.string(),
        ": it is mounted noexec, and plugins are loaded from copies made "
        "there; point TMPDIR at a directory that allows executing files (a "
        "tmpfs mounted with exec, or a directory on the data volume)"));
  }
  workers.copy_dir = pattern;
  auto pool = std::make_unique<WorkerPool>(std::move(workers),
                                           std::move(on_worker_end));
  std::unique_ptr<ImporterRegistry> registry(
      new ImporterRegistry(std::move(plugin_dir), pattern, std::move(pool)));
  TKP_RETURN_IF_ERROR(registry->Reload().status());
  return registry;
}

ImporterRegistry::ImporterRegistry(std::string plugin_dir, std::string copy_dir,
                                   std::unique_ptr<WorkerPool> pool)
    : plugin_dir_(std::move(plugin_dir)),
      copy_dir_(std::move(copy_dir)),
      pool_(std::move(pool)),
      current_(
          std::make_shared<const ImporterSet>(std::vector<ImporterEntry>{})) {}

ImporterRegistry::~ImporterRegistry() {
  // Sets still held by imports remove their copies when let go; the
  // directory goes now.
  std::error_code ignored;
  std::filesystem::remove_all(copy_dir_, ignored);
}

absl::StatusOr<std::unique_ptr<ImporterSet>> ImporterRegistry::Probe(
    const std::vector<std::shared_ptr<const PluginCopy>>& copies,
    std::vector<PluginProblem> problems) {
  std::vector<ImporterEntry> entries;
  std::optional<worker::Hello> said;  // a Hello, for the protections
  // Each library alone, as it will run: what one does as it loads cannot
  // touch what another reports. All load at once.
  std::vector<std::string> paths;
  paths.reserve(copies.size());
  for (const auto& copy : copies) paths.push_back(copy->path());
  std::vector<absl::StatusOr<std::unique_ptr<Worker>>> workers =
      pool_->StartEach(paths, /*probe=*/true);
  for (size_t i = 0; i < copies.size(); ++i) {
    const std::shared_ptr<const PluginCopy>& copy = copies[i];
    absl::StatusOr<std::unique_ptr<Worker>>& worker = workers[i];
    if (!worker.ok()) {
      problems.push_back(
          {copy->file(), std::string(worker.status().message())});
      continue;
    }
    const worker::Hello& hello = (*worker)->hello();
    said = hello;
    if (hello.libraries_size() != 1) {
      problems.push_back(
          {copy->file(),
           absl::StrCat("its worker reported ", hello.libraries_size(),
                        " libraries for the one it was given")});
    } else if (const worker::Library& library = hello.libraries(0);
               !library.load_error().empty()) {
      problems.push_back({copy->file(), library.load_error()});
    } else if (library.info().name().empty()) {
      problems.push_back({copy->file(), "its importer has no name"});
    } else {
      entries.push_back({copy->file(), copy->sha256(),
                         worker::FromMessage(library.info()), copy});
    }
  }
  if (!said) {
    // No plugin got as far as a Hello: a worker with none tells whether a
    // worker can start here at all (an error) and how it is confined.
    absl::StatusOr<std::unique_ptr<Worker>> bare =
        pool_->Start("", /*probe=*/true);
    if (!bare.ok()) return bare.status();
    said = (*bare)->hello();
  }
  WorkerProtections protections;
  protections.active.assign(said->protections().begin(),
                            said->protections().end());
  protections.missing.assign(said->missing().begin(), said->missing().end());
  return std::make_unique<ImporterSet>(std::move(entries), std::move(problems),
                                       std::move(protections));
}

absl::StatusOr<ImporterRegistry::ReloadReport> ImporterRegistry::Reload() {
  MutexLock lock(&reload_mu_);
  TKP_ASSIGN_OR_RETURN(PluginFiles found, ListPluginFiles(plugin_dir_));
  const std::shared_ptr<const ImporterSet> old = current_.load();
  // What each file was before, to say what changed and to reuse copies.
  absl::flat_hash_map<std::string, const ImporterEntry*> loaded_by_file;
  for (const ImporterEntry& loaded : old->importers()) {
    loaded_by_file[loaded.file] = &loaded;
  }
  absl::flat_hash_set<std::string> known;  // files of the old set
  for (const ImporterEntry& loaded : old->importers())
    known.insert(loaded.file);
  for (const PluginProblem& problem : old->problems())
    known.insert(problem.file);
  absl::flat_hash_set<std::string> present(found.files.begin(),
                                           found.files.end());
  for (const PluginProblem& problem : found.problems) {
    present.insert(problem.file);
  }

  ReloadReport report;
  std::vector<std::shared_ptr<const PluginCopy>> copies;
  std::vector<PluginProblem> problems = std::move(found.problems);
  for (const std::string& file : found.files) {
    const auto previous = loaded_by_file.find(file);
    if (previous != loaded_by_file.end()) {
      absl::StatusOr<std::string> content = ReadFile(file);
      if (content.ok() && Sha256Hex(*content) == previous->second->sha256) {
        copies.push_back(previous->second->copy);
        report.unchanged.push_back(file);
        continue;
      }
    }
    (previous != loaded_by_file.end() ? report.replaced : report.added)
        .push_back(file);
    absl::StatusOr<std::shared_ptr<const PluginCopy>> copy =
        PluginCopy::Make(file, copy_dir_);
    if (!copy.ok()) {
      problems.push_back({file, std::string(copy.status().message())});
      continue;
    }
    copies.push_back(*std::move(copy));
  }
  for (const std::string& file : known) {
    if (!present.contains(file)) report.removed.push_back(file);
  }
  std::sort(report.removed.begin(), report.removed.end());
  TKP_ASSIGN_OR_RETURN(std::unique_ptr<ImporterSet> set,
                       Probe(copies, std::move(problems)));
  pool_->Keep(set->worker_libraries());
  current_.store(std::shared_ptr<const ImporterSet>(std::move(set)));
  return report;
}

}  // namespace tkp
