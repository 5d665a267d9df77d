#include "plugins/sdk/stated_period.h"

#include <cctype>
#include <string>
#include <utility>

#include "plugins/sdk/text.h"

namespace tkp::sdk {
namespace {

using plugin::ParseOutcome;

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsQ(char c) { return c == 'Q' || c == 'q'; }

// "Q3 2024" and "Q3-2024" as the code "2024Q3" would be.
std::optional<YearQuarter> QuarterFirst(std::string_view text) {
  for (size_t i = 0; i + 7 <= text.size(); ++i) {
    if (!IsQ(text[i]) || text[i + 1] < '1' || text[i + 1] > '4') continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1])) != 0) {
      continue;
    }
    const char gap = text[i + 2];
    if (gap != ' ' && gap != '-' && gap != '/') continue;
    const std::string_view year = text.substr(i + 3, 4);
    bool digits = true;
    for (const char c : year) digits = digits && IsAsciiDigit(c);
    if (!digits || (i + 7 < text.size() && IsAsciiDigit(text[i + 7]))) {
      continue;
    }
    return YearQuarter{std::stoi(std::string(year)), text[i + 1] - '0'};
  }
  return std::nullopt;
}

// Where a period was stated, for messages and for period_line.
struct Statement {
  YearQuarter period;
  int line = 0;
  std::string where;  // "row 1 (\"...\")", "the sheet's name", ...
};

std::string Code(const YearQuarter& period) {
  return std::to_string(period.year) + "Q" + std::to_string(period.quarter);
}

bool Same(const YearQuarter& a, const YearQuarter& b) {
  return a.year == b.year && a.quarter == b.quarter;
}

std::optional<ParseOutcome> Disagree(const Statement& first,
                                     const Statement& second,
                                     const plugin::Origin& origin) {
  return ParseOutcome::Failure(
      second.line,
      second.where + " states " + Code(second.period) + " but " + first.where +
          " states " + Code(first.period) +
          "; one document holds one quarter: correct the one that is wrong",
      origin);
}

}  // namespace

std::optional<YearQuarter> FindStatedPeriod(std::string_view text) {
  // "2024-Q3", "2024 Q3" and "2024_Q3" are the code with a separator.
  std::string packed(text);
  for (size_t i = 4; i + 1 < packed.size(); ++i) {
    const char c = packed[i];
    if ((c == '-' || c == ' ' || c == '_') && IsAsciiDigit(packed[i - 1]) &&
        IsQ(packed[i + 1])) {
      packed.erase(i, 1);
    }
  }
  if (auto code = FindPeriodCode(packed)) return code;
  if (auto code = QuarterFirst(text)) return code;
  // Words end at punctuation too: "Derde kwartaal 2024." ends a sentence.
  std::string words(text);
  for (char& c : words) {
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')') {
      c = ' ';
    }
  }
  if (auto mention = FindPeriod(words)) {
    return YearQuarter{mention->year, mention->quarter};
  }
  return std::nullopt;
}

std::optional<ParseOutcome> TakeStatedPeriod(
    std::vector<plugin::RawDocument>* documents, std::string_view part_name,
    std::string_view file_name, const plugin::Origin& origin) {
  std::optional<Statement> stated;
  // Takes a statement in `text`; a disagreement with an earlier one is
  // reported at whichever of the two has a line.
  const auto consider = [&](std::string_view text, int line,
                            std::string where) -> std::optional<ParseOutcome> {
    const std::optional<YearQuarter> period = FindStatedPeriod(text);
    if (!period) return std::nullopt;
    Statement here{*period, line, std::move(where)};
    if (!stated) {
      stated = std::move(here);
    } else if (!Same(stated->period, here.period)) {
      return here.line != 0 ? Disagree(*stated, here, origin)
                            : Disagree(here, *stated, origin);
    }
    return std::nullopt;
  };
  const std::string unit = origin.line_unit.empty() ? "line" : origin.line_unit;
  for (const plugin::RawDocument& document : *documents) {
    for (const plugin::Located& line : document.unread) {
      if (auto refused = consider(line.text, line.line,
                                  unit + " " + std::to_string(line.line) +
                                      " (\"" + line.text + "\")")) {
        return refused;
      }
    }
  }
  if (auto refused =
          consider(part_name, 0,
                   "the name of " + (origin.part.empty() ? std::string("part")
                                                         : origin.part))) {
    return refused;
  }
  if (auto refused = consider(
          file_name, 0, "the file name \"" + std::string(file_name) + "\"")) {
    return refused;
  }
  if (!stated) return std::nullopt;
  for (plugin::RawDocument& document : *documents) {
    if (document.period_year != 0 || document.period_quarter != 0) continue;
    document.period_year = stated->period.year;
    document.period_quarter = stated->period.quarter;
    document.period_line = stated->line;
  }
  return std::nullopt;
}

}  // namespace tkp::sdk
