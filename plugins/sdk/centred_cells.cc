#include "plugins/sdk/centred_cells.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "plugins/sdk/text_columns.h"
#include "plugins/sdk/wrapped_cells.h"

namespace tkp::sdk {
namespace {

// Characters: `pdftotext -layout` may set one column's text a few
// characters to either side from one table (or row) to the next.
constexpr int kColumnSlack = 4;

// Spaces between two words of one cell at most.
constexpr int kMaxSpaceInCell = 2;

enum class Kind { kOther, kRow, kPart };

struct Read {
  Kind kind = Kind::kOther;
  NameAndNumbers row;       // kRow
  std::string region_part;  // kPart: words left of the name column
  std::string name_part;    // kPart: words at the name column
};

void Append(std::string* text, std::string_view word) {
  if (!text->empty()) *text += ' ';
  *text += word;
}

// A line of a cell's parts: words left of the name column (a region
// cell), then words from the name column on (a name), nothing else.
std::optional<Read> ReadPart(const Line& line, int name_column) {
  const std::vector<std::string_view> words = SplitWords(line.text);
  if (words.empty() || words.size() > 2 * kMaxCellLineWords)
    return std::nullopt;
  Read read;
  read.kind = Kind::kPart;
  bool in_name = false;
  int end_of_last = -1;
  for (const std::string_view word : words) {
    const int column = ColumnAt(line.text, word);
    // The words of one cell stand a space or two apart; a column's gap
    // means another cell (a header's, a count's).
    if (in_name && column - end_of_last > kMaxSpaceInCell) return std::nullopt;
    end_of_last = column + CharactersIn(word);
    if (!in_name && column >= name_column - kColumnSlack) {
      if (column > name_column + kColumnSlack) return std::nullopt;
      in_name = true;
    }
    if (!in_name && column + CharactersIn(word) >= name_column) {
      return std::nullopt;
    }
    Append(in_name ? &read.name_part : &read.region_part, word);
  }
  if (HasDigit(read.name_part) || !IsRegionCellPart(read.region_part) ||
      SplitWords(read.name_part).size() > kMaxCellLineWords ||
      SplitWords(read.region_part).size() > kMaxCellLineWords) {
    return std::nullopt;
  }
  return read;
}

// Each line read as a row (with its counts), a part of a cell, or other.
std::vector<Read> ReadLines(const std::vector<Line>& lines,
                            const NameColumns& name_columns,
                            const RowSplitter& split_row) {
  std::vector<Read> reads(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    NameAndNumbers row = split_row(lines[i]);
    if (row.numbers.size() >= kCountsOfARow) {
      reads[i].kind = Kind::kRow;
      reads[i].row = std::move(row);
    } else if (std::optional<Read> part =
                   ReadPart(lines[i], name_columns.At(lines[i]))) {
      reads[i] = std::move(*part);
    }
  }
  return reads;
}

bool NamePartAt(const std::vector<Read>& reads, size_t i) {
  return i < reads.size() && reads[i].kind == Kind::kPart &&
         !reads[i].name_part.empty();
}

// A run of rows and parts, other lines (blank ones too) around it; its
// rows, and the name parts before, between and after them: parts[0] above
// its first row, parts.back() below its last.
struct Run {
  size_t first, end;
  std::vector<size_t> rows;
  std::vector<std::vector<size_t>> parts;
  // The last row's counts end a page and its name stands wholly at the top
  // of the next (parts.back()): the page broke the row.
  bool broken_over_page = false;
};

std::vector<Run> FindRuns(const std::vector<Read>& reads) {
  std::vector<Run> runs;
  for (size_t first = 0; first < reads.size();) {
    if (reads[first].kind == Kind::kOther) {
      ++first;
      continue;
    }
    Run run{first, first, {}, {{}}};
    for (; run.end < reads.size() && reads[run.end].kind != Kind::kOther;
         ++run.end) {
      if (reads[run.end].kind == Kind::kRow) {
        run.rows.push_back(run.end);
        run.parts.emplace_back();
      } else if (NamePartAt(reads, run.end)) {
        run.parts.back().push_back(run.end);
      }
    }
    first = run.end;
    if (!run.rows.empty()) runs.push_back(std::move(run));
  }
  return runs;
}

enum class Setting { kOther, kCentred, kAtBottom };

// Whether lines [from, to) are all blank (rows set apart by blank lines,
// not a page break's furniture and repeated header).
bool IsBlankBetween(size_t from, size_t to, const std::vector<Line>& lines) {
  for (size_t i = from; i < to; ++i) {
    if (!IsBlank(lines[i].text)) return false;
  }
  return true;
}

// Whether run k goes on with the table of run k - 1 over a page break:
// that one did not end with TOTAAL AMR, and more than blank lines (the
// page's furniture, the repeated header) stand between them.
bool RunsOn(const std::vector<Run>& runs, size_t k,
            const std::vector<Read>& reads, const std::vector<Line>& lines) {
  return k > 0 && !IsRegionTotalRow(reads[runs[k - 1].rows.back()].row.name) &&
         !IsBlankBetween(runs[k - 1].end, runs[k].first, lines);
}

// A row broken over a page break (WeasyPrint, Writer): its counts alone at
// the end of one run, the whole of its name at the top of the next, which
// runs on. The name's lines move to the row.
void JoinRowsBrokenOverPages(const std::vector<Read>& reads,
                             const std::vector<Line>& lines,
                             std::vector<Run>* runs) {
  for (size_t k = 0; k + 1 < runs->size(); ++k) {
    Run& run = (*runs)[k];
    Run& next = (*runs)[k + 1];
    const bool counts_alone = reads[run.rows.back()].row.name.empty() &&
                              run.parts.back().empty() &&
                              run.parts[run.parts.size() - 2].empty();
    if (counts_alone && !next.parts.front().empty() &&
        RunsOn(*runs, k + 1, reads, lines)) {
      run.parts.back() = std::move(next.parts.front());
      next.parts.front().clear();
      run.broken_over_page = true;
    }
  }
}

// How the document sets its cells. Centred: a row without a name beside a
// part of one (centred on its lines, or a little off them). At the bottom:
// parts of a name above a run's first row and none below its last; at the
// top (what the reader reads itself), parts below a run's last row.
Setting HowCellsAreSet(const std::vector<Read>& reads,
                       const std::vector<Run>& runs,
                       const std::vector<Line>& lines) {
  for (size_t i = 1; i < reads.size(); ++i) {
    if (reads[i].kind == Kind::kRow && reads[i].row.name.empty() &&
        (NamePartAt(reads, i - 1) || NamePartAt(reads, i + 1))) {
      return Setting::kCentred;
    }
  }
  bool above = false, below = false;
  for (size_t k = 0; k < runs.size(); ++k) {
    // Parts at the top of a table that runs on over a page break (below
    // the page's furniture and the repeated header) are the rest of the
    // name of the row above the break, where cells are set at the top:
    // they say nothing of how cells are set.
    above = above ||
            (!RunsOn(runs, k, reads, lines) && !runs[k].parts.front().empty());
    below = below || !runs[k].parts.back().empty();
  }
  return above && !below ? Setting::kAtBottom : Setting::kOther;
}

// How the parts of the names in a run of rows centred on their counts are
// shared between the rows: the lines of each row's name above its counts,
// and below. A row whose counts stand alone on their line has as many
// above as below (an odd number of lines, the counts on the middle one),
// at least one; a row whose line holds a part of its name too may have one
// more on either side (an even number: pdftotext sets the counts, between
// the two middle lines, on the line of one of them). A name of one line
// may stand a little off its counts' baseline, on a line of its own, above
// or below them (Gnumeric's, beside a merged region cell). The fewer
// uneven rows the better, and counts alone uneven least of all. Where parts
// could go either way, a line that begins with a small letter ("en
// Nederwetten") goes on the name above it: a municipality's name begins with a
// capital (or "'s-").
class CentredSharing {
 public:
  CentredSharing(const Run& run, const std::vector<Read>& reads)
      : run_(run), reads_(reads) {}

