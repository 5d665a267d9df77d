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
#include "plugins/sdk/table_reader.h"
#include "plugins/sdk/text_columns.h"
#include "plugins/sdk/wrapped_cells.h"

namespace tkp::sdk {
namespace {

using plugin::ParseOutcome;
using plugin::RawDocument;
using plugin::RawRow;

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
                              const RowSplitter& split_row_once,
                              const plugin::Origin& origin) {
  // Each line of the document split once: the passes below ask for a
  // line's row several times. A line that is not one of `all_lines` as
  // they are (a cell put back together) is split when asked.
  std::vector<std::optional<NameAndNumbers>> split(all_lines.size());
  const RowSplitter split_row_as_read = [&](const Line& line) {
    const size_t at = static_cast<size_t>(line.number - 1);
    if (at >= all_lines.size() ||
        all_lines[at].text.data() != line.text.data() ||
        all_lines[at].text.size() != line.text.size()) {
      return split_row_once(line);
    }
    if (!split[at]) split[at] = split_row_once(line);
    return *split[at];
  };
  const NameColumns name_columns =
      FindNameColumns(all_lines, split_row_as_read);
  const int name_column = name_columns.table;
  const RowSplitter split_cells = [&](const Line& line) {
    NameAndNumbers row = split_row_as_read(line);
    if (name_column > 0) SplitOffRegionCell(line, name_columns.At(line), &row);
    return row;
  };
  // Cells centred on their rows, put back together first.
  const CentredCells centred =
      ReadCentredCells(all_lines, name_columns, split_cells);
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
    if (std::optional<ParseOutcome> failure = ReadTableOfLines(
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
