// Which region a document's table is for: the one rule for a region's
// identity, whichever importer read the document.

#ifndef TKP_SERVER_REGION_IDENTITY_H_
#define TKP_SERVER_REGION_IDENTITY_H_

#include <string>

#include "absl/status/status.h"
#include "core/region_catalog.h"
#include "plugins/api/importer.h"
#include "tkp/v1/tkp.pb.h"

namespace tkp {

// Sets figures->region from what the document prints: its names (which
// must all name one region), its number, and CBS codes ("AM05") — as its
// code or among its names, as a region cell or a long-format file's code
// column gives them — which identify a region on their own and must agree
// with its names. A name the catalog does not know is kept with a note
// (identified by its code when there is one). INVALID_ARGUMENT naming the
// file and line (`file_name`, the document's origin) when they disagree or
// name no region.
absl::Status IdentifyRegion(const plugin::RawDocument& doc,
                            const std::string& file_name,
                            const RegionCatalog& catalog,
                            v1::RegionFigures* figures);

}  // namespace tkp

#endif  // TKP_SERVER_REGION_IDENTITY_H_
