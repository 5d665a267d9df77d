#include "server/importing/validator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/dutch_count.h"
#include "core/name_normalizer.h"
#include "core/printable.h"
#include "core/table_row_shape.h"
#include "proto/period_conversion.h"
#include "server/importing/glued_count.h"
#include "server/importing/place.h"
#include "server/importing/region_identity.h"
#include "server/importing/unresolved_name.h"
#include "server/importing/wrapped_between_rows.h"
#include "server/util/status_macros.h"

namespace tkp {
namespace {

using plugin::RawRow;

constexpr int kCounts = 4;  // the four counts before the total
constexpr std::array<const char*, kCounts + 1> kColumnNames = {
    "municipality clients with profile", "municipality clients without profile",
    "UWV clients with profile", "UWV clients without profile", "total"};

// Five figures of one row, checked.
using RowFigures = std::array<int64_t, kCounts + 1>;

class DocumentValidator {
 public:
  DocumentValidator(const plugin::RawDocument& document,
                    const ValidationContext& context)
      : doc_(document), context_(context) {}

  absl::StatusOr<v1::RegionFigures> Run() {
    TKP_RETURN_IF_ERROR(CheckPrintable());
    for (const std::string& note : doc_.notes) figures_.add_notes(note);
    for (RawRow& row : doc_.rows) {
      const std::string printed = row.name;
      if (TakeGluedCount(&row)) {
        figures_.add_notes(absl::StrCat(
            Line(row.line), " row \"", printed, "\": read as \"", row.name,
            "\" and a first count of ", row.cells.front(),
            ", printed against the name; with it the counts add up to the "
            "total"));
      }
    }
    TKP_RETURN_IF_ERROR(CheckRowCount());
    TKP_RETURN_IF_ERROR(CheckNothingLeftUnread());
    TKP_RETURN_IF_ERROR(ResolvePeriod());
    TKP_RETURN_IF_ERROR(
        IdentifyRegion(doc_, context_.file_name, *context_.catalog, &figures_));
    MendNamesWrappedOverRows();
    TKP_RETURN_IF_ERROR(CheckMunicipalities());
    TKP_RETURN_IF_ERROR(CheckRegionTotal());
    TKP_RETURN_IF_ERROR(CheckRegister());
    return std::move(figures_);
  }

 private:
  std::string At(int line) const {
    return DescribePlace(context_.file_name, doc_.origin, line);
  }
  std::string Line(int line) const { return DescribeLine(doc_.origin, line); }
  std::string AtRow(const RawRow& row) const {
    return absl::StrCat(At(row.line), " row \"", row.name, "\"");
  }
  absl::Status Refuse(const std::string& where, const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
  }

  // No text is stored that could do something on a terminal or in a log
  // (core/printable.h), whichever importer read it.
  absl::Status CheckPrintable() {
    const auto check = [&](absl::string_view text, int line,
                           const std::string& what) -> absl::Status {
      const std::optional<UnprintableCharacter> found = FindUnprintable(text);
      if (!found) return absl::OkStatus();
      return Refuse(
          At(line),
          absl::StrCat(what, " holds ", found->description, " at byte ",
                       found->offset + 1, " (\"", EscapeUnprintable(text),
                       "\"); nothing was stored. Such characters move a "
                       "terminal's cursor or reorder what it shows: remove "
                       "them from the document"));
    };
    for (const RawRow& row : doc_.rows) {
      TKP_RETURN_IF_ERROR(check(row.name, row.line, "the row's name"));
      for (size_t c = 0; c < row.cells.size(); ++c) {
        TKP_RETURN_IF_ERROR(
            check(row.cells[c], row.line,
                  absl::StrCat("row \"", EscapeUnprintable(row.name),
                               "\" cell ", c + 1)));
      }
    }
    for (const plugin::Located& name : doc_.region_names) {
      TKP_RETURN_IF_ERROR(check(name.text, name.line, "the region's name"));
    }
    for (const plugin::Located* located :
         {&doc_.region_code, &doc_.register_size, &doc_.stated_percent}) {
      TKP_RETURN_IF_ERROR(check(located->text, located->line, "the text"));
    }
    for (const std::string& note : doc_.notes) {
      TKP_RETURN_IF_ERROR(check(note, 0, "a note of the importer"));
    }
    return check(doc_.origin.part, 0, "the part's name");
  }

