#include "server/importing/glued_count.h"

#include <cstdint>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "core/count_rule.h"
#include "core/dutch_count.h"

namespace tkp {

bool TakeGluedCount(plugin::RawRow* row) {
  // Four counts and their total; the first one is missing.
  constexpr size_t kFound = 4;
  if (row->kind != plugin::RawRow::Kind::kMunicipality ||
      row->cells.size() != kFound) {
    return false;
  }
  const std::string& name = row->name;
  size_t start = name.size();
  while (start > 0 &&
         (absl::ascii_isdigit(static_cast<unsigned char>(name[start - 1])) ||
          name[start - 1] == '.')) {
    --start;
  }
  const std::string count = name.substr(start);
  // Right after a letter (a space would have made it a cell of its own).
  if (start == 0 || !LooksLikeCount(count) ||
      !absl::ascii_isalpha(static_cast<unsigned char>(name[start - 1]))) {
    return false;
  }
  const absl::StatusOr<int64_t> first = ParseDutchCount(count);
  if (!first.ok()) return false;
  int64_t sum = *first;
  for (size_t c = 0; c < kFound; ++c) {
    const absl::StatusOr<int64_t> value = ParseDutchCount(row->cells[c]);
    if (!value.ok()) return false;
    if (c + 1 < kFound) sum += *value;
    if (c + 1 == kFound && sum != *value) return false;
  }
  row->cells.insert(row->cells.begin(), count);
  row->name.erase(start);
  return true;
}

}  // namespace tkp
