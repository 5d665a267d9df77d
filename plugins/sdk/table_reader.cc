#include "plugins/sdk/table_reader.h"

#include <algorithm>
#include <utility>

#include "plugins/sdk/outcome.h"
#include "plugins/sdk/page_number.h"
#include "plugins/sdk/region_table.h"
#include "plugins/sdk/wrapped_cells.h"

namespace tkp::sdk {
namespace {

using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;

// No entry of RawDocument::region_names.
constexpr size_t kNoName = static_cast<size_t>(-1);
// The lines of a municipality's name, wrapped in its cell, at most.
constexpr size_t kMaxNameLines = 3;

// Whether `text`, a line without counts inside a table, is its region
// cell printed again: one of the cell's lines (`cell_lines`), or a run of
// the words of one, as the repeated cell's lines break.
bool IsCellAgain(const std::string& text,
                 const std::set<std::string>& cell_lines) {
  return std::any_of(
      cell_lines.begin(), cell_lines.end(),
      [&](const std::string& cell) { return RepeatsCellText(text, cell); });
}

// ReadTableOfLines' steps, in the order Read takes them. `at_` is the line
// being read.
class TableReader {
 public:
  TableReader(const std::vector<Line>& lines, const RowSplitter& split_row,
              int name_column, const plugin::Origin& origin, size_t& at,
              std::set<std::string>& headings, RawDocument& doc)
      : lines_(lines),
        split_row_(split_row),
        name_column_(name_column),
        origin_(origin),
        at_(at),
        headings_(headings),
        doc_(doc) {}

  std::optional<ParseOutcome> Read() {
    ReadUpToFirstRow();
    for (; at_ < lines_.size() && !total_seen_; ++at_) {
      if (std::optional<ParseOutcome> failure = ReadLine(lines_[at_])) {
        return failure;
      }
    }
    if (total_seen_) ReadRegionLine();
    return std::nullopt;
  }

 private:
  // Before the first row, a line is a row only where it ends in two counts
  // or more (core/table_row_shape.h, the rule the server holds what was
  // left unread to): prose that ends in a year or a number of
  // municipalities is prose.
  static bool IsRow(const NameAndNumbers& row) {
    return !row.name.empty() && row.numbers.size() >= 2;
  }

  // The TOTAAL AMR row has counts: prose that wraps so that a line begins
  // with the words ("... de rij / TOTAAL AMR telt de gemeenten op") is
  // prose.
  bool IsTotalRow(const Line& line) const {
    return IsRegionTotalRow(line.text) && split_row_(line).numbers.size() >= 2;
  }

  // Title, prose and headings, up to the period line or the first row.
  void ReadUpToFirstRow() {
    for (; at_ < lines_.size(); ++at_) {
      // A period line is one even where it ends in a number, as
      // "Transparantie van klantprofielen – Derde kwartaal 2024" does.
      const std::optional<PeriodMention> period = FindPeriod(lines_[at_].text);
      if (!period &&
          (IsRow(split_row_(lines_[at_])) || IsTotalRow(lines_[at_]))) {
        return;
      }
      if (period) {
        doc_.period_year = period->year;
        doc_.period_quarter = period->quarter;
        doc_.period_line = lines_[at_].number;
        if (!period->rest.empty()) {
          doc_.region_names.push_back({period->rest, lines_[at_].number});
        }
        ++at_;
        return;
      }
      if (!IsBlank(lines_[at_].text)) {
        headings_.insert(CollapseSpaces(lines_[at_].text));
      }
      KeepUnread(lines_[at_], &doc_);
    }
  }

  // Municipality rows until TOTAAL AMR. Lines without numbers before the
  // first row are headings; after it, they mean the table is broken. A
  // repeated period line is a page header of a table that runs on.
  std::optional<ParseOutcome> ReadLine(const Line& line) {
    if (IsBlank(line.text) || taken_.contains(line.number)) {
      return std::nullopt;
    }
    // A page's footer where the table runs over a page break.
    if (IsPageFurniture(line.text)) {
      KeepUnread(line, &doc_);
      return std::nullopt;
    }
    if (const std::optional<PeriodMention> period = FindPeriod(line.text)) {
      return ReadPeriodAgain(line, *period);
    }
    const NameAndNumbers row = split_row_(line);
    // The label may have wrapped in its cell: the row's name is what counts.
    if (IsRegionTotalRow(line.text) || IsRegionTotalRow(row.name)) {
      doc_.rows.push_back({RawRow::Kind::kRegionTotal, line.number,
                           std::string(kRegionTotalLabel), row.numbers});
      total_seen_ = true;
      return std::nullopt;
    }
    if (row.name.empty() && !doc_.rows.empty() &&
        row.numbers.size() >= kCountsOfARow) {
      if (std::optional<std::string> name = NameOnNextPage()) {
        AddRow(line, {*name, row.numbers, {}});
        return std::nullopt;
      }
    }
    if (row.name.empty() && !row.region.empty() &&
        row.numbers.size() >= kCountsOfARow) {
      const NameAndNumbers whole = RunTogether(row);
      ReadRegionCellBeside(line, whole);
      AddRow(line, whole);
      return std::nullopt;
    }
    if (row.numbers.empty() || row.name.empty() ||
        (doc_.rows.empty() && !IsRow(row))) {
      return ReadLineWithoutCounts(line);
    }
    ReadRegionCellBeside(line, row);
    AddRow(line, row);
    return std::nullopt;
  }