  // Fail closed: a line the importer passed over that has the shape of a
  // table row means figures the import would not serve.
  absl::Status CheckNothingLeftUnread() {
    for (const plugin::Located& line : doc_.unread) {
      if (!LooksLikeTableRow(line.text)) continue;
      return Refuse(
          At(line.line),
          absl::StrCat("\"", absl::StripAsciiWhitespace(line.text),
                       "\" looks like a row of the table, but no table "
                       "took it in, so its figures would not be served; "
                       "nothing was stored. Is a table's header, its TOTAAL "
                       "AMR row or its region line damaged or missing?"));
    }
    return absl::OkStatus();
  }

  absl::Status CheckRowCount() {
    int municipalities = 0;
    int totals = 0;
    for (const RawRow& row : doc_.rows) {
      if (row.kind == RawRow::Kind::kRegionTotal) {
        ++totals;
        if (totals == 1) total_row_ = &row;
        if (totals == 2) {
          return Refuse(AtRow(row),
                        "a second TOTAAL AMR row; one document "
                        "holds one region");
        }
      } else {
        if (totals > 0) {
          return Refuse(AtRow(row),
                        "a municipality row after the TOTAAL AMR row");
        }
        ++municipalities;
      }
    }
    if (doc_.rows.size() > static_cast<size_t>(kMaxRows)) {
      return Refuse(
          At(0), absl::StrCat(doc_.rows.size(),
                              " table rows; a region has at most ", kMaxRows));
    }
    if (municipalities == 0 && !doc_.rows.empty()) {
      return Refuse(AtRow(doc_.rows.front()),
                    "no municipality rows found above this TOTAAL AMR row: is "
                    "this a \"Transparantie van klantprofielen\" table in the "
                    "layout its importer reads?");
    }
    if (municipalities == 0) {
      return Refuse(At(0),
                    "no municipality rows found: is this a "
                    "\"Transparantie van klantprofielen\" table?");
    }
    if (total_row_ == nullptr) {
      const RawRow& last = doc_.rows.back();
      return Refuse(At(last.line),
                    absl::StrCat("the table ends after row \"", last.name,
                                 "\" without a TOTAAL AMR row; the document "
                                 "looks cut off"));
    }
    return absl::OkStatus();
  }

  absl::Status ResolvePeriod() {
    std::optional<PeriodKey> printed;
    if (doc_.period_year != 0 || doc_.period_quarter != 0) {
      printed = PeriodKey{doc_.period_year, doc_.period_quarter};
      if (absl::Status s = CheckPeriod(*printed); !s.ok()) {
        return Refuse(At(doc_.period_line),
                      absl::StrCat("the period ", s.message()));
      }
    }
    const std::optional<PeriodKey>& requested = context_.requested_period;
    if (printed && requested && *printed != *requested) {
      return Refuse(
          At(doc_.period_line),
          absl::StrCat("the document is for ", FormatPeriod(*printed),
                       " but the import asks for ", FormatPeriod(*requested),
                       "; drop --period or correct it"));
    }
    if (!printed && !requested) {
      return Refuse(At(0),
                    "the document names no period; give one with the import "
                    "(tkp import --period 2021Q3)");
    }
    *figures_.mutable_period() = ToProto(printed ? *printed : *requested);
    return absl::OkStatus();
  }

