// The worker's confinement applied for real, each time in a death test's
// child process: what a plugin may not do ends the process the way the
// server reads it (worker/protocol/exit_codes.h), naming the call; what it
// may do still works.
#include "worker/sandbox.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>

#include "worker/landlock.h"
#include "worker/protocol/exit_codes.h"

namespace tkp {
namespace {

// A sanitizer's shadow memory needs the address space: no RLIMIT_AS there,
// as the server starts its workers (server/workers/).
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif

constexpr int kConfinementFailed = 77;

SandboxPolicy TestPolicy() {
  SandboxPolicy policy;
  policy.memory_bytes = kSanitized ? 0 : int64_t{512} << 20;
  policy.cpu_seconds = 30;
  policy.read_only_paths = DefaultReadOnlyPaths({});
  // gtest keeps the child's stderr in a file (RLIMIT_FSIZE bounds writes
  // to any file, not only the memory files a worker makes).
  policy.max_file_bytes = int64_t{1} << 20;
  return policy;
}

// In the death test's child: confined, or ended with a code no test
// expects, saying why.
void Confine(const SandboxPolicy& policy = TestPolicy()) {
  const absl::StatusOr<SandboxReport> report = ConfineProcess(policy);
  if (!report.ok()) {
    std::fprintf(stderr, "not confined: %s\n",
                 std::string(report.status().message()).c_str());
    std::_Exit(kConfinementFailed);
  }
}

std::string NamesCall(const std::string& name) {
  return std::string(worker::kForbiddenSyscallPrefix) + name + "\n";
}

// `call`, made by a confined process, ends it the way a forbidden call does,
// with stderr matching `named` (what the SIGSYS handler writes).
void ExpectForbidden(const std::function<void()>& call,
                     const std::string& named) {
  EXPECT_EXIT(
      {
        Confine();
        call();
        std::_Exit(0);
      },
      ::testing::ExitedWithCode(worker::kExitForbiddenSyscall), named)
      << "expected " << named;
}

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Death tests fork; "threadsafe" re-runs the test binary for each,
    // so no thread of gtest's is copied into the confined child.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
  }
};

TEST_F(SandboxTest, WhatAPluginNeedsStillWorks) {
  EXPECT_EXIT(
      {
        Confine();
        // Reading an allowed path, allocating, the time: a parser's life.
        const int fd = ::open("/etc/ld.so.cache", O_RDONLY | O_CLOEXEC);
        char byte = 0;
        const bool read_it = fd >= 0 && ::read(fd, &byte, 1) == 1;
        std::string text(1 << 20, 'x');
        std::_Exit(read_it && text.size() == (1 << 20) ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST_F(SandboxTest, ASocketEndsTheWorkerNamingTheCall) {
  ExpectForbidden([] { ::socket(AF_INET, SOCK_STREAM, 0); },
                  NamesCall("socket"));
}

TEST_F(SandboxTest, AskingTheKernelToSignalTheServerIsForbidden) {
  // fcntl(F_SETOWN) then O_ASYNC would have the kernel send the server a
  // signal when it reads the worker's stderr (issue 25).
  ExpectForbidden([] { ::fcntl(2, F_SETOWN, ::getppid()); },
                  NamesCall("fcntl"));
  ExpectForbidden([] { ::kill(::getppid(), SIGKILL); }, NamesCall("kill"));
}

TEST_F(SandboxTest, AnAbortEndsTheWorkerAsTheSignalWould) {
  EXPECT_EXIT(
      {
        Confine();
        std::abort();
      },
      ::testing::ExitedWithCode(worker::kExitRaisedSignalBase + SIGABRT), "");
}

TEST_F(SandboxTest, NothingIsOpenedForWriting) {
  ExpectForbidden(
      [] {
        ::open("/tmp/tkp-sandbox-test", O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
      },
      NamesCall("openat"));
}

TEST_F(SandboxTest, NoMemoryIsBothWritableAndExecutable) {
  ExpectForbidden(
      [] {
        ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
               MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      },
      NamesCall("mmap"));
}

TEST_F(SandboxTest, NoProcessOrThreadIsStarted) {
  ExpectForbidden([] { ::fork(); }, NamesCall("clone"));
  // glibc sets up a signal for cancelling threads first, which is as
  // forbidden as the clone that would follow.
  ExpectForbidden([] { std::thread([] {}).join(); },
                  worker::kForbiddenSyscallPrefix);
}

TEST_F(SandboxTest, LandlockKeepsFilesOutsideTheReadOnlyPathsUnread) {
  std::string why;
  if (LandlockAbi(&why) == 0) {
    GTEST_SKIP() << "the kernel offers no Landlock: " << why;
  }
  EXPECT_EXIT(
      {
        Confine();
        // /etc/passwd is readable by everyone, but not on the list.
        const int fd = ::open("/etc/passwd", O_RDONLY | O_CLOEXEC);
        std::_Exit(fd < 0 && errno == EACCES ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

#if !defined(__SANITIZE_ADDRESS__)
TEST_F(SandboxTest, AnAllocationPastTheMemoryLimitEndsWithItsOwnCode) {
  EXPECT_EXIT(
      {
        SandboxPolicy policy = TestPolicy();
        policy.memory_bytes = int64_t{256} << 20;
        Confine(policy);
        std::string huge(size_t{1} << 30, 'x');
        std::_Exit(huge.empty() ? 2 : 0);
      },
      ::testing::ExitedWithCode(worker::kExitOutOfMemory), "out of memory");
}
#endif

}  // namespace
}  // namespace tkp