  // A row of counts whose words all went to the region cell: the cell and
  // the name run together where pdftotext left no gap between them and
  // set the name further left than SplitOffRegionCell looks ("15 Groot
  // Amsterdam Diemen", a merged cell centred beside its middle row).
  // Everything after the region's code is the row's name; the server
  // tells the region's words from the municipality's
  // (server/importing/unresolved_name.h) or refuses the row.
  static NameAndNumbers RunTogether(const NameAndNumbers& row) {
    NameAndNumbers whole = row;
    std::vector<std::string_view> words = SplitWords(row.region);
    whole.region.clear();
    if (words.size() > 1 && LooksLikeRegionCode(words.front())) {
      whole.region = std::string(words.front());
      words.erase(words.begin());
    }
    whole.name.clear();
    for (const std::string_view word : words) {
      if (!whole.name.empty()) whole.name += ' ';
      whole.name += word;
    }
    return whole;
  }

  // Counts alone on the line at_, the whole of their row's name at the top
  // of the next page (a row the page broke, as WeasyPrint breaks one set
  // in the middle of its cells): after the page break, its furniture and
  // the repeated header, a few lines of a wrapped name and then the next
  // row. Those lines are taken; nullopt where they are not so.
  std::optional<std::string> NameOnNextPage() {
    bool page_broke = false;
    size_t j = at_ + 1;
    for (; j < lines_.size(); ++j) {
      const Line& line = lines_[j];
      page_broke = page_broke || StartsPage(line.number);
      const std::optional<PeriodMention> period = FindPeriod(line.text);
      const bool furniture = IsPageFurniture(line.text) ||
                             headings_.contains(CollapseSpaces(line.text)) ||
                             (period && period->year == doc_.period_year &&
                              period->quarter == doc_.period_quarter);
      if (!IsBlank(line.text) && !furniture) break;
      page_broke = page_broke || furniture;
    }
    std::string name;
    std::vector<int> parts;
    for (; j < lines_.size() && parts.size() < kMaxNameLines; ++j) {
      const std::string_view text = Trim(lines_[j].text);
      if (!IsWrappedPart(text)) break;
      page_broke = page_broke || StartsPage(lines_[j].number);
      AppendWrapped(&name, text);
      parts.push_back(lines_[j].number);
    }
    const bool row_follows =
        j < lines_.size() &&
        split_row_(lines_[j]).numbers.size() >= kCountsOfARow;
    if (!page_broke || parts.empty() || !row_follows) return std::nullopt;
    taken_.insert(parts.begin(), parts.end());
    return name;
  }

  bool StartsPage(int line_number) const {
    const std::vector<int>& firsts = origin_.page_first_lines;
    return std::find(firsts.begin(), firsts.end(), line_number) != firsts.end();
  }

  // A period line inside the table: a page header where the table runs
  // onto a new page, or a contradiction.
  std::optional<ParseOutcome> ReadPeriodAgain(const Line& line,
                                              const PeriodMention& period) {
    if (period.year != doc_.period_year ||
        period.quarter != doc_.period_quarter) {
      return ParseOutcome::Failure(
          line.number,
          "a second period line contradicts the first (" +
              std::string(Trim(line.text)) +
              (doc_.period_line > 0
                   ? ", against line " + std::to_string(doc_.period_line)
                   : std::string()) +
              ")",
          origin_);
    }
    const bool same_region = doc_.region_names.empty() ||
                             CollapseSpaces(period.rest) ==
                                 CollapseSpaces(doc_.region_names.front().text);
    if (!period.rest.empty() && !same_region && !doc_.rows.empty()) {
      return ParseOutcome::Failure(
          line.number,
          "the next region's period line (" + std::string(Trim(line.text)) +
              ") comes before the TOTAAL AMR row of the table above it; "
              "that table looks cut off",
          origin_);
    }
    if (doc_.rows.empty()) KeepUnread(line, &doc_);
    return std::nullopt;
  }

