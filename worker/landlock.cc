#include "worker/landlock.h"

#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"

// The kernel's values for what Debian 12's headers (6.1) lack, part of its
// stable interface: ABI 3's right, and ABI 6's scopes.
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0)
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1)
#endif

namespace tkp {
namespace {

// struct landlock_ruleset_attr as of ABI 6. The kernel takes a larger
// struct than it knows as long as the fields it does not know are zero.
struct RulesetAttr {
  uint64_t handled_access_fs = 0;
  uint64_t handled_access_net = 0;
  uint64_t scoped = 0;
};

constexpr uint64_t kWriteAccess =
    LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR |
    LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR |
    LANDLOCK_ACCESS_FS_MAKE_DIR | LANDLOCK_ACCESS_FS_MAKE_REG |
    LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO |
    LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;

// Every write right the kernel's ABI knows.
uint64_t WriteAccess(int abi) {
  uint64_t access = kWriteAccess;
  if (abi >= 2) access |= LANDLOCK_ACCESS_FS_REFER;
  if (abi >= 3) access |= LANDLOCK_ACCESS_FS_TRUNCATE;
  return access;
}

absl::StatusOr<int> CreateRuleset(int abi, uint64_t handled_access_fs) {
  RulesetAttr attr;
  attr.handled_access_fs = handled_access_fs;
  if (LandlockScopes(abi)) {
    attr.scoped = LANDLOCK_SCOPE_SIGNAL | LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET;
  }
  const int ruleset = static_cast<int>(::syscall(
      SYS_landlock_create_ruleset, &attr,
      LandlockScopes(abi) ? sizeof(attr) : sizeof(attr.handled_access_fs), 0));
  if (ruleset < 0) {
    return absl::InternalError(
        absl::StrCat("landlock_create_ruleset: ", std::strerror(errno)));
  }
  return ruleset;
}

}  // namespace

int LandlockAbi(std::string* why) {
  const long abi = ::syscall(SYS_landlock_create_ruleset, nullptr, 0,
                             LANDLOCK_CREATE_RULESET_VERSION);
  if (abi < 0) *why = std::strerror(errno);
  return abi < 0 ? 0 : static_cast<int>(abi);
}

bool LandlockScopes(int abi) { return abi >= 6; }

absl::Status RestrictFiles(int abi, const std::vector<std::string>& paths) {
  // Every right is handled (denied) unless a rule allows it.
  absl::StatusOr<int> ruleset = CreateRuleset(
      abi, WriteAccess(abi) | LANDLOCK_ACCESS_FS_EXECUTE |
               LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR);
  if (!ruleset.ok()) return ruleset.status();
  for (const std::string& path : paths) {
    const int fd = ::open(path.c_str(), O_PATH | O_CLOEXEC);
    if (fd < 0) continue;  // gone since the list was made: nothing to allow
    struct stat info {};
    ::fstat(fd, &info);
    struct landlock_path_beneath_attr rule = {};
    rule.allowed_access = LANDLOCK_ACCESS_FS_READ_FILE;
    if (S_ISDIR(info.st_mode)) {
      rule.allowed_access |= LANDLOCK_ACCESS_FS_READ_DIR;
    }
    rule.parent_fd = fd;
    const long added = ::syscall(SYS_landlock_add_rule, *ruleset,
                                 LANDLOCK_RULE_PATH_BENEATH, &rule, 0);
    const int error = errno;
    ::close(fd);
    if (added != 0) {
      ::close(*ruleset);
      return absl::InternalError(absl::StrCat("landlock_add_rule(", path,
                                              "): ", std::strerror(error)));
    }
  }
  absl::Status applied = ApplyRuleset(*ruleset);
  ::close(*ruleset);
  return applied;
}

absl::StatusOr<int> OwnDomainRuleset(int abi) {
  // Handles only writing, which the first layer denies already: a new
  // domain, and nothing less to read.
  return CreateRuleset(abi, WriteAccess(abi));
}

absl::Status ApplyRuleset(int ruleset) {
  if (::syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) {
    return absl::InternalError(
        absl::StrCat("landlock_restrict_self: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

}  // namespace tkp
