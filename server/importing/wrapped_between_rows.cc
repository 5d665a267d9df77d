#include "server/importing/wrapped_between_rows.h"

#include <cstddef>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/types/span.h"
#include "server/importing/place.h"

namespace tkp {
namespace {

using plugin::RawRow;

struct Split {
  std::string first, second;
};

// Every way of moving words between the end of `first` and the beginning
// of `second` (at least one word, never all of a name).
std::vector<Split> Moves(const std::string& first, const std::string& second) {
  const std::vector<std::string> a =
      absl::StrSplit(first, ' ', absl::SkipEmpty());
  const std::vector<std::string> b =
      absl::StrSplit(second, ' ', absl::SkipEmpty());
  const auto join = [](const std::vector<std::string>& words, size_t from,
                       size_t to) {
    return absl::StrJoin(absl::MakeConstSpan(words).subspan(from, to - from),
                         " ");
  };
  std::vector<Split> moves;
  for (size_t k = 1; k < a.size(); ++k) {  // a's last words go down
    moves.push_back(
        {join(a, 0, a.size() - k),
         absl::StrCat(join(a, a.size() - k, a.size()), " ", second)});
  }
  for (size_t k = 1; k < b.size(); ++k) {  // b's first words go up
    moves.push_back(
        {absl::StrCat(first, " ", join(b, 0, k)), join(b, k, b.size())});
  }
  return moves;
}

}  // namespace

std::vector<std::string> MendNamesWrappedBetweenRows(
    const MunicipalityOfRegion& municipality_of, const plugin::Origin& origin,
    std::vector<RawRow>* rows) {
  std::vector<std::string> notes;
  for (size_t i = 0; i + 1 < rows->size(); ++i) {
    RawRow& upper = (*rows)[i];
    RawRow& lower = (*rows)[i + 1];
    if (upper.kind != RawRow::Kind::kMunicipality ||
        lower.kind != RawRow::Kind::kMunicipality ||
        municipality_of(upper.name) || municipality_of(lower.name)) {
      continue;
    }
    std::optional<Split> mended;
    int ways = 0;
    for (Split& move : Moves(upper.name, lower.name)) {
      const std::optional<std::string> a = municipality_of(move.first);
      const std::optional<std::string> b = municipality_of(move.second);
      if (a && b && *a != *b) {
        ++ways;
        mended = std::move(move);
      }
    }
    if (ways != 1) continue;
    notes.push_back(absl::StrCat(
        DescribeLine(origin, upper.line), " row \"", upper.name, "\" and ",
        DescribeLine(origin, lower.line), " row \"", lower.name,
        "\": read as \"", mended->first, "\" and \"", mended->second,
        "\", a name that wrapped over the two rows' lines; each row keeps "
        "the counts on its line"));
    upper.name = std::move(mended->first);
    lower.name = std::move(mended->second);
    ++i;  // the lower row is mended; it pairs with nothing else
  }
  return notes;
}

}  // namespace tkp
