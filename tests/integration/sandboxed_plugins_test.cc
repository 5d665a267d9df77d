// Plugins that misbehave, run the way the server runs every plugin: in
// confined tkp-import-workers, a new one for each document's parse. Against a
// real server process: each misdeed fails its own import with a clear error
// that says nothing was stored; the server answers throughout; afterwards no
// worker is left busy (CPU back to idle within a second), the server's memory
// is what it was, and nothing was read, written, connected or started.

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;

// The servers' plugins: hostile, slow and layout-a.
constexpr size_t kPlugins = 3;

// `parse_seconds`: the server's --parse-timeout-seconds. Each misdeed is
// met by its own defence long before a deadline no work comes near
// (kGenerousParseSeconds); only SandboxedDeadlineTest's is short.

template <const char* parse_seconds>
class SandboxedServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    plugins_ = testing::PluginDir({"hostile", "slow"}, {"layout_a"}).release();
    data_ = new testing::TempDir();
    server_ = new testing::ServerProcess(
        {"--data-dir", data_->path(), "--plugin-dir", plugins_->path(),
         "--parse-timeout-seconds", parse_seconds, "--worker-memory-mib", "512",
         "--metrics-listen", "127.0.0.1:0"});
  }
  static void TearDownTestSuite() {
    delete server_;
    delete data_;
    delete plugins_;
  }
  void SetUp() override {
    ASSERT_TRUE(server_->running()) << server_->log();
    resident_before_kib_ = testing::ResidentAfterOneImport(*server_);
    ASSERT_FALSE(HasFailure());
  }

  static ProcessResult Tkp(std::vector<std::string> args) {
    return testing::Tkp(*server_, std::move(args));
  }

  // Imports a document whose first line tells the hostile plugin what to do.
  ProcessResult Misbehave(const std::string& command,
                          const std::string& importer = "fixture-hostile") {
    testing::WriteFileOrDie(work_.File("doc.txt"), command + "\n");
    return Tkp({"import", "--importer", importer, work_.File("doc.txt")});
  }

  // The server serves, holds only the good publication, has no worker busy
  // (CPU idle) and its memory as before.
  void ExpectContained() {
    const ProcessResult listed = Tkp({"--format", "csv", "publications"});
    EXPECT_EQ(listed.exit_code, 0) << listed.err;
    EXPECT_EQ(std::count(listed.out.begin(), listed.out.end(), '\n'), 2)
        << listed.out;  // header and FoodValley
    testing::ExpectSettled(*server_, resident_before_kib_, 16 << 10, kPlugins);
  }

  static testing::TempDir* plugins_;
  static testing::TempDir* data_;
  static testing::ServerProcess* server_;
  testing::TempDir work_;
  int64_t resident_before_kib_ = 0;
};

template <const char* parse_seconds>
testing::TempDir* SandboxedServer<parse_seconds>::plugins_ = nullptr;
template <const char* parse_seconds>
testing::TempDir* SandboxedServer<parse_seconds>::data_ = nullptr;
template <const char* parse_seconds>
testing::ServerProcess* SandboxedServer<parse_seconds>::server_ = nullptr;

constexpr char kShortParseSeconds[] = "1";
using SandboxedPluginsTest = SandboxedServer<testing::kGenerousParseSeconds>;
using SandboxedDeadlineTest = SandboxedServer<kShortParseSeconds>;

TEST_F(SandboxedPluginsTest, ASegfaultFailsItsImportOnly) {
  const ProcessResult r = Misbehave("segfault");
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("importer fixture-hostile crashed (SIGSEGV) "
                               "reading doc.txt; nothing was stored"));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, AnAbortFailsItsImportOnly) {
  const ProcessResult r = Misbehave("abort");
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("importer fixture-hostile aborted (SIGABRT)"));
  ExpectContained();
}

TEST_F(SandboxedDeadlineTest, AnEndlessLoopIsStoppedAtTheDeadline) {
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = Misbehave("loop");
  EXPECT_EQ(r.exit_code, 64 + 4) << r.err;  // DEADLINE_EXCEEDED
  EXPECT_THAT(r.err,
              HasSubstr("importer fixture-hostile was stopped after 1s"));
  // Long before the loop would end by itself (never).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(25));
  ExpectContained();
}

TEST_F(SandboxedDeadlineTest, TheDeadlineIsForTheWholeDocument) {
  // 0.6 s to recognise it and 0.6 s to parse it: each within the 1 s
  // deadline, together not.
  testing::WriteFileOrDie(work_.File("doc.txt"), "slow-twice\n");
  const ProcessResult r = Tkp({"import", work_.File("doc.txt")});
  EXPECT_EQ(r.exit_code, 64 + 4) << r.err;  // DEADLINE_EXCEEDED
  EXPECT_THAT(r.err,
              HasSubstr("importer fixture-hostile was stopped after 1s"));
  ExpectContained();
}