  // False where the parts do not add up.
  bool Share(std::vector<size_t>* above, std::vector<size_t>* below) {
    const size_t rows = run_.rows.size();
    above->assign(rows, 0);
    below->assign(rows, 0);
    size_t b = run_.parts.back().size();
    if (!Best(rows - 1, b)) return false;
    for (size_t r = rows; r-- > 0;) {
      (*below)[r] = b;
      (*above)[r] = best_.at({r, b})->above;
      if (r > 0) b = run_.parts[r].size() - (*above)[r];
    }
    return true;
  }

 private:
  struct Choice {
    int cost;
    size_t above;
  };

  // The cheapest way to share the parts of rows 0..r given `below` lines
  // below row r; nullopt where none adds up. Memoised (a run has a few
  // dozen rows and a few parts between two of them).
  std::optional<Choice> Best(size_t r, size_t below) {
    const auto key = std::make_pair(r, below);
    if (const auto found = best_.find(key); found != best_.end()) {
      return found->second;
    }
    const bool named = !reads_[run_.rows[r]].row.name.empty();
    const size_t before = run_.parts[r].size();
    // Counts alone on their line have as many lines of their name above
    // them as below, or a name of one line a little off them; a row
    // broken over a page has all below.
    std::vector<size_t> options;
    if (run_.broken_over_page && r + 1 == run_.rows.size()) {
      options = {0};
    } else if (named) {
      options = {below, below + 1};
      if (below > 0) options.push_back(below - 1);
    } else {
      options = {below == 0 ? size_t{1} : below};
      if (below == 1) options.push_back(0);
    }
    std::optional<Choice> best;
    for (const size_t above : options) {
      if (above > before) continue;
      std::optional<Choice> rest =
          r == 0 ? Choice{0, 0} : Best(r - 1, before - above);
      if (!rest) continue;
      // Counts alone off the middle of their name are rarer than a name
      // of two lines with the counts on one of them.
      int cost = rest->cost + (above == below ? 0 : named ? 1 : 2);
      // The name's first line (above its counts, or theirs) on a small
      // letter.
      const std::string& first =
          above > 0 ? reads_[run_.parts[r][before - above]].name_part
                    : reads_[run_.rows[r]].row.name;
      if (BeginsSmall(first)) cost += 2;
      if (!best || cost < best->cost) best = Choice{cost, above};
    }
    best_[key] = best;
    return best;
  }

