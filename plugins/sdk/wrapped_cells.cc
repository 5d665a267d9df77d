#include "plugins/sdk/wrapped_cells.h"

#include <algorithm>
#include <vector>

#include "plugins/sdk/text_columns.h"

namespace tkp::sdk {
namespace {

// The words a wrapped name cell leaves below its row at most ("aan den
// IJssel"): a longer line is prose, not the rest of a name.
constexpr size_t kMaxWrappedWords = 3;

}  // namespace

bool IsWrappedPart(std::string_view rest) {
  if (rest.empty() || SplitWords(rest).size() > kMaxWrappedWords) return false;
  return !HasDigit(rest);
}

bool IsRegionCellPart(std::string_view text) {
  const std::vector<std::string_view> words = SplitWords(text);
  for (size_t w = 0; w < words.size(); ++w) {
    if (HasDigit(words[w]) && !(w == 0 && LooksLikeRegionCode(words[w]))) {
      return false;
    }
  }
  return true;
}

bool ContinuesName(const Line& row_line, const std::string& printed,
                   int table_column, const Line& line) {
  const std::string_view rest = Trim(line.text);
  if (!IsWrappedPart(rest)) return false;
  const std::vector<std::string_view> words = SplitWords(printed);
  const std::string_view first_word =
      words.empty() ? std::string_view() : words.front();
  const int rest_column = ColumnOf(line.text, rest);
  const auto near = [&](int column) {
    return column > 0 && rest_column >= column - 1 && rest_column <= column + 1;
  };
  return near(ColumnOf(row_line.text, first_word)) || near(table_column);
}

std::optional<CellAndName> SplitCellAndName(const Line& row_line,
                                            const std::string& printed,
                                            int table_column,
                                            const Line& line) {
  const std::vector<std::string_view> name_words = SplitWords(printed);
  if (name_words.empty()) return std::nullopt;
  const int name_column = ColumnOf(row_line.text, name_words.front());
  const auto near = [](int column, int at) {
    return at > 0 && column >= at - 1 && column <= at + 1;
  };
  const std::string_view text = line.text;
  const std::vector<std::string_view> words = SplitWords(text);
  for (size_t w = 1; w < words.size(); ++w) {
    const size_t at = static_cast<size_t>(words[w].data() - text.data());
    const int column = CharactersIn(text.substr(0, at));
    // A column's gap before the name's part, or a single space where it
    // begins right below the row's name (a crowded line).
    const bool gap = at >= 2 && text.substr(at - 2, 2) == "  ";
    if (!(near(column, name_column) || (gap && near(column, table_column)))) {
      continue;
    }
    const CellAndName parts{
        Trim(text.substr(0, at)),
        Trim(text.substr(at)),
    };
    if (IsWrappedPart(parts.cell) && IsWrappedPart(parts.name)) return parts;
    return std::nullopt;
  }
  return std::nullopt;
}

bool IsCodedCell(std::string_view text) {
  const std::string_view rest = Trim(text);
  const std::vector<std::string_view> cell = SplitWords(rest);
  return cell.size() >= 2 && LooksLikeRegionCode(cell.front()) &&
         IsWrappedPart(rest.substr(cell[1].data() - rest.data()));
}

bool ContinuesRegionCell(const Line& row_line, const std::string& name,
                         int table_column, const Line& line,
                         bool code_allowed) {
  const std::string_view rest = Trim(line.text);
  // "3 Drenthe": a whole cell, its code first, where one may begin.
  const bool coded = code_allowed && IsCodedCell(rest);
  if (!coded && !IsWrappedPart(rest)) return false;
  const std::vector<std::string_view> words = SplitWords(name);
  const int name_column =
      words.empty() ? -1 : ColumnOf(row_line.text, words.front());
  const int rest_column = ColumnOf(line.text, rest);
  const int rest_end = rest_column + CharactersIn(rest);
  // A full cell may end right where the row's name begins, or where the
  // names' column does when a full cell beside it pushed the row's name
  // left ("14 Gooi Blaricum" above "Vechtstre"); what begins at the name's
  // column (give or take one) is the name's, wrapped ("Wouden-ber" above
  // "g").
  return name_column > 0 && rest_end <= std::max(name_column, table_column) &&
         rest_column + 1 < name_column;
}

bool BeginsNameAbove(const Line& above, const Line& row_line,
                     const std::string& name) {
  const std::string_view text = Trim(above.text);
  if (text.size() < 2 || text.back() != '-' || !IsWrappedPart(text)) {
    return false;
  }
  const std::vector<std::string_view> words = SplitWords(name);
  if (words.empty()) return false;
  const int name_column = ColumnOf(row_line.text, words.front());
  const int column = ColumnOf(above.text, text);
  return name_column >= 0 && column >= name_column - 1 &&
         column <= name_column + 1;
}

bool RepeatsCellText(std::string_view part, std::string_view cell) {
  if (IsWordRunOf(part, cell)) return true;
  std::string pieces;
  for (const char c : cell) {
    pieces += c;
    if (c == '-') pieces += ' ';
  }
  return IsWordRunOf(part, pieces);
}

void RegionCellText::Add(std::string_view part, bool may_be_print_again) {
  const std::string text = CollapseSpaces(part);
  if (text.empty()) return;
  const std::vector<std::string_view> words = SplitWords(text);
  const bool printed_before = std::any_of(printed_.begin(), printed_.end(),
                                          [&](const std::string& line) {
                                            return RepeatsCellText(text, line);
                                          }) ||
                              RepeatsCellText(text, text_);
  printing_again_ =
      !text_.empty() &&
      (LooksLikeRegionCode(words.front()) ||
       ((printing_again_ || may_be_print_again) && printed_before));
  if (!printing_again_) AppendWrapped(&text_, text);
  printed_.push_back(text);
}

}  // namespace tkp::sdk
