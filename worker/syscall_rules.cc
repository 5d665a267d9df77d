#include "worker/syscall_rules.h"

#include <fcntl.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>

#include <iterator>
#include <vector>

#include "worker/sandbox_policy.h"

namespace tkp {

// Calls allowed only with some arguments (libseccomp ORs the rules of one
// call). Each returns libseccomp's error, or 0.
// fcntl for descriptors' flags and duplicates only: no F_SETOWN, F_SETSIG,
// F_NOTIFY, F_SETLEASE or O_ASYNC, with which a worker could have the
// kernel signal any process (the server) on its behalf, and no locks.
int AllowFcntl(scmp_filter_ctx filter) {
  for (const scmp_datum_t command : {F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD,
                                     F_GETFL, F_GET_SEALS, F_ADD_SEALS}) {
    if (int rc = seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 1,
                                  SCMP_A1(SCMP_CMP_EQ, command));
        rc != 0) {
      return rc;
    }
  }
  return seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(fcntl), 2,
                          SCMP_A1(SCMP_CMP_EQ, F_SETFL),
                          SCMP_A2(SCMP_CMP_MASKED_EQ, O_ASYNC, 0));
}

// getrlimit (glibc asks with prlimit64): its own limits, read only.
int AllowReadingLimits(scmp_filter_ctx filter) {
  return seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 2,
                          SCMP_A0(SCMP_CMP_EQ, 0), SCMP_A2(SCMP_CMP_EQ, 0));
}

// Memory that is never writable and executable at once, executable only
// as a mapped file (the dynamic loader's libraries), and never anonymous
// and shared (which a zygote's children would all share). mprotect may not
// make anything executable, so code cannot be patched in place: a page is
// either writable or executable for good.
int AllowMemory(scmp_filter_ctx filter) {
  constexpr scmp_datum_t kKind = MAP_SHARED | MAP_PRIVATE | MAP_ANONYMOUS;
  constexpr scmp_datum_t kFileKinds[] = {MAP_PRIVATE, MAP_SHARED,
                                         MAP_SHARED_VALIDATE};
  for (const scmp_datum_t protection :
       {scmp_datum_t{0}, scmp_datum_t{PROT_WRITE}, scmp_datum_t{PROT_EXEC}}) {
    std::vector<scmp_datum_t> kinds(std::begin(kFileKinds),
                                    std::end(kFileKinds));
    if (protection != PROT_EXEC) kinds.push_back(MAP_PRIVATE | MAP_ANONYMOUS);
    for (const scmp_datum_t kind : kinds) {
      if (int rc = seccomp_rule_add(
              filter, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 2,
              SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_WRITE | PROT_EXEC, protection),
              SCMP_A3(SCMP_CMP_MASKED_EQ, kKind, kind));
          rc != 0) {
        return rc;
      }
    }
  }
  return seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
                          SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
}

// What a zygote needs beyond the allowlist, each call only as it uses it:
// forking in the server's name (so the server reaps the child, and the
// child dies with it), receiving a child's descriptors, and setting up
// the child: the parent-death signal SIGKILL (never another, never none),
// a further filter, its own Landlock layer.
int AllowZygoteCalls(scmp_filter_ctx filter, int own_domain_ruleset) {
  if (int rc = seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(clone), 1,
                                SCMP_A0(SCMP_CMP_EQ, kZygoteCloneFlags));
      rc != 0) {
    return rc;
  }
  if (int rc = seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(recvmsg), 0);
      rc != 0) {
    return rc;
  }
  if (int rc = seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 2,
                                SCMP_A0(SCMP_CMP_EQ, PR_SET_PDEATHSIG),
                                SCMP_A1(SCMP_CMP_EQ, SIGKILL));
      rc != 0) {
    return rc;
  }
  if (int rc = seccomp_rule_add(filter, SCMP_ACT_ALLOW, SCMP_SYS(prctl), 2,
                                SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP),
                                SCMP_A1(SCMP_CMP_EQ, SECCOMP_MODE_FILTER));
      rc != 0) {
    return rc;
  }
  if (own_domain_ruleset < 0) return 0;
  return seccomp_rule_add(
      filter, SCMP_ACT_ALLOW, SCMP_SYS(landlock_restrict_self), 2,
      SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(own_domain_ruleset)),
      SCMP_A1(SCMP_CMP_EQ, 0));
}

}  // namespace tkp
