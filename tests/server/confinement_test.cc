// The server's look at a forked worker from outside (/proc/PID/status),
// against real processes confined by hand.
#include "server/workers/confinement.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tkp {
namespace {

using ::testing::HasSubstr;

// A child that sets no new privileges (if asked) and stacks `filters`
// allow-everything filters, then waits to be killed.
class ConfinedChild {
 public:
  ConfinedChild(bool no_new_privs, int filters) {
    int ready[2];
    EXPECT_EQ(::pipe(ready), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(ready[0]);
      if (no_new_privs) ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
      struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
      struct sock_fprog program = {1, &allow};
      for (int i = 0; i < filters; ++i) {
        // Without no new privileges only root may install one.
        ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program);
      }
      ::close(ready[1]);
      for (;;) ::pause();
    }
    ::close(ready[1]);
    char byte;
    EXPECT_EQ(::read(ready[0], &byte, 1), 0);  // the child closed its end
    ::close(ready[0]);
  }
  ~ConfinedChild() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

TEST(ConfinementTest, ReadsWhatTheKernelSays) {
  const ConfinedChild child(true, 2);
  const absl::StatusOr<Confinement> seen = ReadConfinement(child.pid());
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_TRUE(seen->no_new_privs);
  EXPECT_EQ(seen->seccomp_mode, 2);
  EXPECT_EQ(seen->seccomp_filters, 2);
}

TEST(ConfinementTest, AWorkerWithTheFiltersItMustHavePasses) {
  const ConfinedChild child(true, 2);
  EXPECT_TRUE(CheckForkedWorker(child.pid(), 2).ok());
}

TEST(ConfinementTest, AWorkerWithoutItsOwnFilterIsRefused) {
  const ConfinedChild child(true, 1);
  const absl::Status checked = CheckForkedWorker(child.pid(), 2);
  EXPECT_TRUE(absl::IsFailedPrecondition(checked)) << checked;
  EXPECT_THAT(checked.message(), HasSubstr("seccomp mode 2 with 1 filter(s)"));
}

TEST(ConfinementTest, AWorkerThatMayGainPrivilegesIsRefused) {
  const ConfinedChild child(false, 0);
  const absl::Status checked = CheckForkedWorker(child.pid(), 0);
  EXPECT_TRUE(absl::IsFailedPrecondition(checked)) << checked;
  EXPECT_THAT(checked.message(), HasSubstr("no new privileges: no"));
}

TEST(ConfinementTest, AProcessThatIsGoneIsNotFound) {
  pid_t pid = 0;
  {
    const ConfinedChild child(true, 0);
    pid = child.pid();
  }
  EXPECT_TRUE(absl::IsNotFound(ReadConfinement(pid).status()));
}

TEST(ReadProcFileTest, ReadsALiveProcessAndNothingOfOneThatIsGone) {
  const std::optional<std::string> own = ReadProcFile(::getpid(), "status");
  ASSERT_TRUE(own.has_value());
  EXPECT_THAT(*own, HasSubstr("Seccomp:"));
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  // Gone and reaped: nothing to read, and no exception either (a file
  // stream would throw where the process exits between open and read).
  EXPECT_FALSE(ReadProcFile(child, "stat").has_value());
  EXPECT_EQ(ReadConfinement(child).status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace tkp
