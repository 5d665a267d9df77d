// Output formats of the tkp CLI: an aligned table for a terminal, CSV with a
// header row, and the response message as proto3 JSON.

#ifndef TKP_CLIENT_OUTPUT_H_
#define TKP_CLIENT_OUTPUT_H_

#include <google/protobuf/message.h>

#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace tkp::client {

enum class Format { kTable, kJson, kCsv };

// Rows of cells under a header; the same data prints as a table or CSV.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

// As aligned columns (numbers right-aligned) or as CSV (RFC 4180 quoting).
void PrintTable(const Table& table, Format format, std::ostream& out);

// One CSV row (RFC 4180 quoting, CRLF), for output that streams.
void PrintCsvRow(const std::vector<std::string>& row, std::ostream& out);

// Label-value pairs, one per line, labels aligned: one record for a
// terminal.
void PrintRecord(const std::vector<std::pair<std::string, std::string>>& fields,
                 std::ostream& out);

// Proto3 JSON: lowerCamelCase names, zero values included, indented.
void PrintJson(const google::protobuf::Message& message, std::ostream& out);

// 0.74053 -> "74.1%".
std::string Percent(double fraction);

}  // namespace tkp::client

#endif  // TKP_CLIENT_OUTPUT_H_