TEST_F(SandboxedDeadlineTest, ASleeperIsStoppedAtTheDeadline) {
  const ProcessResult r = Misbehave("whatever", "fixture-slow");
  EXPECT_EQ(r.exit_code, 64 + 4) << r.err;
  EXPECT_THAT(r.err, HasSubstr("importer fixture-slow was stopped after 1s"));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, AllocatingPastTheLimitFailsItsImportOnly) {
  const ProcessResult r = Misbehave("alloc");
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // A sanitizer's shadow memory needs the address space, so its workers run
  // without the limit: the allocation is the worker's, never the server's.
  EXPECT_NE(r.exit_code, 0) << r.err;
#else
  EXPECT_EQ(r.exit_code, 64 + 8) << r.err;  // RESOURCE_EXHAUSTED
  EXPECT_THAT(r.err, HasSubstr("importer fixture-hostile went over its 512 "
                               "MiB memory limit"));
#endif
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, ASecretIsNotRead) {
  const ProcessResult r = Misbehave("read /etc/passwd");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, Not(HasSubstr("root:")));
  // Landlock answers "permission denied"; without it, the filter's
  // read-only opens would let this through, and the test says so.
  EXPECT_THAT(r.err, HasSubstr("open failed: Permission denied"));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, NoConnectionIsMade) {
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(
      ::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)),
      0);
  ASSERT_EQ(::listen(listener, 4), 0);
  socklen_t length = sizeof(address);
  ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
  const ProcessResult r =
      Misbehave(absl::StrCat("connect 127.0.0.1 ", ntohs(address.sin_port)));
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("importer fixture-hostile tried a forbidden "
                               "system call (socket)"));
  pollfd waiting = {listener, POLLIN, 0};
  EXPECT_EQ(::poll(&waiting, 1, 200), 0) << "a connection came in";
  ::close(listener);
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, NoProgramIsStarted) {
  const std::string marker = work_.File("started");
  const ProcessResult r =
      Misbehave(absl::StrCat("exec /usr/bin/touch ", marker));
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("tried a forbidden system call (execve)"));
  EXPECT_FALSE(std::filesystem::exists(marker));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, NoFileIsWritten) {
  const std::string target = work_.File("written");
  const ProcessResult r = Misbehave(absl::StrCat("write ", target));
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("tried a forbidden system call (openat)"));
  EXPECT_FALSE(std::filesystem::exists(target));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, NoProcessIsForked) {
  // glibc's fork, and the one clone the zygote itself may make.
  for (const char* command : {"fork", "clone-parent"}) {
    const ProcessResult r = Misbehave(command);
    EXPECT_EQ(r.exit_code, 64 + 3) << command << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("tried a forbidden system call (clone)"))
        << command;
    ExpectContained();
  }
}

TEST_F(SandboxedPluginsTest, TheServerIsNotSignalled) {
  const ProcessResult r = Misbehave("kill-parent");
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("tried a forbidden system call (kill)"));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, EachDocumentIsReadByAFreshWorker) {
  for (int i = 0; i < 3; ++i) {
    const ProcessResult r = Misbehave("count");
    EXPECT_THAT(r.err, HasSubstr("document number 1 (read as fixture-hostile)"))
        << "import " << i;
  }
}

// A parse is never a rater's: figures, names and notes come from a worker
// that has seen no other document, though its rater rated several.
TEST_F(SandboxedPluginsTest, AParseIsANewWorkersWhicheverRatedIt) {
  testing::WriteFileOrDie(work_.File("doc.txt"), "count\n");
  for (int i = 0; i < 3; ++i) {
    const ProcessResult r = Tkp({"import", work_.File("doc.txt")});
    EXPECT_THAT(r.err, HasSubstr("document number 1 (read as fixture-hostile)"))
        << "import " << i;
  }
}

// The hostile plugin's confidence for "seen": how many documents its
// worker rated.
int Seen(const ProcessResult& identified) {
  const std::string row = "fixture-hostile,";
  const size_t at = identified.out.find(row);
  return at == std::string::npos
             ? -1
             : std::atoi(identified.out.c_str() + at + row.size());
}

// Choosing an importer costs no fork: a worker that rated a document is
// kept to rate the next.
TEST_F(SandboxedPluginsTest, ARaterIsKeptForTheNextDocument) {
  testing::WriteFileOrDie(work_.File("doc.txt"), "seen\n");
  std::vector<int> seen;
  for (int i = 0; i < 3; ++i) {
    const ProcessResult r =
        Tkp({"--format", "csv", "identify", work_.File("doc.txt")});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    seen.push_back(Seen(r));
  }
  ASSERT_GE(seen[0], 1);
  EXPECT_EQ(seen[1], seen[0] + 1);
  EXPECT_EQ(seen[2], seen[0] + 2);
}

