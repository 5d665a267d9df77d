#include "client/output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "proto/export_csv.h"

namespace tkp::client {
namespace {

// Width on a terminal: code points, not bytes ("Súdwest-Fryslân").
size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(std::count_if(
      text.begin(), text.end(),
      [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsNumeric(const std::string& cell) {
  return !cell.empty() && std::all_of(cell.begin(), cell.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
           c == '%' || c == '-' || c == '+';
  });
}

}  // namespace

void PrintCsvRow(const std::vector<std::string>& row, std::ostream& out) {
  out << CsvLine(row);
}

void PrintTable(const Table& table, Format format, std::ostream& out) {
  if (format == Format::kCsv) {
    PrintCsvRow(table.header, out);
    for (const auto& row : table.rows) PrintCsvRow(row, out);
    return;
  }
  std::vector<size_t> widths(table.header.size(), 0);
  for (size_t c = 0; c < table.header.size(); ++c) {
    widths[c] = DisplayWidth(table.header[c]);
    for (const auto& row : table.rows) {
      if (c < row.size()) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto print_row = [&](const std::vector<std::string>& row, bool header) {
    std::string line;
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      const std::string pad(widths[c] - DisplayWidth(row[c]), ' ');
      if (c > 0) line += "  ";
      const bool right = !header && IsNumeric(row[c]);
      line += right ? pad + row[c] : row[c] + pad;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  print_row(table.header, true);
  for (const auto& row : table.rows) print_row(row, false);
}

void PrintRecord(const std::vector<std::pair<std::string, std::string>>& fields,
                 std::ostream& out) {
  size_t width = 0;
  for (const auto& [label, value] : fields) {
    width = std::max(width, DisplayWidth(label));
  }
  for (const auto& [label, value] : fields) {
    out << label << std::string(width - DisplayWidth(label) + 2, ' ') << value
        << "\n";
  }
}

void PrintJson(const google::protobuf::Message& message, std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options)
           .ok()) {
    json = "{}\n";
  }
  out << json;
  if (json.empty() || json.back() != '\n') out << "\n";
}

std::string Percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.1f%%", fraction * 100.0);
  return buffer;
}

}  // namespace tkp::client
