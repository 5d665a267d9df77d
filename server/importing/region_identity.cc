#include "server/importing/region_identity.h"

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/name_normalizer.h"
#include "server/importing/place.h"

namespace tkp {
namespace {

// The name to serve, of the names a document prints for its one region:
// the first, unless another spells it with fewer spaces and is otherwise
// the same — a region cell too narrow for its name breaks a word
// ("Zaanstreek/Waterla" above "nd"), the register sentence below does not.
std::string PrintedName(const std::vector<plugin::Located>& names) {
  const auto without_spaces = [](const std::string& text) {
    std::string out;
    for (const char c : text) {
      if (c != ' ') out += c;
    }
    return out;
  };
  const std::string& first = names.front().text;
  const std::string joined = without_spaces(first);
  const std::string* best = &first;
  for (const plugin::Located& other : names) {
    if (without_spaces(other.text) == joined &&
        other.text.size() < best->size()) {
      best = &other.text;
    }
  }
  return *best;
}

// The fewest letters a clipped region cell keeps for it to be read as the
// name it begins: fewer could begin several regions' names.
constexpr size_t kMinClippedLetters = 6;

// Drops from `names` each one that a region cell too narrow for it cut off
// ("5 Stedendriehoek e", as Calc prints a cell whose text overflows into
// a filled neighbour): a name that begins another one the document prints
// in full and that names a region tkp knows. Notes each one dropped.
void DropClippedNames(const RegionCatalog& catalog,
                      const plugin::Origin& origin,
                      std::vector<plugin::Located>* names,
                      v1::RegionFigures* figures) {
  std::vector<plugin::Located> kept;
  for (const plugin::Located& name : *names) {
    const std::string key = NormalizeName(name.text);
    const plugin::Located* whole = nullptr;
    for (const plugin::Located& other : *names) {
      const std::string other_key = NormalizeName(other.text);
      if (key.size() >= kMinClippedLetters && other_key.size() > key.size() &&
          absl::StartsWith(other_key, key) &&
          catalog.Resolve(other.text).known) {
        whole = &other;
        break;
      }
    }
    if (whole == nullptr) {
      kept.push_back(name);
      continue;
    }
    figures->add_notes(absl::StrCat(
        "region \"", name.text, "\" (", DescribeLine(origin, name.line),
        ") is the beginning of \"", whole->text, "\" (",
        DescribeLine(origin, whole->line),
        "): a cell too narrow for the name cut it off"));
  }
  *names = std::move(kept);
}

}  // namespace

absl::Status IdentifyRegion(const plugin::RawDocument& doc,
                            const std::string& file_name,
                            const RegionCatalog& catalog,
                            v1::RegionFigures* figures) {
  const auto at = [&](int line) {
    return DescribePlace(file_name, doc.origin, line);
  };
  const auto line_words = [&](int line) {
    return DescribeLine(doc.origin, line);
  };
  const auto refuse = [](const std::string& where, const std::string& what) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", what));
  };
  v1::Region* out = figures->mutable_region();
  std::optional<ResolvedRegion> by_code;
  const plugin::Located& code = doc.region_code;
  if (RegionCatalog::IsCbsCode(code.text)) {
    by_code = catalog.ResolveCode(code.text);
    if (!by_code) {
      return refuse(at(code.line),
                    absl::StrCat("region code \"", code.text,
                                 "\" is not the CBS code of a labour-market "
                                 "region (AM01 to AM38, see tkp coverage)"));
    }
    out->set_cbs_code(absl::AsciiStrToUpper(code.text));
  } else if (!code.empty()) {
    int number = 0;
    if (!absl::SimpleAtoi(code.text, &number) || number <= 0) {
      return refuse(at(code.line),
                    absl::StrCat("region number \"", code.text,
                                 "\" is neither a positive whole number nor "
                                 "a CBS region code like AM05"));
    }
    out->set_code(number);
  }
  // A CBS code among the names ("AM17" in a region cell, a long-format
  // file's code column beside its number) identifies the region as a
  // code does; the spelled names are checked against it below.
  std::vector<plugin::Located> names;
  plugin::Located code_given = code;  // where by_code comes from
  for (const plugin::Located& name : doc.region_names) {
    if (!RegionCatalog::IsCbsCode(name.text)) {
      names.push_back(name);
      continue;
    }
    const std::optional<ResolvedRegion> named = catalog.ResolveCode(name.text);
    if (!named) {
      return refuse(at(name.line),
                    absl::StrCat("region code \"", name.text,
                                 "\" is not the CBS code of a labour-market "
                                 "region (AM01 to AM38, see tkp coverage)"));
    }
    if (by_code && by_code->key != named->key) {
      return refuse(
          at(name.line),
          absl::StrCat("region code ", name.text, " is ", named->name, ", but ",
                       line_words(code_given.line), " gives ", code_given.text,
                       ", which is ", by_code->name));
    }
    by_code = named;
    code_given = name;
    out->set_cbs_code(absl::AsciiStrToUpper(name.text));
  }
  DropClippedNames(catalog, doc.origin, &names, figures);
  if (names.empty()) {
    if (!by_code) {
      return refuse(at(doc.rows.front().line),
                    "the table that starts here names no region: no period "
                    "line with the region's name above it, no region line "
                    "below its TOTAAL AMR row, no register sentence, no "
                    "region cell");
    }
    out->set_name(by_code->name);
    out->set_key(by_code->key);
    return absl::OkStatus();
  }
  const plugin::Located& first = names.front();
  const ResolvedRegion region = catalog.Resolve(first.text);
  if (region.key.empty()) {
    return refuse(at(first.line), absl::StrCat("region name \"", first.text,
                                               "\" has no letters"));
  }
  for (const plugin::Located& other : names) {
    if (catalog.Resolve(other.text).key != region.key) {
      return refuse(
          at(other.line),
          absl::StrCat("names region \"", other.text, "\" but ",
                       line_words(first.line), " names \"", first.text,
                       "\"; one document holds one "
                       "region"));
    }
  }
  if (by_code && region.known && by_code->key != region.key) {
    return refuse(at(code_given.line),
                  absl::StrCat("region code ", out->cbs_code(), " is ",
                               by_code->name, ", but ", line_words(first.line),
                               " names \"", first.text, "\""));
  }
  out->set_name(PrintedName(names));
  out->set_key(by_code ? by_code->key : region.key);
  if (!by_code) out->set_cbs_code(region.cbs_code);
  if (!region.known && by_code) {
    figures->add_notes(
        absl::StrCat("region \"", first.text, "\" (", line_words(first.line),
                     ") is not a spelling tkp knows; identified as ",
                     by_code->name, " by its code ", out->cbs_code()));
  } else if (!region.known) {
    figures->add_notes(
        absl::StrCat("region \"", first.text, "\" (", line_words(first.line),
                     ") is not one of the ", catalog.size(),
                     " known labour-market regions; kept under its own name"));
  }
  return absl::OkStatus();
}

}  // namespace tkp
