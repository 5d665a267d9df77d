#include "server/workers/zygote.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/workers/confinement.h"

namespace tkp {
namespace {

// The process group of `pid`, from /proc; 0 if it is gone.
pid_t GroupOf(pid_t pid) {
  const std::optional<std::string> stat = ReadProcFile(pid, "stat");
  if (!stat) return 0;
  // "pid (command) state ppid pgrp ...": the command may hold anything.
  const size_t end = stat->rfind(')');
  if (end == std::string::npos) return 0;
  std::istringstream fields(stat->substr(end + 1));
  std::string state;
  pid_t parent = 0;
  pid_t group = 0;
  fields >> state >> parent >> group;
  return group;
}

// The processes in `group` but its leader. A zygote's children stay in
// its group (its filter allows no setpgid), so before its first fork this
// is what its plugins started.
std::vector<pid_t> OthersInGroup(pid_t group) {
  std::vector<pid_t> others;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return others;
  while (const struct dirent* entry = ::readdir(proc)) {
    int pid = 0;
    if (!absl::SimpleAtoi(entry->d_name, &pid) || pid == group) continue;
    if (GroupOf(pid) == group) others.push_back(pid);
  }
  ::closedir(proc);
  return others;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Zygote>> Zygote::Adopt(
    std::unique_ptr<WorkerProcess> process) {
  const pid_t group = process->pid();
  const std::vector<pid_t> strays = OthersInGroup(group);
  if (strays.empty()) {
    absl::StatusOr<Confinement> confinement = ReadConfinement(group);
    if (!confinement.ok()) return confinement.status();
    return std::unique_ptr<Zygote>(new Zygote(
        std::move(process),
        confinement->seccomp_mode == 2 ? confinement->seccomp_filters : 0));
  }
  ::kill(-group, SIGKILL);
  // Forked in the server's name, they are the server's to wait for.
  for (const pid_t pid : strays) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  process->KillAndReap();
  return absl::FailedPreconditionError(absl::StrCat(
      "the import worker's plugins started ", strays.size(),
      " process(es) of their own as they loaded; the worker and they were "
      "stopped, and no plugin code may start processes (check the plugins "
      "in the server's --plugin-dir)"));
}

absl::StatusOr<std::unique_ptr<WorkerProcess>> Zygote::Fork(
    absl::Time deadline) {
  absl::StatusOr<std::unique_ptr<WorkerProcess>> child =
      WorkerProcess::ForkFrom(*process_, deadline);
  // Without a filter of its own (--no-seccomp) there is none to count.
  if (child.ok() && filters_ > 0) (*child)->ExpectFilters(filters_ + 1);
  return child;
}

Zygote::~Zygote() {
  process_->CloseInput();
  if (!process_->WaitFor(absl::Seconds(1))) process_->KillAndReap();
}

}  // namespace tkp
