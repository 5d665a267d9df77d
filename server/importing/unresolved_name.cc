#include "server/importing/unresolved_name.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/name_normalizer.h"

namespace tkp {
namespace {

// The fewest letters and digits a clipped name keeps for it to be read as
// the one name of the region it begins: fewer begin too many names.
constexpr size_t kMinClipped = 5;
// The fewest a name must have to be looked for inside a longer one, or a
// part of one to be looked for in the names: a short name ("Ede", "Epe")
// is part of too many words.
constexpr size_t kMinPart = 4;

// Whether `text` (normalised, maybe empty) could be what a region cell
// left beside a name: a piece of one of the region's names, as a cell too
// narrow for it cuts and wraps it ("5 Stedendriehoek e", "No", "en
// Noordwest Ve").
bool IsRegionPiece(std::string_view text,
                   const std::vector<std::string>& region_keys) {
  if (text.empty()) return true;
  for (const std::string& key : region_keys) {
    if (key.find(text) != std::string::npos) return true;
  }
  return false;
}

// Whether `text` (normalised, maybe empty) may stand beside a name it does
// not change: a piece of the region cell, or the word "gemeente" ("Gemeente
// Utrecht").
bool IsBesideName(std::string_view text,
                  const std::vector<std::string>& region_keys) {
  return text == "gemeente" || IsRegionPiece(text, region_keys);
}

std::vector<std::string> Normalized(const std::vector<std::string>& names) {
  std::vector<std::string> keys;
  keys.reserve(names.size());
  for (const std::string& name : names) keys.push_back(NormalizeName(name));
  return keys;
}

// The region's names inside the printed one after its cell's number
// (`rest`; a short name only at its end, where a name stands after a
// region cell): the longest with only pieces of the region cell (or
// "gemeente") beside it is the name meant; where there is none, the
// longest found is a name with another cell's text beside it.
NameReading FindWithin(std::string_view rest, bool number_fits,
                       const std::vector<std::string>& names,
                       const std::vector<const MunicipalityYear*>& members,
                       const std::vector<std::string>& region_keys) {
  std::optional<size_t> meant, held;
  for (size_t m = 0; m < names.size(); ++m) {
    const std::string& name = names[m];
    if (name.empty() || name.size() > rest.size()) continue;
    const size_t at = name.size() >= kMinPart ? rest.rfind(name)
                      : rest.ends_with(name)  ? rest.size() - name.size()
                                              : std::string_view::npos;
    if (at == std::string_view::npos) continue;
    const bool beside_cell =
        number_fits && IsBesideName(rest.substr(0, at), region_keys) &&
        IsBesideName(rest.substr(at + name.size()), region_keys);
    std::optional<size_t>& slot = beside_cell ? meant : held;
    if (!slot || name.size() > names[*slot].size()) slot = m;
  }
  if (meant) return {NameReading::Kind::kAfterRegionCell, members[*meant]};
  if (held) return {NameReading::Kind::kRunOn, members[*held]};
  return {};
}

// Another part of one name, not its beginning: the rest went to another
// line ("Odoorn" below "Borger-"). Without only an article ("Ronde Venen"
// for De Ronde Venen) it is a name as people write it.
NameReading FindPartOf(const std::string& key,
                       const std::vector<std::string>& names,
                       const std::vector<const MunicipalityYear*>& members) {
  if (key.size() < kMinPart) return {};
  for (size_t m = 0; m < names.size(); ++m) {
    const size_t at = names[m].find(key);
    if (at == std::string::npos || at == 0) continue;
    const std::string_view missing = std::string_view(names[m]).substr(0, at);
    if (missing != "de" && missing != "den" && missing != "het" &&
        missing != "s" && missing != "t") {
      return {NameReading::Kind::kPartOf, members[m]};
    }
  }
  return {};
}

// The beginning of exactly one name: cut off.
NameReading FindClipped(const std::string& key,
                        const std::vector<std::string>& names,
                        const std::vector<const MunicipalityYear*>& members) {
  NameReading reading;
  if (key.size() < kMinClipped) return reading;
  for (size_t m = 0; m < names.size(); ++m) {
    if (names[m].size() <= key.size() || !names[m].starts_with(key)) {
      continue;
    }
    if (reading.municipality != nullptr) return {};  // several: unknown
    reading = {NameReading::Kind::kClipped, members[m]};
  }
  return reading;
}

}  // namespace

NameReading ReadUnresolvedName(
    std::string_view printed,
    const std::vector<const MunicipalityYear*>& members, int region_number,
    const std::vector<std::string>& region_names) {
  const std::string key =
      NormalizeName(absl::string_view(printed.data(), printed.size()));
  const std::vector<std::string> region_keys = Normalized(region_names);
  std::vector<std::string> names;  // normalised, as `members`
  names.reserve(members.size());
  for (const MunicipalityYear* member : members) {
    names.push_back(NormalizeName(member->name));
  }
  // A region cell's number first, which must be this region's.
  size_t digits = 0;
  while (digits < key.size() && key[digits] >= '0' && key[digits] <= '9') {
    ++digits;
  }
  int number = 0;
  const bool number_fits =
      digits == 0 || (absl::SimpleAtoi(key.substr(0, digits), &number) &&
                      (region_number == 0 || number == region_number));
  // A piece of the region's name alone, after its number or not: the
  // region cell, wrapped beside a row, read as the row's name ("Centraal"
  // of Zuid-Holland Centraal), even where a municipality's name is part of
  // it ("31 Helmond-De": Helmond).
  const std::string_view rest = std::string_view(key).substr(digits);
  if (!rest.empty() && (digits > 0 || rest.size() >= kMinPart) &&
      IsRegionPiece(rest, region_keys)) {
    return {NameReading::Kind::kRegionCell, nullptr};
  }
  if (NameReading within =
          FindWithin(rest, number_fits, names, members, region_keys);
      within.municipality != nullptr || digits > 0) {
    // The whole text the beginning of one name explains all of it, a
    // shorter name inside it only a part: "Haarlemmerliede en Spaarnw" is
    // Haarlemmerliede en Spaarnwoude cut off, not Haarlem with other text.
    if (within.kind == NameReading::Kind::kRunOn && digits == 0) {
      if (NameReading clipped = FindClipped(key, names, members);
          clipped.municipality != nullptr) {
        return clipped;
      }
    }
    return within;
  }
  if (NameReading part = FindPartOf(key, names, members);
      part.municipality != nullptr) {
    return part;
  }
  return FindClipped(key, names, members);
}

std::string ExplainReading(const NameReading& reading, int year,
                           std::string_view region_name) {
  // A refused row: why, then what to do.
  const auto refusal = [](const std::string& why) {
    return absl::StrCat(why,
                        "; nothing was stored. Check the table in the "
                        "document, or send it in another format (the "
                        "workbook, the PDF)");
  };
  switch (reading.kind) {
    case NameReading::Kind::kPartOf:
      return refusal(absl::StrCat(
          "not a municipality tkp knows for ", year, ", but a part of \"",
          reading.municipality->name,
          "\" of this region: the rest of the name, wrapped onto another "
          "line, was read elsewhere"));
    case NameReading::Kind::kClipped:
      return "the only municipality of the region whose name begins so: a "
             "cell too narrow for the name cut it off";
    case NameReading::Kind::kAfterRegionCell:
      return "with text beside it that only the region cell (its number, "
             "a piece of its name) or the word \"gemeente\" leaves";
    case NameReading::Kind::kRunOn:
      return refusal(absl::StrCat(
          "not a municipality tkp knows for ", year, ", but \"",
          reading.municipality->name,
          "\" of this region with other text beside it: a wrapped part of "
          "another row's name or of a heading read into this row's name"));
    case NameReading::Kind::kRegionCell:
      return refusal(absl::StrCat(
          "not a municipality but a piece of the region's name (",
          absl::string_view(region_name.data(), region_name.size()),
          "): the region cell, wrapped beside this row, read as its name"));
    case NameReading::Kind::kUnknown:
      break;
  }
  return "";
}

}  // namespace tkp
