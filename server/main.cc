// tkp-server: parses flags, starts the server, and shuts it down gracefully
// on SIGTERM or SIGINT.

#include <csignal>
#include <thread>

#include "absl/strings/str_cat.h"
#include "server/log.h"
#include "server/server_flags.h"
#include "server/tkp_server.h"

int main(int argc, char** argv) {
  int exit_code = 0;
  const std::optional<tkp::ServerOptions> options =
      tkp::ParseServerFlags(argc, argv, &exit_code);
  if (!options) return exit_code;

  // Block the stop signals in every thread; one thread waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  absl::StatusOr<std::unique_ptr<tkp::TkpServer>> server =
      tkp::TkpServer::Start(*options);
  if (!server.ok()) {
    tkp::LogLine(absl::StrCat("cannot start: ", server.status().message()));
    return 1;
  }

  std::thread signal_waiter([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    tkp::LogLine(absl::StrCat("signal ", signal, ": shutting down"));
    (*server)->Shutdown(std::chrono::seconds(5));
  });
  (*server)->Wait();
  signal_waiter.join();
  tkp::LogLine("stopped");
  return 0;
}
