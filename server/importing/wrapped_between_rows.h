// A name that wrapped over two rows' lines, read half into each row:
// "Vianen Wijk bij" above "Duurstede", "Utrechtse" above "Heuvelrug Wijk
// bij Duurstede". Where a table's cells are centred on their rows, a name
// of two lines puts its counts beside one of them, and which row the other
// line belongs to is not in the layout; the reader (plugins/sdk) cannot
// tell, the municipalities of the region can.

#ifndef TKP_SERVER_IMPORTING_WRAPPED_BETWEEN_ROWS_H_
#define TKP_SERVER_IMPORTING_WRAPPED_BETWEEN_ROWS_H_

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugins/api/importer.h"

namespace tkp {

// The municipality of the document's region that a printed name is (its
// CBS code), or nullopt.
using MunicipalityOfRegion =
    std::function<std::optional<std::string>(std::string_view printed)>;

// Where two neighbouring municipality rows' names are neither a
// municipality of the region, and moving the last words of the first to
// the beginning of the second, or the first words of the second to the end
// of the first, makes them two different municipalities of the region —
// in exactly one way — moves those words. The counts stay on their lines:
// only which row the wrapped line's words belong to changes. Returns a
// note for each pair mended, its lines placed by `origin`; any other row
// is left as it was.
std::vector<std::string> MendNamesWrappedBetweenRows(
    const MunicipalityOfRegion& municipality_of, const plugin::Origin& origin,
    std::vector<plugin::RawRow>* rows);

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTING_WRAPPED_BETWEEN_ROWS_H_
