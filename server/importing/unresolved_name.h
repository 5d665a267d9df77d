// What a printed municipality name that the catalog does not resolve may
// be, read against the municipalities of the document's region that year.
// Software that prints a table misprints its names in a few known ways: a
// cell too narrow for the name cuts it off ("Nuenen, Gerwen en Nederwett",
// Calc's PDF), a region cell runs into the name beside it ("8 Midden-
// GelderlandArnhem", "16 Zaanstreek/WateBeemster"), and a wrapped cell's
// text lands in the neighbouring row's name ("Heiloo Hollands"), and a
// wrapped region cell stands as a row's name ("Centraal"), and a name
// wrapped over two lines loses its first ("Odoorn"). The first two
// still say which municipality is meant; the others do not (where the
// neighbouring row holds the rest of the name, the validator mended the
// two first: server/importing/wrapped_between_rows.h). Any other name may
// be a municipality tkp does not know.

#ifndef TKP_SERVER_IMPORTING_UNRESOLVED_NAME_H_
#define TKP_SERVER_IMPORTING_UNRESOLVED_NAME_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/municipality_catalog.h"

namespace tkp {

struct NameReading {
  enum class Kind {
    // None of the region's municipalities: a name tkp does not know.
    kUnknown,
    // The beginning of exactly one of the region's municipalities' names.
    kClipped,
    // A municipality's name with pieces of the region cell beside it (the
    // region's number, a piece of its name as the cell cut or wrapped it),
    // or the word "gemeente".
    kAfterRegionCell,
    // A municipality's name with other text beside it: a wrapped part of
    // another row's name, or of a heading, read into this row's name.
    kRunOn,
    // A piece of the region's name and nothing else: the region cell read
    // as a row's name.
    kRegionCell,
    // A part of a municipality's name other than its beginning (and more
    // than an article): the rest of the name went elsewhere.
    kPartOf,
  };
  Kind kind = Kind::kUnknown;
  // The municipality meant (kClipped, kAfterRegionCell), found inside the
  // name (kRunOn) or holding it (kPartOf).
  const MunicipalityYear* municipality = nullptr;

  // Whether the row is refused: its name holds another cell's text.
  bool refused() const {
    return kind == Kind::kRunOn || kind == Kind::kRegionCell ||
           kind == Kind::kPartOf;
  }
};

// Reads `printed` against `members` (the region's municipalities that
// year). `region_number` is the region's number where the document gives
// it (0: not given); `region_names` its names, as the catalog and the
// document spell them.
NameReading ReadUnresolvedName(
    std::string_view printed,
    const std::vector<const MunicipalityYear*>& members, int region_number,
    const std::vector<std::string>& region_names);

// What the validator says of a reading: how the name was read, ending a
// note (kClipped, kAfterRegionCell); why the row is refused (refused()),
// after the row's place; "" for kUnknown. `year` and `region_name` are the
// publication's.
std::string ExplainReading(const NameReading& reading, int year,
                           std::string_view region_name);

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTING_UNRESOLVED_NAME_H_