  static bool BeginsSmall(const std::string& name) {
    return !name.empty() && name.front() >= 'a' && name.front() <= 'z';
  }

  const Run& run_;
  const std::vector<Read>& reads_;
  std::map<std::pair<size_t, size_t>, std::optional<Choice>> best_;
};

// The lines of each row's name above its counts, and below. Centred: see
// CentredSharing. At the bottom: all between two rows belong to the lower
// one. False where the parts do not add up.
bool ShareParts(const Run& run, const std::vector<Read>& reads, Setting setting,
                std::vector<size_t>* above, std::vector<size_t>* below) {
  if (setting == Setting::kAtBottom) {
    const std::vector<std::vector<size_t>>& parts = run.parts;
    above->assign(run.rows.size(), 0);
    below->assign(run.rows.size(), 0);
    for (size_t r = 0; r < run.rows.size(); ++r) (*above)[r] = parts[r].size();
    return parts.back().empty();
  }
  return CentredSharing(run, reads).Share(above, below);
}

// A run's rows with their names' parts put back; the parts' lines marked
// `left_out`.
void ReadRun(const Run& run, const std::vector<Read>& reads,
             const std::vector<Line>& lines, Setting setting, CentredCells* out,
             std::vector<bool>* left_out) {
  std::vector<size_t> above_row, below_row;
  if (!ShareParts(run, reads, setting, &above_row, &below_row)) {
    return;  // left to the reader, which says where it stops
  }
  // Region cell parts of the run, in order, go to the first row (a
  // region's table has one region cell), without its second print on a
  // page the run goes on to: pdftotext begins a page with a form feed, and
  // the lines there above the page's first row may be that print.
  RegionCellText region;
  bool above_page_rows = false;
  for (size_t i = run.first; i < run.end; ++i) {
    const Read& read = reads[i];
    above_page_rows = (above_page_rows || lines[i].text.starts_with('\f')) &&
                      read.kind != Kind::kRow;
    region.Add(read.kind == Kind::kRow ? read.row.region : read.region_part,
               above_page_rows);
  }
  for (size_t r = 0; r < run.rows.size(); ++r) {
    NameAndNumbers row = reads[run.rows[r]].row;
    const std::vector<size_t>& before = run.parts[r];
    const std::vector<size_t>& after = run.parts[r + 1];
    std::string name;
    for (size_t k = before.size() - above_row[r]; k < before.size(); ++k) {
      AppendWrapped(&name, reads[before[k]].name_part);
      (*left_out)[before[k]] = true;
    }
    AppendWrapped(&name, row.name);
    for (size_t k = 0; k < below_row[r] && k < after.size(); ++k) {
      AppendWrapped(&name, reads[after[k]].name_part);
      (*left_out)[after[k]] = true;
    }
    row.name = std::move(name);
    row.region = r == 0 ? region.text() : std::string();
    out->rows[lines[run.rows[r]].number] = std::move(row);
  }
  for (size_t i = run.first; i < run.end; ++i) {
    if (reads[i].kind == Kind::kPart && reads[i].name_part.empty()) {
      (*left_out)[i] = true;  // a region cell's part, read above
    }
  }
}

}  // namespace

CentredCells ReadCentredCells(const std::vector<Line>& lines,
                              const NameColumns& name_columns,
                              const RowSplitter& split_row) {
  if (name_columns.table <= 0) return {};
  const std::vector<Read> reads = ReadLines(lines, name_columns, split_row);
  std::vector<Run> runs = FindRuns(reads);
  const Setting setting = HowCellsAreSet(reads, runs, lines);
  if (setting == Setting::kOther) return {};
  JoinRowsBrokenOverPages(reads, lines, &runs);
  CentredCells out;
  std::vector<bool> left_out(lines.size(), false);
  for (const Run& run : runs) {
    ReadRun(run, reads, lines, setting, &out, &left_out);
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!left_out[i]) out.lines.push_back(lines[i]);
  }
  return out;
}

}  // namespace tkp::sdk