// A rater that fails having rated other documents is not believed: a new
// worker rates the document again, so what becomes of a document does not
// depend on the documents before it.
TEST_F(SandboxedPluginsTest, ARaterThatFailsAfterOthersIsNotBelieved) {
  testing::WriteFileOrDie(work_.File("seen.txt"), "seen\n");
  ASSERT_GE(Seen(Tkp({"--format", "csv", "identify", work_.File("seen.txt")})),
            1);
  testing::WriteFileOrDie(work_.File("doc.txt"), "fail-if-reused\n");
  const ProcessResult r = Tkp({"import", work_.File("doc.txt")});
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("rated by a worker that saw no other (read as "
                               "fixture-hostile)"));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, EachPluginHasAZygoteOfItsOwn) {
  // After the suite's first import, which every plugin was asked to rate:
  // one zygote per plugin, each loading that plugin alone.
  std::vector<std::string> plugins;
  for (const pid_t child : testing::ChildrenOf(server_->pid())) {
    std::ifstream file(absl::StrCat("/proc/", child, "/cmdline"));
    std::vector<std::string> args;
    for (std::string arg; std::getline(file, arg, '\0');) args.push_back(arg);
    // Its forks share its command line; it leads their process group.
    if (::getpgid(child) != child ||
        std::find(args.begin(), args.end(), "--zygote") == args.end()) {
      continue;
    }
    std::vector<std::string> loads;
    for (const std::string& arg : args) {
      if (arg.starts_with("--plugin=")) loads.push_back(arg);
    }
    ASSERT_EQ(loads.size(), 1u) << absl::StrJoin(args, " ");
    plugins.push_back(loads[0].substr(loads[0].rfind('-') + 1));
  }
  EXPECT_THAT(plugins, ::testing::UnorderedElementsAre("hostile.so", "slow.so",
                                                       "layout_a.so"));
}

TEST_F(SandboxedPluginsTest, AZygoteKilledFromOutsideIsReplaced) {
  // Whatever ends one (an operator, its CPU limit), the next import gets a
  // worker from a new one.
  int killed = 0;
  for (const pid_t child : testing::ChildrenOf(server_->pid())) {
    const ProcessResult command = testing::RunProcess(
        {"/bin/cat", absl::StrCat("/proc/", child, "/cmdline")});
    // Its forks share its command line; it leads their process group.
    if (command.out.find("--zygote") != std::string::npos &&
        ::getpgid(child) == child) {
      ::kill(child, SIGKILL);
      ++killed;
    }
  }
  ASSERT_EQ(killed, kPlugins) << "one zygote per plugin, after the suite's "
                                 "first import";
  const ProcessResult r =
      Tkp({"import", "--dry-run",
           testing::SamplePath(testing::kSampleFoodValleyA)});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, ACrashWhileRecognisingFailsItsImportOnly) {
  testing::WriteFileOrDie(work_.File("doc.txt"), "identify-segfault\n");
  const ProcessResult r = Tkp({"import", work_.File("doc.txt")});
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("importer fixture-hostile crashed (SIGSEGV) "
                               "while recognising it; nothing was stored"));
  ExpectContained();
}

// A plugin runs in a process with no other plugin: nothing it does there
// reaches another importer's code or memory.
TEST_F(SandboxedPluginsTest, APluginSharesItsProcessWithNoOther) {
  const ProcessResult r = Misbehave("neighbours");
  EXPECT_THAT(r.err, HasSubstr("loaded plugins: "));
  EXPECT_THAT(r.err, HasSubstr("hostile.so"));
  EXPECT_THAT(r.err, Not(HasSubstr("slow.so")));
  EXPECT_THAT(r.err, Not(HasSubstr("layout_a.so")));
  ExpectContained();
}

