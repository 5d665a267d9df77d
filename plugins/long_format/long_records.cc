#include "plugins/long_format/long_records.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "plugins/csv/csv_fields.h"
#include "plugins/sdk/spreadsheet.h"
#include "plugins/sdk/text.h"

namespace tkp::long_format {
namespace {

using Json = nlohmann::json;

// The header row is one of the first records (a title may stand above it).
constexpr size_t kHeaderSearch = 20;
// What Identify reads of a file.
constexpr size_t kIdentifyBytes = size_t{64} * 1024;
// A record of tkp's export nests one level ("counts", "period").
constexpr int kMaxJsonDepth = 2;
// A JSON line longer than this is not one municipality's row.
constexpr size_t kMaxJsonLine = size_t{64} * 1024;

LongFile Refused(int line, std::string why) {
  LongFile file;
  file.error = std::move(why);
  file.error_line = line;
  return file;
}

std::string Quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// "F" for the sixth field, as a spreadsheet shows the column.
std::string Letters(size_t field) {
  std::string name = sdk::CellName(1, static_cast<int>(field));
  name.pop_back();
  return name;
}

// ---------------------------------------------------------------------------
// CSV.

struct Header {
  int line = 0;
  std::vector<Column> columns;  // per field
  std::vector<std::string> names;
};

std::vector<std::string> TrimmedFields(const csv::CsvRecord& record) {
  std::vector<std::string> fields;
  fields.reserve(record.fields.size());
  for (const std::string& field : record.fields) {
    fields.emplace_back(sdk::Trim(field));
  }
  return fields;
}

std::string JoinNonEmpty(const std::vector<std::string>& fields) {
  std::string text;
  for (const std::string& field : fields) {
    if (field.empty()) continue;
    if (!text.empty()) text += ' ';
    text += field;
  }
  return text;
}

size_t NonEmpty(const std::vector<std::string>& fields) {
  return static_cast<size_t>(
      std::count_if(fields.begin(), fields.end(),
                    [](const std::string& f) { return !f.empty(); }));
}

// The first of the first records whose fields name a long-format table
// (nothing missing), if any.
std::optional<size_t> FindHeader(const csv::CsvTable& table) {
  for (size_t r = 0; r < table.records.size() && r < kHeaderSearch; ++r) {
    std::vector<Column> columns;
    for (const std::string& field : TrimmedFields(table.records[r])) {
      columns.push_back(ClassifyHeader(field));
    }
    if (MissingColumns(columns).empty()) return r;
  }
  return std::nullopt;
}

// The header's columns, or why they cannot be read: a column named twice,
// a named column tkp does not read.
LongFile CheckHeader(const Header& header) {
  for (size_t c = 0; c < header.columns.size(); ++c) {
    const Column column = header.columns[c];
    if (column == Column::kUnknown || column == Column::kSource) continue;
    for (size_t d = 0; d < c; ++d) {
      if (header.columns[d] != column) continue;
      return Refused(header.line, "columns " + Letters(d) + " (" +
                                      Quoted(header.names[d]) + ") and " +
                                      Letters(c) + " (" +
                                      Quoted(header.names[c]) + ") both hold " +
                                      ColumnWords(column) + "; keep one");
    }
  }
  return {};
}

// A value under a header tkp does not read: refused, since it may be a
// figure.
LongFile UnreadColumn(const Header& header, int line, size_t c,
                      const std::string& value) {
  const std::string name = header.names[c].empty()
                               ? "no header"
                               : "the header " + Quoted(header.names[c]);
  return Refused(line, "column " + Letters(c) + " holds " + Quoted(value) +
                           " under " + name +
                           ", which is not a column tkp reads (it reads " +
                           "period, year, quarter, region code, number and "
                           "name, municipality name and code, the five "
                           "counts, the register size and the percentage); "
                           "remove the column or give it one of those "
                           "headers");
}

// Why no header was found: what the likeliest one (the first of the first
// records naming the most columns, three at least) lacks, or that none
// names long-format columns.
LongFile NoHeader(const csv::CsvTable& table) {
  constexpr size_t kLikely = 3;
  size_t best = 0;
  const csv::CsvRecord* likeliest = nullptr;
  std::vector<Column> likeliest_columns;
  for (size_t r = 0; r < table.records.size() && r < kHeaderSearch; ++r) {
    std::vector<Column> columns;
    for (const std::string& field : TrimmedFields(table.records[r])) {
      const Column column = ClassifyHeader(field);
      if (column != Column::kUnknown) columns.push_back(column);
    }
    if (columns.size() >= kLikely && columns.size() > best) {
      best = columns.size();
      likeliest = &table.records[r];
      likeliest_columns = std::move(columns);
    }
  }
  if (likeliest == nullptr) {
    return Refused(0,
                   "no header row among the first lines names the columns of "
                   "a long-format table (municipality, the five counts, the "
                   "period, the region)");
  }
  std::string missing;
  for (const std::string& what : MissingColumns(likeliest_columns)) {
    missing += (missing.empty() ? "" : ", ") + what;
  }
  return Refused(likeliest->line,
                 "this looks like the header of a long-format table, but no "
                 "column holds " +
                     missing + "; add it, or name it as tkp export does");
}

}  // namespace

LongFile ReadCsvTable(std::string_view text) {
  const csv::CsvTable table = csv::ReadCsv(text, csv::DetectSeparator(text));
  if (table.unterminated_quote_line != 0) {
    return Refused(table.unterminated_quote_line,
                   "a quoted field opens here and is never closed (a \" too "
                   "many, or the file is cut off)");
  }
  const std::optional<size_t> header_at = FindHeader(table);
  if (!header_at) return NoHeader(table);
  LongFile file;
  Header header;
  header.line = table.records[*header_at].line;
  header.names = TrimmedFields(table.records[*header_at]);
  for (const std::string& name : header.names) {
    header.columns.push_back(ClassifyHeader(name));
  }
  if (LongFile bad = CheckHeader(header); !bad.ok()) return bad;
  for (size_t r = 0; r <= *header_at; ++r) {
    const std::string line = JoinNonEmpty(TrimmedFields(table.records[r]));
    if (!line.empty()) file.before.push_back({line, table.records[r].line});
  }
  for (size_t r = *header_at + 1; r < table.records.size(); ++r) {
    const csv::CsvRecord& record = table.records[r];
    const std::vector<std::string> fields = TrimmedFields(record);
    const size_t filled = NonEmpty(fields);
    if (filled == 0) continue;
    // A sentence under the table (a source, a footnote) fills one cell,
    // however many empty ones office software pads it with.
    if (filled == 1) {
      file.after.push_back({JoinNonEmpty(fields), record.line});
      continue;
    }
    LongRecord row;
    row.line = record.line;
    for (size_t c = 0; c < fields.size(); ++c) {
      if (fields[c].empty()) continue;
      if (c >= header.columns.size() || header.columns[c] == Column::kUnknown) {
        if (c >= header.columns.size()) {
          return Refused(record.line,
                         "this row has " + std::to_string(fields.size()) +
                             " fields but the header on line " +
                             std::to_string(header.line) + " has " +
                             std::to_string(header.names.size()));
        }
        return UnreadColumn(header, record.line, c, fields[c]);
      }
      if (header.columns[c] == Column::kSource) continue;
      row.values[header.columns[c]] = fields[c];
    }
    file.records.push_back(std::move(row));
  }
  return file;
}

// ---------------------------------------------------------------------------
// JSON lines.

namespace {

// How deeply the line nests objects and arrays, outside strings; checked
// before parsing so a hostile line cannot recurse deeply.
int NestingDepth(std::string_view line) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

std::optional<std::string> ScalarText(const Json& value) {
  if (value.is_string())
    return std::string(sdk::Trim(value.get<std::string>()));
  if (value.is_number_unsigned()) {
    return std::to_string(value.get<uint64_t>());
  }
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  if (value.is_number_float()) return value.dump();  // the server refuses it
  if (value.is_null()) return std::string();
  return std::nullopt;
}

// Adds the object's keys to the record, nested objects by their own keys.
std::optional<std::string> AddKeys(const Json& object, LongRecord* record) {
  for (const auto& [key, value] : object.items()) {
    if (value.is_object()) {
      if (auto error = AddKeys(value, record)) return error;
      continue;
    }
    const std::optional<std::string> text = ScalarText(value);
    if (!text) {
      return "the value of " + Quoted(key) +
             " is neither text, a number nor an object of them";
    }
    const Column column = ClassifyHeader(key);
    if (column == Column::kUnknown) {
      return "the key " + Quoted(key) +
             " is not one tkp reads (it reads the keys `tkp export --format "
             "json` writes)";
    }
    if (column == Column::kSource || text->empty()) continue;
    if (!record->values.try_emplace(column, *text).second) {
      return "two keys hold " + ColumnWords(column) + " (one is " +
             Quoted(key) + ")";
    }
  }
  return std::nullopt;
}

// The line's object, or why it is not one.
std::optional<Json> ParseObject(std::string_view line, std::string* error) {
  if (line.size() > kMaxJsonLine) {
    *error = "this line is " + std::to_string(line.size()) +
             " bytes long, more than one municipality's row in JSON takes";
    return std::nullopt;
  }
  if (NestingDepth(line) > kMaxJsonDepth) {
    *error = "this line nests objects more deeply than tkp's export does";
    return std::nullopt;
  }
  Json object = Json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded() || !object.is_object()) {
    *error =
        "this line is not a JSON object; a JSON-lines file holds one object "
        "per line";
    return std::nullopt;
  }
  return object;
}

}  // namespace

