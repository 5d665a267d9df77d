#include "tests/fuzz/raw_document_from_bytes.h"

#include <string>
#include <vector>

namespace tkp::fuzz {
namespace {

std::vector<std::string> SplitOn(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    const size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

int SmallNumber(std::string_view text) {
  int value = 0;
  for (char c : text.substr(0, 6)) {
    if (c >= '0' && c <= '9') value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

plugin::RawDocument RawDocumentFromBytes(std::string_view bytes) {
  plugin::RawDocument doc;
  int number = 0;
  for (const std::string& line : SplitOn(bytes, '\n')) {
    ++number;
    if (line.empty()) continue;
    const std::string text = line.substr(1);
    switch (static_cast<unsigned char>(line[0]) % 8) {
      case 0:
        doc.region_names.push_back({text, number});
        break;
      case 1:
        doc.region_code = {text, number};
        break;
      case 2: {
        const std::vector<std::string> parts = SplitOn(text, ' ');
        doc.period_year = SmallNumber(parts[0]);
        doc.period_quarter = parts.size() > 1 ? SmallNumber(parts[1]) : 0;
        doc.period_line = number;
        break;
      }
      case 3:
      case 4: {
        std::vector<std::string> cells = SplitOn(text, '\t');
        plugin::RawRow row;
        row.kind = line[0] % 8 == 3 ? plugin::RawRow::Kind::kMunicipality
                                    : plugin::RawRow::Kind::kRegionTotal;
        row.line = number;
        row.name = cells.front();
        row.cells.assign(cells.begin() + 1, cells.end());
        doc.rows.push_back(std::move(row));
        break;
      }
      case 5:
        doc.register_size = {text, number};
        break;
      case 6:
        doc.stated_percent = {text, number};
        break;
      default:
        if (text.empty() || text[0] % 2 == 0) {
          doc.origin.part = text;
        } else {
          doc.origin.page_first_lines.push_back(number);
        }
        break;
    }
  }
  return doc;
}

}  // namespace tkp::fuzz
