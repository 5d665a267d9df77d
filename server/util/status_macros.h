// Early-return helpers for absl::Status, which Abseil 20220623 lacks.

#ifndef TKP_SERVER_UTIL_STATUS_MACROS_H_
#define TKP_SERVER_UTIL_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define TKP_STATUS_CONCAT_INNER_(a, b) a##b
#define TKP_STATUS_CONCAT_(a, b) TKP_STATUS_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function unless it is OK.
#define TKP_RETURN_IF_ERROR(expr)              \
  do {                                         \
    ::absl::Status tkp_status_ = (expr);       \
    if (!tkp_status_.ok()) return tkp_status_; \
  } while (false)

// `TKP_ASSIGN_OR_RETURN(auto x, F());` declares x from F()'s value, or
// returns F()'s status from the enclosing function. `lhs` is a declaration,
// so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define TKP_ASSIGN_OR_RETURN(lhs, expr)                                        \
  TKP_ASSIGN_OR_RETURN_IMPL_(TKP_STATUS_CONCAT_(tkp_statusor_, __LINE__), lhs, \
                             expr)
#define TKP_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                               \
  if (!statusor.ok()) return statusor.status();         \
  lhs = std::move(statusor).value()
// NOLINTEND(bugprone-macro-parentheses)

#endif  // TKP_SERVER_UTIL_STATUS_MACROS_H_