bool LooksLikeJsonLines(std::string_view text) {
  for (const sdk::Line& line : sdk::SplitLines(text.substr(0, 4096))) {
    const std::string_view trimmed = sdk::Trim(line.text);
    if (!trimmed.empty()) return trimmed.front() == '{';
  }
  return false;
}

LongFile ReadJsonLines(std::string_view text) {
  LongFile file;
  for (const sdk::Line& line : sdk::SplitLines(text)) {
    if (sdk::IsBlank(line.text)) continue;
    std::string error;
    const std::optional<Json> object = ParseObject(line.text, &error);
    if (!object) return Refused(line.number, error);
    LongRecord record;
    record.line = line.number;
    if (auto bad = AddKeys(*object, &record)) return Refused(line.number, *bad);
    std::vector<Column> columns;
    for (const auto& [column, value] : record.values) columns.push_back(column);
    if (const std::vector<std::string> missing = MissingColumns(columns);
        !missing.empty()) {
      std::string list;
      for (const std::string& what : missing) {
        list += (list.empty() ? "" : ", ") + what;
      }
      return Refused(line.number, "this object gives no " + list);
    }
    file.records.push_back(std::move(record));
  }
  return file;
}

int LongFormatConfidence(std::string_view text) {
  std::string_view head = text.substr(0, kIdentifyBytes);
  if (head.size() < text.size()) {
    head = head.substr(0, head.rfind('\n') + 1);
  }
  if (LooksLikeJsonLines(head)) {
    for (const sdk::Line& line : sdk::SplitLines(head)) {
      if (sdk::IsBlank(line.text)) continue;
      std::string error;
      const std::optional<Json> object = ParseObject(line.text, &error);
      LongRecord record;
      if (!object || AddKeys(*object, &record)) return 0;
      std::vector<Column> columns;
      for (const auto& [column, value] : record.values) {
        columns.push_back(column);
      }
      return MissingColumns(columns).empty() ? 90 : 0;
    }
    return 0;
  }
  const csv::CsvTable table = csv::ReadCsv(head, csv::DetectSeparator(head));
  return FindHeader(table) ? 90 : 0;
}

}  // namespace tkp::long_format
