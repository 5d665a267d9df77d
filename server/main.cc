// tkp-server: parses flags, starts the server, reloads its importer plugins
// on SIGHUP, and shuts it down gracefully on SIGTERM or SIGINT.

#include <csignal>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "server/server_flags.h"
#include "server/tkp_server.h"
#include "server/util/log.h"

int main(int argc, char** argv) {
  int exit_code = 0;
  const std::optional<tkp::ServerOptions> options =
      tkp::ParseServerFlags(argc, argv, &exit_code);
  if (!options) return exit_code;
  if (options->copy_into_database) {
    const absl::Status copied = tkp::CopyDataDirIntoDatabase(*options);
    if (!copied.ok()) {
      tkp::LogLine(absl::StrCat("cannot copy: ", copied.message()));
      return 1;
    }
    return 0;
  }

  // Block the signals in every thread; one thread waits for them.
  sigset_t handled_signals;
  sigemptyset(&handled_signals);
  sigaddset(&handled_signals, SIGTERM);
  sigaddset(&handled_signals, SIGINT);
  // SIGHUP reloads the importer plugins.
  sigaddset(&handled_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &handled_signals, nullptr);
  // Over a file-size limit (ulimit -f), a write then fails with EFBIG and
  // the import is refused like on a full disk, instead of the signal
  // killing the server.
  std::signal(SIGXFSZ, SIG_IGN);
  // Debian builds Abseil with its mutex deadlock detection on, which keeps
  // a lock graph for every absl::Mutex (gRPC's included) at a cost on each
  // call; Abseil's own release default is off.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  absl::StatusOr<std::unique_ptr<tkp::TkpServer>> server =
      tkp::TkpServer::Start(*options);
  if (!server.ok()) {
    tkp::LogLine(absl::StrCat("cannot start: ", server.status().message()));
    return 1;
  }

  std::thread signal_waiter([&] {
    int signal = 0;
    while (sigwait(&handled_signals, &signal) == 0 && signal == SIGHUP) {
      tkp::LogLine("SIGHUP: reloading importer plugins");
      (*server)->ReloadImporters();
    }
    tkp::LogLine(absl::StrCat("signal ", signal, ": shutting down"));
    (*server)->Shutdown(std::chrono::seconds(5));
  });
  (*server)->Wait();
  signal_waiter.join();
  tkp::LogLine("stopped");
  return 0;
}