// A plugin that writes a rating for every importer on its socket is not
// believed for the others: its worker answers for its own importer only.
TEST_F(SandboxedPluginsTest, NoPluginRatesForAnother) {
  testing::WriteFileOrDie(work_.File("doc.txt"), "forge-ratings\n");
  const ProcessResult r = Tkp({"import", work_.File("doc.txt")});
  EXPECT_NE(r.exit_code, 0) << r.out;
  EXPECT_THAT(r.err, HasSubstr("the worker of importer fixture-hostile "
                               "answered the wrong question; nothing was "
                               "stored"));
  EXPECT_THAT(r.err, Not(HasSubstr("fixture-slow")));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, EveryWayAWorkerEndsIsCounted) {
  Misbehave("segfault");
  Misbehave("write /tmp/nowhere");
  const ProcessResult importers = Tkp({"importers"});
  EXPECT_EQ(importers.exit_code, 0) << importers.err;
  EXPECT_THAT(importers.out, HasSubstr("seccomp"));
  const ProcessResult metrics = testing::FetchMetrics(*server_);
  ASSERT_EQ(metrics.exit_code, 0) << metrics.err;
  EXPECT_THAT(metrics.out, HasSubstr("tkp_import_worker_exits_total{reason="
                                     "\"crash\"} "));
  EXPECT_THAT(metrics.out, Not(HasSubstr("tkp_import_worker_exits_total{"
                                         "reason=\"crash\"} 0\n")));
  EXPECT_THAT(metrics.out, Not(HasSubstr("tkp_import_worker_exits_total{"
                                         "reason=\"forbidden_syscall\"} 0\n")));
  EXPECT_THAT(metrics.out, Not(HasSubstr("tkp_import_worker_exits_total{"
                                         "reason=\"ok\"} 0\n")));
  EXPECT_THAT(metrics.out, HasSubstr("tkp_import_worker_seconds_count "));
}

TEST_F(SandboxedPluginsTest, NoSignalIsArrangedThroughADescriptor) {
  // With F_SETOWN, F_SETSIG and O_ASYNC on its stderr, one line written
  // would have the kernel send the server SIGKILL as it reads the pipe.
  for (const char* how : {"setown", "setsig", "async"}) {
    const ProcessResult r = Misbehave(absl::StrCat("fcntl ", how));
    EXPECT_EQ(r.exit_code, 64 + 3) << how << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr("tried a forbidden system call (fcntl)"))
        << how;
    ExpectContained();
  }
}

TEST_F(SandboxedPluginsTest, NoWorkerReachesAnotherThroughProc) {
  // Beside it wait the zygote and the workers the pool keeps ready, forked
  // from the same zygote as it was.
  ASSERT_TRUE(
      testing::AwaitChildren(server_->pid(), [](size_t n) { return n >= 2; }));
  const ProcessResult r = Misbehave("proc-fds");
  EXPECT_THAT(r.err, HasSubstr("opened 0 descriptors of other processes"));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, NoMemoryIsWritableAndExecutable) {
  for (const auto& [command, call] :
       {std::pair{"wx", "mmap"}, std::pair{"mprotect-exec", "mprotect"}}) {
    const ProcessResult r = Misbehave(command);
    EXPECT_EQ(r.exit_code, 64 + 3) << command << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(absl::StrCat("tried a forbidden system call (",
                                              call, ")")))
        << command;
    ExpectContained();
  }
}

TEST_F(SandboxedPluginsTest, AForkedWorkerMapsNoCode) {
  // A file it may read, mapped as code.
  const ProcessResult r = Misbehave("map-code /etc/ld.so.cache");
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("tried a forbidden system call (mmap)"));
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, AnAnswerTooLargeForAnyDocumentIsRefusedUnread) {
  // A million empty rows (a region has at most a thousand), a name of a
  // megabyte: refused from the answer's bytes, before a message is built,
  // so the server's memory stays as it was.
  for (const auto& [command, why] :
       {std::pair{"rows 1000000", "an answer of more than 50000 rows"},
        std::pair{"long-name 1048576",
                  "an answer with 1048576 bytes in one of its row names"}}) {
    const ProcessResult r = Misbehave(command);
    EXPECT_EQ(r.exit_code, 64 + 3) << command << ": " << r.err;
    EXPECT_THAT(r.err, HasSubstr(absl::StrCat(
                           "importer fixture-hostile gave an answer the "
                           "server refuses (",
                           why)))
        << command;
    ExpectContained();
  }
}

TEST_F(SandboxedPluginsTest, APluginsWordsReachTerminalAndLogEscaped) {
  const ProcessResult r = Misbehave("escapes");
  EXPECT_EQ(r.exit_code, 64 + 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("\\x1b]0;owned\\x07\\x1b[2J\\u202eevil\\x0dX"));
  for (const std::string& printed : {r.err, server_->log()}) {
    EXPECT_THAT(printed, Not(HasSubstr("\x1b")));
    EXPECT_THAT(printed, Not(HasSubstr("\u202e")));
    EXPECT_THAT(printed, Not(HasSubstr("\r")));
  }
  ExpectContained();
}

TEST_F(SandboxedPluginsTest, ItsLimitsCanBeReadNotChanged) {
  ProcessResult r = Misbehave("getrlimit");
  EXPECT_THAT(r.err, HasSubstr("getrlimit succeeded: at most 64 open files"));
  r = Misbehave("setrlimit");
  EXPECT_THAT(r.err, HasSubstr("tried a forbidden system call (prlimit64)"));
  ExpectContained();
}

}  // namespace
}  // namespace tkp
