// tkp-import-worker: reads one document with the importer plugins, confined
// (worker/sandbox.h), for tkp-server, which starts it. Not a command for
// people: it speaks worker/protocol/worker.proto on stdin and stdout. With
// --zygote it forks a child per document instead (worker/zygote.h).

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "worker/import_worker.h"
#include "worker/protocol/exit_codes.h"
#include "worker/protocol/framing.h"
#include "worker/sandbox.h"
#include "worker/zygote.h"

namespace {

[[noreturn]] void Fail(const std::string& message, int code) {
  std::fprintf(stderr, "tkp-import-worker: %s\n", message.c_str());
  std::fflush(stderr);
  ::_exit(code);
}

int Run(int argc, char** argv) {
  CLI::App app(
      "tkp-import-worker: reads one document with tkp's importer plugins in "
      "a confined process. tkp-server starts it; it speaks the worker "
      "protocol on stdin and stdout.",
      "tkp-import-worker");
  std::vector<std::string> plugins;
  std::vector<std::string> read_only;
  tkp::SandboxPolicy policy;
  int memory_mib = 1024;
  int max_document_mib = 8;
  int parent = 0;
  bool no_seccomp = false;
  bool bind_now = false;
  bool zygote = false;
  app.add_option("--plugin", plugins, "a plugin library to load (repeatable)");
  app.add_option("--read-only", read_only,
                 "a further path it may read (the plugins' directory)");
  app.add_option("--memory-mib", memory_mib,
                 "address-space limit in MiB; 0: none")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--max-document-mib", max_document_mib,
                 "the largest document the server sends; also the largest "
                 "file in memory it may write")
      ->check(CLI::PositiveNumber);
  app.add_option("--cpu-seconds", policy.cpu_seconds, "CPU-time limit")
      ->check(CLI::PositiveNumber);
  app.add_option("--parent", parent,
                 "the server's pid: the worker ends if it is gone");
  app.add_flag("--bind-now", bind_now,
               "resolve every symbol of the plugins as they load, so one "
               "missing fails the load (a reload's probe)");
  app.add_flag("--zygote", zygote,
               "load the plugins once, then fork a child for each document "
               "on request (needs --parent)");
  app.add_flag("--no-seccomp", no_seccomp,
               "no system-call filter (for diagnosing a plugin only)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : tkp::worker::kExitStartup;
  }
  if (zygote && parent == 0) {
    Fail("--zygote needs --parent", tkp::worker::kExitStartup);
  }

  // The server's death ends the worker; if it died before this line, the
  // worker already has another parent.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (parent != 0 && ::getppid() != parent) return tkp::worker::kExitStartup;

  // The protocol moves off stdin and stdout, so a plugin that prints or
  // reads there cannot disturb it: its output goes to stderr (which the
  // server logs), its input is empty.
  int in = ::fcntl(0, F_DUPFD_CLOEXEC, 3);
  int out = ::fcntl(1, F_DUPFD_CLOEXEC, 3);
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (in < 0 || out < 0 || null < 0 || ::dup2(null, 0) < 0 ||
      ::dup2(2, 1) < 0) {
    Fail("cannot set up its descriptors", tkp::worker::kExitStartup);
  }
  ::close(null);

  policy.memory_bytes = int64_t{memory_mib} << 20;
  policy.max_file_bytes = int64_t{max_document_mib} << 20;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  policy.memory_bytes = 0;  // shadow memory needs the address space
#endif
  policy.seccomp = !no_seccomp;
  policy.zygote = zygote;
  policy.read_only_paths = tkp::DefaultReadOnlyPaths(read_only);
  // A zygote looks at its own mappings once its plugins are in; /proc is
  // closed to it from the next line on.
  const int smaps =
      zygote ? ::open("/proc/self/smaps", O_RDONLY | O_CLOEXEC) : -1;
  if (zygote && smaps < 0) {
    Fail("cannot open /proc/self/smaps", tkp::worker::kExitStartup);
  }
  absl::StatusOr<tkp::SandboxReport> sandbox = tkp::ConfineProcess(policy);
  if (!sandbox.ok()) {
    Fail(std::string(sandbox.status().message()), tkp::worker::kExitStartup);
  }

  // From here on plugin code runs: their libraries' initialisers first.
  tkp::ImportWorker worker(
      plugins, bind_now ? tkp::Binding::kNow : tkp::Binding::kLazy, *sandbox);
  if (zygote) {
    for (const absl::Status& s :
         {tkp::CheckNothingShared(smaps), tkp::CheckNoFilesInMemory()}) {
      if (!s.ok()) Fail(std::string(s.message()), tkp::worker::kExitStartup);
    }
  }
  if (!tkp::worker::WriteFrame(out, worker.hello()).ok()) {
    ::_exit(tkp::worker::kExitProtocol);
  }
  if (zygote) {
    const absl::StatusOr<std::optional<int>> child =
        tkp::ServeForks(in, out, parent);
    if (!child.ok()) {
      Fail(std::string(child.status().message()), tkp::worker::kExitProtocol);
    }
    if (!child->has_value()) ::_exit(tkp::worker::kExitDone);
    // A child: the same exchange as a worker of its own, on its socket.
    in = out = **child;
    if (!tkp::worker::WriteFrame(out, worker.hello()).ok()) {
      ::_exit(tkp::worker::kExitProtocol);
    }
  }
  const absl::Status served =
      worker.Serve(in, out, static_cast<size_t>(max_document_mib) << 20);
  if (!served.ok())
    Fail(std::string(served.message()), tkp::worker::kExitProtocol);
  // Nothing of the plugins' needs to run at exit: no destructors, no
  // unloading.
  ::_exit(tkp::worker::kExitDone);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    // A plugin's entry points are noexcept (plugins/api/importer.h), so
    // what escapes is the worker's own: its flags' parser, or an
    // allocation while it set itself up.
    Fail(e.what(), tkp::worker::kExitStartup);
  }
}