  // A line without counts: a heading, the region cell printed again, more
  // of the region cell, the wrapped part of the last row's name, or both
  // side by side; anything else means the table is broken.
  std::optional<ParseOutcome> ReadLineWithoutCounts(const Line& line) {
    // Headings and prose before the first row, and the same headings
    // again where the table runs onto the next page. The tail of a word
    // a narrow cell broke ("Drechterlan" above "d") is the name's, even
    // where the same letters stood alone before: a heading begins with a
    // capital.
    const std::string_view text = Trim(line.text);
    // "TOTAAL" above "AMR" where no columns tell (a PDF's lines, a page
    // break between them): the rest of the total row's label.
    const bool label_rest =
        !doc_.rows.empty() &&
        IsRegionTotalRow(doc_.rows.back().name + " " + std::string(text));
    const bool continues_name =
        label_rest || (last_row_ != nullptr &&
                       ContinuesName(*last_row_, split_row_(*last_row_).name,
                                     name_column_, line));
    const bool broken_word_tail =
        continues_name && !text.empty() && text[0] >= 'a' && text[0] <= 'z';
    // A region cell merged over rows that run onto the next page: Calc
    // prints its text again on that page ("2 Friesland" twice), whole or
    // a part of it, as its lines break there.
    const bool cell_again =
        !continues_name && IsCellAgain(CollapseSpaces(line.text), cell_lines_);
    if (doc_.rows.empty() || cell_again ||
        (!broken_word_tail && headings_.contains(CollapseSpaces(line.text)))) {
      headings_.insert(CollapseSpaces(line.text));
      KeepUnread(line, &doc_);
      return std::nullopt;
    }
    if (IsMoreOfCell(line)) {
      MoreOfCell(CollapseSpaces(line.text), line.number);
      // A merged cell's lines between rows: rows without a cell of
      // their own may stand between its lines ("Stedendrieho", a row,
      // "ek en").
      cell_on_own_line_ = true;
      cell_seen_ = true;
      return std::nullopt;
    }
    if (continues_name) {
      RawRow& wrapped = doc_.rows.back();
      AppendWrapped(&wrapped.name, line.text);
      // "TOTAAL" above "AMR": the label of the total row wrapped.
      if (IsRegionTotalRow(wrapped.name)) {
        wrapped.kind = RawRow::Kind::kRegionTotal;
        wrapped.name = std::string(kRegionTotalLabel);
        total_seen_ = true;
      }
      return std::nullopt;
    }
    // More of the region cell and of the name side by side.
    if (last_row_ != nullptr && region_cell_) {
      if (const std::optional<CellAndName> parts = SplitCellAndName(
              *last_row_, split_row_(*last_row_).name, name_column_, line)) {
        MoreOfCell(CollapseSpaces(parts->cell), line.number);
        AppendWrapped(&doc_.rows.back().name, parts->name);
        return std::nullopt;
      }
    }
    return ParseOutcome::Failure(
        line.number,
        "expected a municipality followed by five numbers, found \"" +
            std::string(text) + "\"",
        origin_);
  }

  // More of the region cell beside the last row, or, in a table that had
  // none yet, the region cell on a line of its own (merged over the
  // region's rows and set at their middle). A whole cell with its code
  // ("26 Zeeland") in a table that had none yet is one wherever it
  // stands: a row never begins with a number, and text read by position
  // (a PDF's) keeps no columns.
  bool IsMoreOfCell(const Line& line) const {
    return last_row_ != nullptr &&
           ((!cell_seen_ && IsCodedCell(line.text)) ||
            ((region_cell_ || !cell_seen_) &&
             ContinuesRegionCell(*last_row_, split_row_(*last_row_).name,
                                 name_column_, line, !cell_seen_)));
  }

  // A line of the region cell on a line of its own: more of the cell beside
  // the last row, or the cell of a table that had none beside its rows.
  void MoreOfCell(const std::string& more, int line_number) {
    cell_lines_.insert(more);
    if (region_cell_ && region_cell_name_ != kNoName) {
      AppendWrapped(&doc_.region_names[region_cell_name_].text, more);
    } else if (region_cell_) {
      region_cell_name_ = doc_.region_names.size();
      doc_.region_names.push_back({more, line_number});
    } else {
      const size_t names = doc_.region_names.size();
      ReadRegionCell(more, line_number, &doc_);
      region_cell_ = true;
      region_cell_name_ = doc_.region_names.size() > names ? names : kNoName;
    }
  }

