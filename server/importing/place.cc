#include "server/importing/place.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace tkp {

std::string DescribeLine(const plugin::Origin& origin, int line) {
  const std::vector<int>& starts = origin.page_first_lines;
  // The last page that starts at or before `line`.
  const auto page = std::upper_bound(starts.begin(), starts.end(), line);
  if (page == starts.begin()) return absl::StrCat(origin.line_unit, " ", line);
  const int first = *(page - 1);
  return absl::StrCat("page ", page - starts.begin(), " ", origin.line_unit,
                      " ", line - first + 1);
}

std::string DescribePlace(absl::string_view file_name,
                          const plugin::Origin& origin, int line) {
  std::string place = absl::StrCat("file ", file_name);
  if (!origin.part.empty()) absl::StrAppend(&place, " ", origin.part);
  if (line > 0) absl::StrAppend(&place, " ", DescribeLine(origin, line));
  return place;
}

}  // namespace tkp