  // Parses the five figures of a row; a region-total row may lack its total.
  absl::StatusOr<RowFigures> ParseRow(const RawRow& row, bool* derived_total) {
    const bool is_total = row.kind == RawRow::Kind::kRegionTotal;
    const size_t cells = row.cells.size();
    if (cells != kCounts + 1 && !(is_total && cells == kCounts)) {
      return Refuse(AtRow(row),
                    absl::StrFormat("expected 5 numbers (four counts and "
                                    "their total), found %d",
                                    cells));
    }
    RowFigures figures{};
    for (size_t c = 0; c < cells; ++c) {
      absl::StatusOr<int64_t> value = ParseDutchCount(row.cells[c]);
      if (!value.ok()) {
        return Refuse(AtRow(row), absl::StrCat(kColumnNames[c], ": ",
                                               value.status().message()));
      }
      figures[c] = *value;
    }
    int64_t sum = 0;
    for (int c = 0; c < kCounts; ++c) sum += figures[c];
    if (sum > kMaxCount) {
      return Refuse(AtRow(row),
                    "the counts add up to more than tkp can "
                    "store");
    }
    *derived_total = cells == kCounts;
    if (*derived_total) {
      figures[kCounts] = sum;
    } else if (figures[kCounts] != sum) {
      return Refuse(AtRow(row),
                    absl::StrCat("the four counts add up to ",
                                 FormatDutchCount(sum), " but the total says ",
                                 FormatDutchCount(figures[kCounts])));
    }
    return figures;
  }

  // A name that wrapped over two rows' lines, read half into each
  // (server/importing/wrapped_between_rows.h), mended where the region's
  // municipalities say how.
  void MendNamesWrappedOverRows() {
    const int year = figures_.period().year();
    const std::vector<std::string> region_codes =
        context_.catalog->CodesOf(figures_.region().key());
    const auto municipality_of =
        [&](std::string_view printed) -> std::optional<std::string> {
      const std::optional<ResolvedMunicipality> resolved =
          context_.municipalities->Resolve(
              absl::string_view(printed.data(), printed.size()), year,
              region_codes);
      if (!resolved || !resolved->municipality.InRegion(region_codes)) {
        return std::nullopt;
      }
      return resolved->municipality.gm_code;
    };
    for (const std::string& note : MendNamesWrappedBetweenRows(
             municipality_of, doc_.origin, &doc_.rows)) {
      figures_.add_notes(note);
    }
  }

  absl::Status CheckMunicipalities() {
    // A municipality is its CBS code where tkp can resolve it, else its
    // normalised printed name.
    absl::flat_hash_map<std::string, const RawRow*> seen;
    const int year = figures_.period().year();
    const std::vector<std::string> region_codes =
        context_.catalog->CodesOf(figures_.region().key());
    for (const RawRow& row : doc_.rows) {
      if (row.kind != RawRow::Kind::kMunicipality) continue;
      const std::string key = NormalizeName(row.name);
      if (key.empty()) {
        return Refuse(At(row.line), "a row without a municipality name");
      }
      std::optional<ResolvedMunicipality> resolved =
          context_.municipalities->Resolve(row.name, year, region_codes);
      std::string misprint;  // how a misprinted name was read, if it was
      if (!resolved) {
        TKP_ASSIGN_OR_RETURN(misprint,
                             ReadMisprint(row, year, region_codes, &resolved));
      }
      // No municipality's name begins with a number; a region cell ("31
      // Helmond-De") run into the name does. Refused, not kept as printed.
      if (!resolved && absl::ascii_isdigit(static_cast<unsigned char>(
                           absl::StripLeadingAsciiWhitespace(row.name)[0]))) {
        return Refuse(
            AtRow(row),
            "a municipality's name does not begin with a number: is the "
            "region cell beside this row (its number and name) read into "
            "the municipality's name? The table's columns could not be told "
            "apart here; export the table again, or send its PDF");
      }
      const std::string identity =
          resolved ? resolved->municipality.gm_code : key;
      if (auto [it, inserted] = seen.emplace(identity, &row); !inserted) {
        return Refuse(
            AtRow(row),
            NormalizeName(it->second->name) == key || !resolved
                ? absl::StrCat("the municipality appears twice (first on ",
                               Line(it->second->line), ")")
                : absl::StrCat("the same municipality as row \"",
                               it->second->name, "\" on ",
                               Line(it->second->line), " (both ", identity, " ",
                               resolved->municipality.name, ")"));
      }
      bool derived = false;
      TKP_ASSIGN_OR_RETURN(const RowFigures figures, ParseRow(row, &derived));
      for (int c = 0; c <= kCounts; ++c) column_sums_[c] += figures[c];
      v1::Municipality* out = figures_.add_municipalities();
      // Ligatures as letters: the name as a reader types it.
      const std::string printed = PlainLetters(row.name);
      out->set_name(printed);
      if (!misprint.empty()) {
        out->set_name(resolved->municipality.name);
        figures_.add_notes(
            absl::StrCat(Line(row.line), " row \"", row.name, "\": read as \"",
                         resolved->municipality.name, "\" (",
                         resolved->municipality.gm_code, "), ", misprint));
      } else if (resolved &&
                 IsBrokenSpelling(printed, resolved->municipality.name)) {
        // A cell too narrow for the name broke a word where it wrapped
        // ("Midden-Groning" above "en"): the name as the year spells it.
        out->set_name(resolved->municipality.name);
        figures_.add_notes(
            absl::StrCat(Line(row.line), " row \"", row.name, "\": read as \"",
                         resolved->municipality.name,
                         "\", a word its cell broke where the name wrapped"));
      }
      SetCounts(figures, out->mutable_counts());
      if (resolved) {
        out->set_code(resolved->municipality.gm_code);
        NoteMembership(row, resolved->municipality, year, region_codes);
      } else {
        figures_.add_notes(absl::StrCat(
            Line(row.line), " row \"", row.name,
            "\": not a municipality tkp knows for ", year,
            " (core/data/refdata); kept as printed, without a CBS code"));
      }
    }
    return absl::OkStatus();
  }

