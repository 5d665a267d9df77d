// Whether a line of text has the shape of a row of the publication's table:
// the test behind the fail-closed rule (nothing that looks like table data
// is left unread by an import that succeeds).

#ifndef TKP_CORE_TABLE_ROW_SHAPE_H_
#define TKP_CORE_TABLE_ROW_SHAPE_H_

#include "absl/strings/string_view.h"
#include "core/count_rule.h"  // LooksLikeCount: what a count looks like

namespace tkp {

// True for a line that ends in two or more counts ("Almelo 10 353", a row
// whose name wrapped away: "353 794 52 1.209"), or that starts with the
// TOTAAL AMR label and has a count after it. Words are split on white
// space, tabs and the no-break spaces PDF extraction leaves. Prose rarely ends
// in two numbers; a page number or a year is one.
bool LooksLikeTableRow(absl::string_view line);

}  // namespace tkp

#endif  // TKP_CORE_TABLE_ROW_SHAPE_H_
