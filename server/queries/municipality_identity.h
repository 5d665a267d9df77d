// Which municipality a stored row is. The history, the changes and the
// export all ask here, so they agree on it.

#ifndef TKP_SERVER_QUERIES_MUNICIPALITY_IDENTITY_H_
#define TKP_SERVER_QUERIES_MUNICIPALITY_IDENTITY_H_

#include <string>

#include "core/municipality_catalog.h"
#include "core/region_catalog.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// The GM code the validator resolved when the publication was imported;
// for a publication stored before tkp resolved codes, the code the
// reference data gives the printed name for its period and region now;
// empty when neither knows it.
std::string MunicipalityCodeOf(const v1::Municipality& municipality,
                               const v1::RegionFigures& publication,
                               const RegionCatalog& regions,
                               const MunicipalityCatalog& municipalities);

// What identifies the row within one comparison: its GM code, or for a name
// tkp cannot resolve, its normalised printed name (marked so that it never
// equals a code).
std::string MunicipalityKeyOf(const v1::Municipality& municipality,
                              const v1::RegionFigures& publication,
                              const RegionCatalog& regions,
                              const MunicipalityCatalog& municipalities);

}  // namespace tkp

#endif  // TKP_SERVER_QUERIES_MUNICIPALITY_IDENTITY_H_