  // A name the catalog does not resolve, read against the region's
  // municipalities that year (server/importing/unresolved_name.h): sets
  // *resolved and says how where the misprint still names one; refuses a
  // name with another cell's text in it; "" for a name tkp does not know.
  absl::StatusOr<std::string> ReadMisprint(
      const RawRow& row, int year, const std::vector<std::string>& region_codes,
      std::optional<ResolvedMunicipality>* resolved) {
    if (region_codes.empty()) return std::string();  // an unknown region
    std::vector<std::string> region_names = {figures_.region().name(),
                                             figures_.region().key()};
    if (const auto by_code =
            context_.catalog->ResolveCode(figures_.region().cbs_code())) {
      region_names.push_back(by_code->name);
    }
    const NameReading reading = ReadUnresolvedName(
        row.name, context_.municipalities->MembersOf(year, region_codes),
        figures_.region().code(), region_names);
    const std::string explained =
        ExplainReading(reading, year, figures_.region().name());
    if (reading.refused()) return Refuse(AtRow(row), explained);
    if (reading.municipality != nullptr) {
      *resolved = ResolvedMunicipality{*reading.municipality, ""};
    }
    return explained;
  }

  // A municipality that the reference data puts in another region that
  // year gets a note naming that region: a note, not a refusal.
  void NoteMembership(const RawRow& row, const MunicipalityYear& municipality,
                      int year, const std::vector<std::string>& region_codes) {
    if (region_codes.empty()) return;  // a region tkp does not know
    if (municipality.InRegion(region_codes)) return;
    const std::optional<ResolvedRegion> belonged =
        context_.catalog->ResolveCode(municipality.am_code);
    figures_.add_notes(absl::StrCat(
        Line(row.line), " row \"", row.name, "\": ", municipality.name, " (",
        municipality.gm_code, ") belonged to ",
        belonged ? belonged->name : municipality.am_code, " (",
        municipality.am_code, ") in ", year, ", not to ",
        figures_.region().name(), "; kept where the document puts it"));
  }

