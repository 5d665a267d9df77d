#include "plugins/csv/csv_fields.h"

#include <array>

namespace tkp::csv {
namespace {

// Lines looked at to find the separator: a table starts within them.
constexpr int kDetectLines = 100;
// A table row has seven columns; six fields make a line count as split.
constexpr int kFieldsOfARow = 6;

}  // namespace

char DetectSeparator(std::string_view text) {
  constexpr std::array<char, 3> kCandidates = {';', ',', '\t'};
  std::array<int, 3> split_lines{};
  std::array<int, 3> in_line{};
  bool quoted = false;
  int lines = 0;
  for (size_t i = 0; i <= text.size() && lines < kDetectLines; ++i) {
    const char c = i < text.size() ? text[i] : '\n';
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n') {
      for (size_t k = 0; k < kCandidates.size(); ++k) {
        if (in_line[k] + 1 >= kFieldsOfARow) ++split_lines[k];
        in_line[k] = 0;
      }
      ++lines;
      continue;
    }
    for (size_t k = 0; k < kCandidates.size(); ++k) {
      if (c == kCandidates[k]) ++in_line[k];
    }
  }
  size_t best = 0;
  for (size_t k = 1; k < kCandidates.size(); ++k) {
    if (split_lines[k] > split_lines[best]) best = k;
  }
  return kCandidates[best];
}

CsvTable ReadCsv(std::string_view text, char separator) {
  CsvTable table;
  table.separator = separator;
  int line = 1;
  size_t i = 0;
  while (i < text.size()) {
    CsvRecord record;
    record.line = line;
    std::string field;
    bool quoted = false;
    int quote_line = 0;
    bool record_done = false;
    while (i < text.size() && !record_done) {
      const char c = text[i];
      if (quoted) {
        if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          if (c == '\n') ++line;
          field += c;
        }
        ++i;
        continue;
      }
      if (c == '"' && field.empty()) {
        quoted = true;
        quote_line = line;
      } else if (c == separator) {
        record.fields.push_back(std::move(field));
        field.clear();
      } else if (c == '\r' || c == '\n') {
        // CRLF, LF or a lone CR ends the record.
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++line;
        record_done = true;
      } else {
        field += c;
      }
      ++i;
    }
    if (quoted) table.unterminated_quote_line = quote_line;
    record.fields.push_back(std::move(field));
    table.records.push_back(std::move(record));
    if (quoted) break;
  }
  return table;
}

}  // namespace tkp::csv
