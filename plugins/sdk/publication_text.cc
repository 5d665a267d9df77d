#include "plugins/sdk/publication_text.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "plugins/sdk/centred_cells.h"
#include "plugins/sdk/name_column.h"
#include "plugins/sdk/outcome.h"
#include "plugins/sdk/page_number.h"
#include "plugins/sdk/region_table.h"
#include "plugins/sdk/register_sentence.h"
#include "plugins/sdk/text_columns.h"
#include "plugins/sdk/wrapped_cells.h"

namespace tkp::sdk {
namespace {

using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;

// Whether `text`, a line without counts inside a table, is its region
// cell printed again: one of the cell's lines (`cell_lines`), or a run of
// the words of one, as the repeated cell's lines break.
bool IsCellAgain(const std::string& text,
                 const std::set<std::string>& cell_lines) {
  return std::any_of(
      cell_lines.begin(), cell_lines.end(),
      [&](const std::string& cell) { return IsWordRunOf(text, cell); });
}

// No entry of RawDocument::region_names.
constexpr size_t kNoName = static_cast<size_t>(-1);

// Reads one region's table from lines[*i]: the period line (if any; what
// comes before it is title and prose), the municipality rows, TOTAAL AMR
// and the region line. Leaves *i after the region line. A document
// without rows means no table follows.
std::optional<ParseOutcome> ReadTable(const std::vector<Line>& lines,
                                      const RowSplitter& split_row,
                                      int name_column,
                                      const plugin::Origin& origin, size_t* i,
                                      std::set<std::string>* headings,
                                      RawDocument* doc) {
  // Before the first row, a line is a row only where it ends in two counts
  // or more (core/table_row_shape.h, the rule the server holds what was
  // left unread to): prose that ends in a year or a number of
  // municipalities is prose.
  const auto is_row = [&](const NameAndNumbers& row) {
    return !row.name.empty() && row.numbers.size() >= 2;
  };
  // The TOTAAL AMR row has counts: prose that wraps so that a line begins
  // with the words ("... de rij / TOTAAL AMR telt de gemeenten op") is
  // prose.
  const auto is_total_row = [&](const Line& line) {
    return IsRegionTotalRow(line.text) && split_row(line).numbers.size() >= 2;
  };
  size_t& at = *i;
  for (; at < lines.size(); ++at) {
    // A period line is one even where it ends in a number, as
    // "Transparantie van klantprofielen – Derde kwartaal 2024" does.
    const std::optional<PeriodMention> period = FindPeriod(lines[at].text);
    if (!period && (is_row(split_row(lines[at])) || is_total_row(lines[at]))) {
      break;
    }
    if (period) {
      doc->period_year = period->year;
      doc->period_quarter = period->quarter;
      doc->period_line = lines[at].number;
      if (!period->rest.empty()) {
        doc->region_names.push_back({period->rest, lines[at].number});
      }
      ++at;
      break;
    }
    if (!IsBlank(lines[at].text))
      headings->insert(CollapseSpaces(lines[at].text));
    KeepUnread(lines[at], doc);
  }

  // Municipality rows until TOTAAL AMR. Lines without numbers before the
  // first row are headings; after it, they mean the table is broken. A
  // repeated period line is a page header of a table that runs on.
  bool total_seen = false;
  const Line* last_row = nullptr;  // the last municipality row's line
  // Whether the last row had a region cell beside it, and which of
  // doc->region_names it named (none: the cell held only a number).
  bool region_cell = false;
  size_t region_cell_name = kNoName;
  bool cell_seen = false;  // a region cell in this table
  // Whether the region cell stood on a line of its own: a cell merged over
  // the region's rows, set at their middle, whose lines may fall between
  // rows ("14 Gooi en", a row, "Vechtstreek").
  bool cell_on_own_line = false;
  // The lines of the table's region cell, as printed.
  std::set<std::string> cell_lines;
  // A line of the region cell on a line of its own: more of the cell beside
  // the last row, or the cell of a table that had none beside its rows.
  const auto more_of_cell = [&](const std::string& more, int line_number) {
    cell_lines.insert(more);
    if (region_cell && region_cell_name != kNoName) {
      AppendWrapped(&doc->region_names[region_cell_name].text, more);
    } else if (region_cell) {
      region_cell_name = doc->region_names.size();
      doc->region_names.push_back({more, line_number});
    } else {
      const size_t names = doc->region_names.size();
      ReadRegionCell(more, line_number, doc);
      region_cell = true;
      region_cell_name = doc->region_names.size() > names ? names : kNoName;
    }
  };
  for (; at < lines.size(); ++at) {
    const Line& line = lines[at];
    if (IsBlank(line.text)) continue;
    // A page's footer where the table runs over a page break.
    if (IsPageFurniture(line.text)) {
      KeepUnread(line, doc);
      continue;
    }
    if (auto period = FindPeriod(line.text)) {
      if (period->year != doc->period_year ||
          period->quarter != doc->period_quarter) {
        return ParseOutcome::Failure(
            line.number,
            "a second period line contradicts the first (" +
                std::string(Trim(line.text)) +
                (doc->period_line > 0
                     ? ", against line " + std::to_string(doc->period_line)
                     : std::string()) +
                ")",
            origin);
      }
      const bool same_region =
          doc->region_names.empty() ||
          CollapseSpaces(period->rest) ==
              CollapseSpaces(doc->region_names.front().text);
      if (!period->rest.empty() && !same_region && !doc->rows.empty()) {
        return ParseOutcome::Failure(
            line.number,
            "the next region's period line (" + std::string(Trim(line.text)) +
                ") comes before the TOTAAL AMR row of the table above it; "
                "that table looks cut off",
            origin);
      }
      if (doc->rows.empty()) KeepUnread(line, doc);
      continue;
    }
    const NameAndNumbers row = split_row(line);
    // The label may have wrapped in its cell: the row's name is what counts.
    if (IsRegionTotalRow(line.text) || IsRegionTotalRow(row.name)) {
      doc->rows.push_back({RawRow::Kind::kRegionTotal, line.number,
                           std::string(kRegionTotalLabel), row.numbers});
      total_seen = true;
      ++at;
      break;
    }
    if (row.numbers.empty() || row.name.empty() ||
        (doc->rows.empty() && !is_row(row))) {
      // Headings and prose before the first row, and the same headings
      // again where the table runs onto the next page. The tail of a word
      // a narrow cell broke ("Drechterlan" above "d") is the name's, even
      // where the same letters stood alone before: a heading begins with a
      // capital.
      const bool continues_name =
          last_row != nullptr &&
          ContinuesName(*last_row, split_row(*last_row).name, name_column,
                        line);
      const std::string_view text = Trim(line.text);
      const bool broken_word_tail =
          continues_name && !text.empty() && text[0] >= 'a' && text[0] <= 'z';
      // A region cell merged over rows that run onto the next page: Calc
      // prints its text again on that page ("2 Friesland" twice), whole or
      // a part of it, as its lines break there.
      const bool cell_again =
          !continues_name && IsCellAgain(CollapseSpaces(line.text), cell_lines);
      if (doc->rows.empty() || cell_again ||
          (!broken_word_tail &&
           headings->contains(CollapseSpaces(line.text)))) {
        headings->insert(CollapseSpaces(line.text));
        KeepUnread(line, doc);
        continue;
      }
      // More of the region cell beside the last row, or, in a table that
      // had none yet, the region cell on a line of its own (merged over
      // the region's rows and set at their middle).
      // A whole cell with its code ("26 Zeeland") in a table that had
      // none yet is one wherever it stands: a row never begins with a
      // number, and text read by position (a PDF's) keeps no columns.
      if (last_row != nullptr &&
          ((!cell_seen && IsCodedCell(line.text)) ||
           ((region_cell || !cell_seen) &&
            ContinuesRegionCell(*last_row, split_row(*last_row).name, line,
                                !cell_seen)))) {
        more_of_cell(CollapseSpaces(line.text), line.number);
        // A merged cell's lines between rows: rows without a cell of
        // their own may stand between its lines ("Stedendrieho", a row,
        // "ek en").
        cell_on_own_line = true;
        cell_seen = true;
        continue;
      }
      if (continues_name) {
        RawRow& wrapped = doc->rows.back();
        AppendWrapped(&wrapped.name, line.text);
        // "TOTAAL" above "AMR": the label of the total row wrapped.
        if (IsRegionTotalRow(wrapped.name)) {
          wrapped.kind = RawRow::Kind::kRegionTotal;
          wrapped.name = std::string(kRegionTotalLabel);
          total_seen = true;
          ++at;
          break;
        }
        continue;
      }
      // More of the region cell and of the name side by side.
      if (last_row != nullptr && region_cell) {
        if (const std::optional<CellAndName> parts = SplitCellAndName(
                *last_row, split_row(*last_row).name, name_column, line)) {
          more_of_cell(CollapseSpaces(parts->cell), line.number);
          AppendWrapped(&doc->rows.back().name, parts->name);
          continue;
        }
      }
      return ParseOutcome::Failure(
          line.number,
          "expected a municipality followed by five numbers, found \"" +
              std::string(Trim(line.text)) + "\"",
          origin);
    }
    // A region cell merged over several rows wraps onto the next row's
    // line ("10 Rijk van" beside one row, "Nijmegen" beside the next): the
    // rest of the same cell, unless it repeats it (a region printed on
    // every row).
    const std::string cell_text = CollapseSpaces(row.region);
    // A region's name never goes on with a number: a cell whose text
    // begins with its code again is the same cell printed again.
    const bool code_again = region_cell && region_cell_name != kNoName &&
                            SplitWords(cell_text).size() == 1 &&
                            LooksLikeRegionCode(cell_text);
    if (!cell_text.empty() && (cell_lines.contains(cell_text) || code_again)) {
      // The same cell again, printed on the next page (see cell_again).
    } else if (region_cell && region_cell_name != kNoName &&
               !cell_text.empty() &&
               cell_text != doc->region_names[region_cell_name].text &&
               !StartsWithIgnoreCase(
                   cell_text, doc->region_names[region_cell_name].text)) {
      AppendWrapped(&doc->region_names[region_cell_name].text, cell_text);
      cell_lines.insert(cell_text);
    } else if (cell_text.empty() && cell_on_own_line) {
      // Rows beside a merged cell's lines: more of it may follow.
    } else {
      cell_on_own_line = false;
      region_cell = !row.region.empty();
      region_cell_name = kNoName;
      cell_seen = cell_seen || region_cell;
      if (region_cell) {
        const size_t names = doc->region_names.size();
        cell_lines.insert(cell_text);
        ReadRegionCell(row.region, line.number, doc);
        if (doc->region_names.size() > names) region_cell_name = names;
      }
    }
    std::string name = row.name;
    if (doc->rows.empty() && at > 0 &&
        BeginsNameAbove(lines[at - 1], line, name)) {
      // "Borger-" above "Odoorn 9 55 809 15 888": the cell's first line,
      // kept as a heading while no row had been read.
      std::string whole(Trim(lines[at - 1].text));
      AppendWrapped(&whole, name);
      name = std::move(whole);
      if (!doc->unread.empty() &&
          doc->unread.back().line == lines[at - 1].number) {
        doc->unread.pop_back();
      }
    }
    doc->rows.push_back({RawRow::Kind::kMunicipality, line.number,
                         std::move(name), row.numbers});
    last_row = &line;
  }

  // The region's number (or CBS code) and name follow the TOTAAL AMR row:
  // " 9 Twente", "AM05 Twente".
  if (total_seen) {
    for (; at < lines.size() && IsBlank(lines[at].text); ++at) {
    }
    if (at < lines.size()) {
      const std::vector<std::string_view> words = SplitWords(lines[at].text);
      if (!words.empty() && LooksLikeRegionCode(words[0]) &&
          (words.size() >= 2 || !LooksLikeNumber(words[0]))) {
        doc->region_code = {std::string(words[0]), lines[at].number};
        std::string name;
        for (size_t w = 1; w < words.size(); ++w) {
          if (!name.empty()) name += ' ';
          name += words[w];
        }
        if (!name.empty()) {
          doc->region_names.push_back({name, lines[at].number});
        }
        ++at;
      }
    }
  }
  return std::nullopt;
}

// The lines after a table that its register sentence may span, without
// what a page break puts into the sentence where it falls inside it: the
// page number and the running header, which repeats the period or a line
// that stood above the first table (`page_headers`): "... bevat het
// doelgroepregister in" / "Pagina 7 van 14" / "Transparantie van
// klantprofielen – Eerste kwartaal 2019" / "totaal 32.569 personen.".
std::vector<Line> SentenceLines(const std::vector<Line>& tail,
                                const RawDocument& doc,
                                const std::set<std::string>& page_headers) {
  std::vector<Line> kept;
  for (const Line& line : tail) {
    if (IsPageFurniture(line.text) ||
        page_headers.contains(CollapseSpaces(line.text))) {
      continue;
    }
    const std::optional<PeriodMention> period = FindPeriod(line.text);
    if (period && period->rest.empty() && period->year == doc.period_year &&
        period->quarter == doc.period_quarter) {
      continue;
    }
    kept.push_back(line);
  }
  return kept;
}

// The line of `lines` where a register sentence begins ("In de
// arbeidsmarktregio ... doelgroepregister"), or 0.
int RegisterSentenceLine(const std::vector<Line>& lines) {
  int region_line = 0;
  for (const Line& line : lines) {
    for (const std::string_view word : SplitWords(line.text)) {
      if (StartsWithIgnoreCase(word, "arbeidsmarktregio")) {
        region_line = line.number;
      } else if (region_line > 0 &&
                 StartsWithIgnoreCase(word, "doelgroepregister")) {
        return region_line;
      }
    }
  }
  return 0;
}

}  // namespace

bool IsRegionTotalRow(std::string_view text) {
  return StartsWithIgnoreCase(Trim(text), kRegionTotalLabel);
}

void KeepUnread(const Line& line, RawDocument* doc) {
  if (!IsBlank(line.text)) {
    doc->unread.push_back({std::string(Trim(line.text)), line.number});
  }
}

ParseOutcome ReadPublications(const std::vector<Line>& all_lines,
                              const RowSplitter& split_row_as_read,
                              const plugin::Origin& origin) {
  const int name_column = NameColumn(all_lines, split_row_as_read);
  const RowSplitter split_cells = [&](const Line& line) {
    NameAndNumbers row = split_row_as_read(line);
    if (name_column > 0) SplitOffRegionCell(line, name_column, &row);
    return row;
  };
  // Cells centred on their rows, put back together first.
  const CentredCells centred =
      ReadCentredCells(all_lines, name_column, split_cells);
  const std::vector<Line>& lines =
      centred.rows.empty() ? all_lines : centred.lines;
  const RowSplitter split_row = [&](const Line& line) {
    const auto row = centred.rows.find(line.number);
    return row != centred.rows.end() ? row->second : split_cells(line);
  };
  // Where the next region's table begins after `doc`'s: its period line,
  // or a row of counts (a table without a period line of its own). The
  // period of `doc` again, naming no region, is a running page header
  // above the rest of what follows its table (the register sentence).
  const auto starts_table = [&](const Line& line, const RawDocument& doc) {
    if (auto period = FindPeriod(line.text)) {
      return !(period->rest.empty() && period->year == doc.period_year &&
               period->quarter == doc.period_quarter);
    }
    // A TOTAAL AMR row has its counts; a line of prose that begins with
    // the words does not start a table.
    return (IsRegionTotalRow(line.text) &&
            split_row(line).numbers.size() >= 2) ||
           split_row(line).numbers.size() >= 3;
  };
  std::vector<RawDocument> documents;
  // The lines above a table's first row (title, headings, a running page
  // header), and those between two tables (where the next one's header
  // stands): the same line again inside a table is where it runs onto a
  // new page and the header is repeated.
  std::set<std::string> headings;
  // The lines above the first table: a running page header repeats one.
  std::set<std::string> page_headers;
  size_t i = 0;
  while (i < lines.size()) {
    RawDocument doc;
    doc.origin = origin;
    // A period stated once (a title, a running page header) is the period
    // of every table after it that states none of its own: a national
    // publication names its quarter once, not above each region.
    if (!documents.empty()) {
      const RawDocument& before = documents.back();
      doc.period_year = before.period_year;
      doc.period_quarter = before.period_quarter;
      doc.period_line = before.period_line;
    }
    if (std::optional<ParseOutcome> failure = ReadTable(
            lines, split_row, name_column, origin, &i, &headings, &doc)) {
      return *failure;
    }
    if (doc.rows.empty() && !documents.empty()) {
      // No table after the last one: what was read is prose, kept for the
      // server to look over.
      std::vector<plugin::Located>& unread = documents.back().unread;
      unread.insert(unread.end(), doc.unread.begin(), doc.unread.end());
      for (const plugin::Located& name : doc.region_names) {
        unread.push_back(name);
      }
      break;
    }
    // Up to the next table: the register sentence and prose.
    size_t next = i;
    while (next < lines.size() && !starts_table(lines[next], doc)) ++next;
    const std::vector<Line> tail(
        lines.begin() + static_cast<std::ptrdiff_t>(i),
        lines.begin() + static_cast<std::ptrdiff_t>(next));
    if (documents.empty()) page_headers = headings;
    const std::vector<Line> sentence = SentenceLines(tail, doc, page_headers);
    ReadRegisterSentence(sentence, 0, &doc);
    // A register sentence whose size could not be read is a figure of the
    // document that would not be served.
    if (const int at = RegisterSentenceLine(sentence);
        at > 0 && doc.register_size.empty()) {
      return ParseOutcome::Failure(
          at,
          "the sentence on the region's target-group register "
          "(doelgroepregister) that begins here gives no size tkp can read "
          "(\"... in totaal <n> personen\"); nothing was stored",
          origin);
    }
    for (const Line& line : tail) {
      KeepUnread(line, &doc);
      if (!IsBlank(line.text)) headings.insert(CollapseSpaces(line.text));
    }
    i = next;
    documents.push_back(std::move(doc));
  }
  if (documents.empty()) {
    RawDocument empty;
    empty.origin = origin;
    documents.push_back(std::move(empty));
  }
  return Succeed(std::move(documents));
}

}  // namespace tkp::sdk