  absl::Status CheckRegionTotal() {
    const RawRow& row = *total_row_;
    bool derived = false;
    TKP_ASSIGN_OR_RETURN(const RowFigures figures, ParseRow(row, &derived));
    for (int c = 0; c <= kCounts; ++c) {
      if (figures[c] != column_sums_[c]) {
        return Refuse(
            AtRow(row),
            absl::StrCat(kColumnNames[c], " says ",
                         FormatDutchCount(figures[c]),
                         " but the municipalities add up to ",
                         FormatDutchCount(column_sums_[c]),
                         derived && c < kCounts
                             ? " (the row has only four numbers; is a cell "
                               "missing?)"
                             : ""));
      }
    }
    if (derived) {
      figures_.add_notes(absl::StrCat(
          Line(row.line), " row \"", row.name,
          "\": the total was missing and is derived from the four counts (",
          FormatDutchCount(figures[kCounts]), ")"));
    }
    SetCounts(figures, figures_.mutable_totals());
    const int64_t total = figures[kCounts];
    if (total > 0) {
      figures_.set_profile_share(static_cast<double>(figures[0] + figures[2]) /
                                 static_cast<double>(total));
    }
    return absl::OkStatus();
  }

  absl::Status CheckRegister() {
    if (doc_.register_size.empty()) {
      figures_.add_notes(
          "the document states no register size; coverage is unknown");
    } else {
      absl::StatusOr<int64_t> size = ParseDutchCount(doc_.register_size.text);
      if (!size.ok()) {
        return Refuse(At(doc_.register_size.line),
                      absl::StrCat("register size: ", size.status().message()));
      }
      if (*size == 0) {
        return Refuse(At(doc_.register_size.line),
                      "the register size is 0; coverage cannot be computed");
      }
      figures_.set_register_size(static_cast<int32_t>(*size));
      figures_.set_coverage(static_cast<double>(figures_.totals().total()) /
                            static_cast<double>(*size));
      if (figures_.coverage() > 1.0) {
        figures_.add_notes(absl::StrFormat(
            "more people are known in Sonar (%s) than the register holds "
            "(%s)",
            FormatDutchCount(figures_.totals().total()),
            FormatDutchCount(*size)));
      }
    }
    if (doc_.stated_percent.empty()) return absl::OkStatus();
    int percent = 0;
    if (!absl::SimpleAtoi(doc_.stated_percent.text, &percent) || percent < 0 ||
        percent > 1000) {
      return Refuse(At(doc_.stated_percent.line),
                    absl::StrCat("the percentage known in Sonar, \"",
                                 doc_.stated_percent.text,
                                 "\", is not a whole percentage"));
    }
    figures_.set_stated_coverage_percent(percent);
    if (figures_.has_coverage()) {
      const long computed = std::lround(figures_.coverage() * 100.0);
      if (computed != percent) {
        figures_.add_notes(absl::StrFormat(
            "%s: the document says %d%% is known in Sonar, but %s of "
            "%s is %.1f%%",
            Line(doc_.stated_percent.line), percent,
            FormatDutchCount(figures_.totals().total()),
            FormatDutchCount(figures_.register_size()),
            figures_.coverage() * 100.0));
      }
    }
    return absl::OkStatus();
  }

  static void SetCounts(const RowFigures& figures, v1::ClientCounts* out) {
    out->set_municipality_with_profile(static_cast<int32_t>(figures[0]));
    out->set_municipality_without_profile(static_cast<int32_t>(figures[1]));
    out->set_uwv_with_profile(static_cast<int32_t>(figures[2]));
    out->set_uwv_without_profile(static_cast<int32_t>(figures[3]));
    out->set_total(static_cast<int32_t>(figures[4]));
  }

  // A copy: rows whose first count was printed against the name are
  // mended first (server/importing/glued_count.h).
  plugin::RawDocument doc_;
  const ValidationContext& context_;
  const RawRow* total_row_ = nullptr;
  RowFigures column_sums_{};
  v1::RegionFigures figures_;
};

}  // namespace

absl::StatusOr<v1::RegionFigures> Validate(const plugin::RawDocument& document,
                                           const ValidationContext& context) {
  return DocumentValidator(document, context).Run();
}

}  // namespace tkp
