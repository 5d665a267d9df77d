// CSV as office software writes it (RFC 4180): records of fields split by
// a semicolon (Dutch Excel and LibreOffice), a comma or a tab; a field in
// double quotes may hold the separator, line breaks and "" for a quote.

#ifndef TKP_PLUGINS_CSV_CSV_FIELDS_H_
#define TKP_PLUGINS_CSV_CSV_FIELDS_H_

#include <string>
#include <string_view>
#include <vector>

namespace tkp::csv {

struct CsvRecord {
  int line = 0;  // the 1-based line the record starts on
  std::vector<std::string> fields;
};

struct CsvTable {
  char separator = ';';
  std::vector<CsvRecord> records;
  // A quote left open at the end of the text: where it opened. 0: none.
  int unterminated_quote_line = 0;
};

// The separator most lines use: the one of ';', ',' and '\t' that splits
// the most lines into six or more fields (outside quotes). ';' when none.
char DetectSeparator(std::string_view text);

// Splits the text into records; fields are kept as written (unquoted, not
// trimmed). An empty line is a record with one empty field.
CsvTable ReadCsv(std::string_view text, char separator);

}  // namespace tkp::csv

#endif  // TKP_PLUGINS_CSV_CSV_FIELDS_H_
