// DataDirStore's event log (server/store/data_dir_store.h): events.log, its
// codec, catching up with it, and reading events older than the window kept
// in memory (event_window.h). The rest of the store is in data_dir_store.cc.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "proto/period_conversion.h"
#include "server/store/data_dir_store.h"
#include "server/store/durable_file.h"
#include "server/util/files.h"
#include "server/util/status_macros.h"

namespace tkp {
namespace {

// The event log: one line per event, tab-separated:
// sequence, kind, region key, region name, year, quarter, sha256, file
// name, time (Unix nanoseconds).
std::string Clean(std::string text) {
  for (char& c : text) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string EncodeEvent(const v1::PublicationEvent& e) {
  return absl::StrCat(e.sequence(), "\t", static_cast<int>(e.kind()), "\t",
                      Clean(e.region().key()), "\t", Clean(e.region().name()),
                      "\t", e.period().year(), "\t", e.period().quarter(), "\t",
                      Clean(e.sha256()), "\t", Clean(e.file_name()), "\t",
                      e.time().seconds() * 1000000000 + e.time().nanos(), "\n");
}

std::optional<v1::PublicationEvent> DecodeEvent(absl::string_view line) {
  const std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
  v1::PublicationEvent e;
  int64_t sequence = 0, nanos = 0;
  int kind = 0, year = 0, quarter = 0;
  if (f.size() != 9 || !absl::SimpleAtoi(f[0], &sequence) ||
      !absl::SimpleAtoi(f[1], &kind) || !absl::SimpleAtoi(f[4], &year) ||
      !absl::SimpleAtoi(f[5], &quarter) || !absl::SimpleAtoi(f[8], &nanos) ||
      !v1::PublicationEvent::Kind_IsValid(kind)) {
    return std::nullopt;
  }
  e.set_sequence(sequence);
  e.set_kind(static_cast<v1::PublicationEvent::Kind>(kind));
  e.mutable_region()->set_key(std::string(f[2]));
  e.mutable_region()->set_name(std::string(f[3]));
  e.mutable_period()->set_year(year);
  e.mutable_period()->set_quarter(quarter);
  e.set_sha256(std::string(f[6]));
  e.set_file_name(std::string(f[7]));
  e.mutable_time()->set_seconds(nanos / 1000000000);
  e.mutable_time()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return e;
}

}  // namespace

void DataDirStore::CatchUpEvents() {
  std::ifstream in(events_path_, std::ios::binary);
  if (!in) return;
  in.seekg(events_read_);
  std::string rest((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  const size_t complete = rest.rfind('\n');
  if (complete == std::string::npos) return;
  std::vector<v1::PublicationEvent> added;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(rest).substr(0, complete), '\n')) {
    if (std::optional<v1::PublicationEvent> e = DecodeEvent(line)) {
      added.push_back(*std::move(e));
    }
  }
  events_read_ += static_cast<int64_t>(complete + 1);
  window_.Append(std::move(added));
}

absl::Status DataDirStore::AppendEvent(v1::PublicationEvent::Kind kind,
                                       const v1::RegionFigures& figures) {
  CatchUpEvents();
  // A line cut short by a crash is dropped before appending after it.
  struct stat info {};
  if (::stat(events_path_.c_str(), &info) == 0 && info.st_size > events_read_) {
    if (::truncate(events_path_.c_str(), events_read_) != 0) {
      return absl::UnavailableError(absl::StrCat("cannot repair ", events_path_,
                                                 ": ", std::strerror(errno)));
    }
  }
  v1::PublicationEvent event = EventOf(LastSequence() + 1, kind, figures);
  const std::string line = EncodeEvent(event);
  const int fd = ::open(events_path_.c_str(),
                        O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot open ", events_path_, ": ", std::strerror(errno)));
  }
  const bool written = ::write(fd, line.data(), line.size()) ==
                           static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    return absl::UnavailableError(
        absl::StrCat("cannot append to ", events_path_));
  }
  events_read_ += static_cast<int64_t>(line.size());
  std::vector<v1::PublicationEvent> appended;
  appended.push_back(std::move(event));
  window_.Append(std::move(appended));
  return absl::OkStatus();
}

absl::Status DataDirStore::ReconcileEvents() {
  CatchUpEvents();
  // The whole log: the window in memory may not reach back far enough.
  std::map<PublicationKey, v1::PublicationEvent> last;
  for (v1::PublicationEvent& e : ReadAllEvents()) {
    last[{e.region().key(), FromProto(e.period())}] = std::move(e);
  }
  const std::shared_ptr<const Snapshot> snapshot = current_.load();
  for (const auto& [key, figures] : snapshot->publications()) {
    const auto it = last.find(key);
    if (it == last.end() ||
        it->second.kind() == v1::PublicationEvent::KIND_REMOVED) {
      TKP_RETURN_IF_ERROR(
          AppendEvent(v1::PublicationEvent::KIND_IMPORTED, *figures));
    } else if (it->second.sha256() != figures->source().sha256()) {
      TKP_RETURN_IF_ERROR(
          AppendEvent(v1::PublicationEvent::KIND_REPLACED, *figures));
    }
  }
  for (const auto& [key, event] : last) {
    if (event.kind() == v1::PublicationEvent::KIND_REMOVED ||
        snapshot->Find(key) != nullptr) {
      continue;
    }
    v1::RegionFigures gone;
    *gone.mutable_region() = event.region();
    *gone.mutable_period() = event.period();
    gone.mutable_source()->set_sha256(event.sha256());
    gone.mutable_source()->set_file_name(event.file_name());
    TKP_RETURN_IF_ERROR(AppendEvent(v1::PublicationEvent::KIND_REMOVED, gone));
  }
  return absl::OkStatus();
}

std::vector<v1::PublicationEvent> DataDirStore::ReadAllEvents() const {
  std::vector<v1::PublicationEvent> events;
  absl::StatusOr<std::string> content = ReadFile(events_path_);
  if (!content.ok()) return events;
  const size_t complete = content->rfind('\n');
  if (complete == std::string::npos) return events;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(*content).substr(0, complete), '\n')) {
    if (std::optional<v1::PublicationEvent> e = DecodeEvent(line)) {
      events.push_back(*std::move(e));
    }
  }
  return events;
}

std::vector<v1::PublicationEvent> DataDirStore::EventsAfter(int64_t sequence,
                                                            size_t max) const {
  if (std::optional<std::vector<v1::PublicationEvent>> recent =
          window_.After(sequence, max)) {
    return *std::move(recent);
  }
  // Older than the window: from the log on disk (rare; a watcher that was
  // away for thousands of imports).
  std::vector<v1::PublicationEvent> out;
  for (v1::PublicationEvent& e : ReadAllEvents()) {
    if (e.sequence() > sequence && out.size() < max) {
      out.push_back(std::move(e));
    }
  }
  return out;
}

}  // namespace tkp
