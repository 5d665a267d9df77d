// Text helpers shared by the importer plugins: lines with numbers, white
// space as PDF extraction and office tools write it, Dutch quarter words,
// and telling a printed number from a name.

#ifndef TKP_PLUGINS_SDK_TEXT_H_
#define TKP_PLUGINS_SDK_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tkp::sdk {

// One line of a document without its line break, and its 1-based number.
struct Line {
  std::string_view text;
  int number = 0;
};

// Splits on LF, CRLF or a lone CR. A trailing line break adds no line.
std::vector<Line> SplitLines(std::string_view text);

// Removes leading and trailing white space, counting the no-break spaces
// (U+00A0, U+2007, U+202F) that PDF extraction leaves behind.
std::string_view Trim(std::string_view text);

// True when the line holds nothing but white space.
bool IsBlank(std::string_view text);

// Splits on runs of white space (including no-break spaces).
std::vector<std::string_view> SplitWords(std::string_view text);

// Splits on tabs, trimming each cell; trailing empty cells are kept.
std::vector<std::string> SplitTabs(std::string_view text);

// Joins words with single spaces: every run of white space becomes one.
std::string CollapseSpaces(std::string_view text);

// Whether the words of `part` stand, in order and next to each other, among
// the words of `whole` ("Noord-Holland" in "18 Noord-Holland Noord"):
// white space is any run of it.
bool IsWordRunOf(std::string_view part, std::string_view whole);

// Appends the next line of a cell that wrapped to what was read of it, a
// space between, except where the cell broke a hyphenated name after its
// hyphen ("Leidschendam-" above "Voorburg"): a hyphen after a letter, then
// a capital. "Noord- en Midden-Limburg" keeps its space.
void AppendWrapped(std::string* text, std::string_view next);

// True for a token printed like a count: digits, optionally grouped with
// '.' or ',' separators, optionally signed ("1.209", "-3"), beginning and
// ending with a digit ("6." ends a sentence). The one rule, the server's
// too: core/count_rule.h's LooksLikeCount. Whether it is a valid count is
// ReadCount's question (plugins/sdk/numbers.h), and the server's.
bool LooksLikeNumber(std::string_view token);

// True for a region's code as documents print it: UWV's number ("9") or
// the CBS code ("AM05", any case).
bool LooksLikeRegionCode(std::string_view token);

// A line read as "<name> <n1> <n2> ...": the name is every word before the
// trailing run of number tokens.
struct NameAndNumbers {
  std::string name;
  std::vector<std::string> numbers;
  // A region cell printed beside the row ("29 Zeeland"), where the table
  // has a region column (a layout-B table in a PDF); empty otherwise.
  std::string region;
};
NameAndNumbers SplitNameAndNumbers(std::string_view line);

// Case-insensitive ASCII prefix test.
bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix);

// Whether `word` occurs in `text`, ASCII case ignored.
bool ContainsIgnoreCase(std::string_view text, std::string_view word);

// The quarter (1-4) for a Dutch quarter word: "eerste", "tweede", "derde",
// "vierde" (any case), or the ordinals "1e" to "4e".
std::optional<int> QuarterFromWord(std::string_view word);

// A period as the publications print it: "Derde kwartaal 2023" for quarter
// 3 of 2023 (what FindPeriod reads). Quarter 1-4.
std::string PeriodPhrase(int year, int quarter);

// A period stated as "<quarter word> kwartaal <year>" anywhere in a line,
// and the text after it (in layout A, the region's name).
struct PeriodMention {
  int year = 0;
  int quarter = 0;
  std::string rest;
};
std::optional<PeriodMention> FindPeriod(std::string_view line);

// The first "2021Q3"-style period in `text` (a file name, a sheet name):
// four digits, 'Q' or 'q', a quarter 1-4, not inside a longer number.
struct YearQuarter {
  int year = 0;
  int quarter = 0;
};
std::optional<YearQuarter> FindPeriodCode(std::string_view text);

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_TEXT_H_