  // The region cell beside a row. A region cell merged over several rows
  // wraps onto the next row's line ("10 Rijk van" beside one row,
  // "Nijmegen" beside the next): the rest of the same cell, unless it
  // repeats it (a region printed on every row).
  void ReadRegionCellBeside(const Line& line, const NameAndNumbers& row) {
    const std::string cell_text = CollapseSpaces(row.region);
    const bool named_cell = region_cell_ && region_cell_name_ != kNoName;
    // A region's name never goes on with a number: a cell whose text
    // begins with its code again is the same cell printed again.
    const bool code_again = named_cell && SplitWords(cell_text).size() == 1 &&
                            LooksLikeRegionCode(cell_text);
    if (!cell_text.empty() && (cell_lines_.contains(cell_text) || code_again)) {
      return;  // the same cell again, printed on the next page
    }
    if (named_cell && !cell_text.empty() &&
        cell_text != doc_.region_names[region_cell_name_].text &&
        !StartsWithIgnoreCase(cell_text,
                              doc_.region_names[region_cell_name_].text)) {
      AppendWrapped(&doc_.region_names[region_cell_name_].text, cell_text);
      cell_lines_.insert(cell_text);
      return;
    }
    // Rows beside a merged cell's lines: more of it may follow.
    if (cell_text.empty() && cell_on_own_line_) return;
    cell_on_own_line_ = false;
    region_cell_ = !row.region.empty();
    region_cell_name_ = kNoName;
    cell_seen_ = cell_seen_ || region_cell_;
    if (region_cell_) {
      const size_t names = doc_.region_names.size();
      cell_lines_.insert(cell_text);
      ReadRegionCell(row.region, line.number, &doc_);
      if (doc_.region_names.size() > names) region_cell_name_ = names;
    }
  }

  void AddRow(const Line& line, const NameAndNumbers& row) {
    std::string name = row.name;
    if (doc_.rows.empty() && at_ > 0 &&
        BeginsNameAbove(lines_[at_ - 1], line, name)) {
      // "Borger-" above "Odoorn 9 55 809 15 888": the cell's first line,
      // kept as a heading while no row had been read.
      std::string whole(Trim(lines_[at_ - 1].text));
      AppendWrapped(&whole, name);
      name = std::move(whole);
      if (!doc_.unread.empty() &&
          doc_.unread.back().line == lines_[at_ - 1].number) {
        doc_.unread.pop_back();
      }
    }
    doc_.rows.push_back({RawRow::Kind::kMunicipality, line.number,
                         std::move(name), row.numbers});
    last_row_ = &line;
  }

  // The region's number (or CBS code) and name follow the TOTAAL AMR row:
  // " 9 Twente", "AM05 Twente".
  void ReadRegionLine() {
    for (; at_ < lines_.size() && IsBlank(lines_[at_].text); ++at_) {
    }
    if (at_ >= lines_.size()) return;
    const std::vector<std::string_view> words = SplitWords(lines_[at_].text);
    if (words.empty() || !LooksLikeRegionCode(words[0]) ||
        (words.size() < 2 && LooksLikeNumber(words[0]))) {
      return;
    }
    doc_.region_code = {std::string(words[0]), lines_[at_].number};
    std::string name;
    for (size_t w = 1; w < words.size(); ++w) {
      if (!name.empty()) name += ' ';
      name += words[w];
    }
    if (!name.empty()) doc_.region_names.push_back({name, lines_[at_].number});
    ++at_;
  }

  const std::vector<Line>& lines_;
  const RowSplitter& split_row_;
  const int name_column_;
  const plugin::Origin& origin_;
  size_t& at_;
  std::set<std::string>& headings_;
  RawDocument& doc_;

  // Lines of a row's name read ahead of them (NameOnNextPage).
  std::set<int> taken_;
  bool total_seen_ = false;
  const Line* last_row_ = nullptr;  // the last municipality row's line
  // Whether the last row had a region cell beside it, and which of
  // doc_.region_names it named (none: the cell held only a number).
  bool region_cell_ = false;
  size_t region_cell_name_ = kNoName;
  bool cell_seen_ = false;  // a region cell in this table
  // Whether the region cell stood on a line of its own: a cell merged over
  // the region's rows, set at their middle, whose lines may fall between
  // rows ("14 Gooi en", a row, "Vechtstreek").
  bool cell_on_own_line_ = false;
  // The lines of the table's region cell, as printed.
  std::set<std::string> cell_lines_;
};

}  // namespace

std::optional<ParseOutcome> ReadTableOfLines(
    const std::vector<Line>& lines, const RowSplitter& split_row,
    int name_column, const plugin::Origin& origin, size_t* i,
    std::set<std::string>* headings, RawDocument* doc) {
  return TableReader(lines, split_row, name_column, origin, *i, *headings, *doc)
      .Read();
}

}  // namespace tkp::sdk
