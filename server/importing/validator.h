// Turns what an importer read (raw text with line numbers) into checked
// figures, or refuses the document with a message that names the file, the
// line and the row. The one place where tkp's rules live, so every layout
// obeys the same ones:
//  - nothing the importer passed over looks like table data (fail closed:
//    an import that succeeds serves every figure of the document);
//  - at least one municipality row and a TOTAAL AMR row (else: cut off);
//  - every row has four counts and a total that is their sum;
//  - no negative, fractional or overflowing count, no municipality twice
//    (also under two spellings of one CBS code);
//  - each municipality resolves to its CBS code for the period; one tkp
//    cannot resolve, or that belonged to another region that year, is kept
//    with a note (the reference data can be wrong, the document right);
//  - the TOTAAL AMR row equals the column sums; a missing total there is
//    derived and noted, a wrong figure refuses the document;
//  - one period (document or request, and they agree) and one region;
//  - the stated percentage agrees with the computed coverage when rounded
//    (a disagreement is a note, not a refusal);
//  - a region's printed names, number and CBS code ("AM05") agree; a code
//    alone identifies a region; a region the catalog does not know is
//    accepted with a note.

#ifndef TKP_SERVER_VALIDATOR_H_
#define TKP_SERVER_VALIDATOR_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/municipality_catalog.h"
#include "core/period.h"
#include "core/region_catalog.h"
#include "plugins/api/importer.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// Rows beyond this mean a broken importer or document, not a region.
inline constexpr int kMaxRows = 1000;

struct ValidationContext {
  std::string file_name;
  // The period from the import request, if it gave one.
  std::optional<PeriodKey> requested_period;
  const RegionCatalog* catalog = &RegionCatalog::BuiltIn();
  const MunicipalityCatalog* municipalities = &MunicipalityCatalog::BuiltIn();
};

// The figures (without their source, which the caller fills in), or
// INVALID_ARGUMENT saying what to fix.
absl::StatusOr<v1::RegionFigures> Validate(const plugin::RawDocument& document,
                                           const ValidationContext& context);

}  // namespace tkp

#endif  // TKP_SERVER_VALIDATOR_H_
