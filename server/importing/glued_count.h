// A row's first count printed against the end of its name, without a gap
// ("Kollumerland en Nieuwkruisland31": Gnumeric lets a long name run up to
// the next cell's digits, and pdftotext then sees one word).

#ifndef TKP_SERVER_IMPORTING_GLUED_COUNT_H_
#define TKP_SERVER_IMPORTING_GLUED_COUNT_H_

#include "plugins/api/importer.h"

namespace tkp {

// Where a municipality row has four numbers, and its name ends in a count
// right after a letter that, taken as the first count, makes the four
// counts add up to the total: moves that count from the name to the
// cells and returns true. No municipality's name ends in digits, and the
// total must agree, so a row this reads is read right; any other row is
// left as it was (and refused for its missing number).
bool TakeGluedCount(plugin::RawRow* row);

}  // namespace tkp

#endif  // TKP_SERVER_IMPORTING_GLUED_COUNT_H_
