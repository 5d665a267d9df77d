// How a worker ended, from its wait status: the reason the callers and the
// metrics act on, and the words an operator reads after "importer pdf ".
#include "server/workers/worker_end.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>

#include "worker/protocol/exit_codes.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;

WorkerEnd Describe(int status, const std::string& stderr_tail = "") {
  return DescribeWorkerEnd(status, /*killed_at_deadline=*/false,
                           absl::Seconds(10), 1024, stderr_tail);
}

// The wait status of a real child that ends with `signal`.
int StatusOfChildKilledBy(int signal) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(signal, SIG_DFL);
    ::raise(signal);
    ::_exit(1);
  }
  int status = 0;
  EXPECT_EQ(::waitpid(pid, &status, 0), pid);
  return status;
}

TEST(WorkerEndTest, ASignalIsNamedAndSortedByWhatItMeans) {
  const WorkerEnd segv = Describe(StatusOfChildKilledBy(SIGSEGV));
  EXPECT_EQ(segv.reason, WorkerEndReason::kCrash);
  EXPECT_EQ(segv.words, "crashed (SIGSEGV)");
  EXPECT_EQ(Describe(StatusOfChildKilledBy(SIGABRT)).reason,
            WorkerEndReason::kAbort);
  EXPECT_EQ(Describe(StatusOfChildKilledBy(SIGXCPU)).reason,
            WorkerEndReason::kCpu);
  const WorkerEnd killed = Describe(StatusOfChildKilledBy(SIGKILL));
  EXPECT_EQ(killed.reason, WorkerEndReason::kCrash);
  EXPECT_THAT(killed.words, HasSubstr("out-of-memory killer"));
}

TEST(WorkerEndTest, ASignalTheWorkerRaisedOnItselfMeansTheSame) {
  // The worker's own handler exits with base + signal (exit_codes.h).
  const WorkerEnd end =
      Describe(W_EXITCODE(worker::kExitRaisedSignalBase + SIGSEGV, 0));
  EXPECT_EQ(end.reason, WorkerEndReason::kCrash);
  EXPECT_EQ(end.words, "crashed (SIGSEGV)");
  EXPECT_EQ(
      Describe(W_EXITCODE(worker::kExitRaisedSignalBase + SIGSYS, 0)).reason,
      WorkerEndReason::kForbiddenSyscall);
  // Past the last signal it is only a status.
  const WorkerEnd beyond = Describe(
      W_EXITCODE(worker::kExitRaisedSignalBase + worker::kMaxSignal + 1, 0));
  EXPECT_EQ(beyond.reason, WorkerEndReason::kExit);
  EXPECT_EQ(beyond.words, "exited with status 165");
}

TEST(WorkerEndTest, TheForbiddenCallIsNamedFromStderrAndOnlyAsAName) {
  const int status = W_EXITCODE(worker::kExitForbiddenSyscall, 0);
  const WorkerEnd named =
      Describe(status, std::string("noise\n") +
                           worker::kForbiddenSyscallPrefix + "socket\n");
  EXPECT_EQ(named.reason, WorkerEndReason::kForbiddenSyscall);
  EXPECT_EQ(named.words, "tried a forbidden system call (socket)");
  // What follows the name is the worker's to write: only the name is kept.
  EXPECT_EQ(Describe(status, std::string(worker::kForbiddenSyscallPrefix) +
                                 "ptrace\x1b[2J; rm -rf /")
                .words,
            "tried a forbidden system call (ptrace)");
  EXPECT_EQ(Describe(status, "nothing said").words,
            "tried a forbidden system call (unnamed)");
}

TEST(WorkerEndTest, ExitCodesAndTheDeadline) {
  EXPECT_EQ(Describe(W_EXITCODE(worker::kExitDone, 0)).reason,
            WorkerEndReason::kOk);
  const WorkerEnd memory = Describe(W_EXITCODE(worker::kExitOutOfMemory, 0));
  EXPECT_EQ(memory.reason, WorkerEndReason::kMemory);
  EXPECT_EQ(memory.words, "went over its 1024 MiB memory limit");
  EXPECT_EQ(Describe(W_EXITCODE(worker::kExitProtocol, 0)).reason,
            WorkerEndReason::kProtocol);
  EXPECT_EQ(Describe(W_EXITCODE(worker::kExitStartup, 0)).words,
            "could not start or confine itself");
  // Killed at its deadline, whatever the status then says.
  const WorkerEnd late = DescribeWorkerEnd(StatusOfChildKilledBy(SIGKILL),
                                           /*killed_at_deadline=*/true,
                                           absl::Seconds(10), 1024, "");
  EXPECT_EQ(late.reason, WorkerEndReason::kTimeout);
  EXPECT_THAT(late.words, HasSubstr("was stopped after 10s"));
  EXPECT_THAT(late.words, HasSubstr("--parse-timeout-seconds"));
}

TEST(WorkerEndTest, EveryReasonHasALabelOfItsOwn) {
  std::set<std::string> labels;
  for (const WorkerEndReason reason : kWorkerEndReasons) {
    const std::string label(WorkerEndLabel(reason));
    EXPECT_THAT(label, ::testing::MatchesRegex("[a-z_]+")) << label;
    labels.insert(label);
  }
  EXPECT_EQ(labels.size(), kWorkerEndReasons.size());
  EXPECT_EQ(WorkerEndLabel(WorkerEndReason::kForbiddenSyscall),
            "forbidden_syscall");
}

}  // namespace
}  // namespace tkp
