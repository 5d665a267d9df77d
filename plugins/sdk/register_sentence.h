// Finds the sentence, printed after the table in every known layout, that
// gives the size of the region's target-group register and the percentage
// of it known in Sonar: "... in de arbeidsmarktregio <regio> bevat het
// doelgroepregister ... in totaal <n> personen. ... <p>% ... bekend ...".
// PDF extraction breaks it over lines, so it is read across them.

#ifndef TKP_PLUGINS_SDK_REGISTER_SENTENCE_H_
#define TKP_PLUGINS_SDK_REGISTER_SENTENCE_H_

#include <vector>

#include "plugins/api/importer.h"
#include "plugins/sdk/text.h"

namespace tkp::sdk {

struct RegisterSentence {
  plugin::Located register_size;   // "11.031"
  plugin::Located stated_percent;  // "74"
  plugin::Located region_name;     // the region the sentence names
};

// Reads the first register sentence in `lines`; fields it cannot find stay
// empty.
RegisterSentence FindRegisterSentence(const std::vector<Line>& lines);

// Reads the register sentence in lines[first...] into `doc`: its size, the
// percentage, and the region it names (one more mention to agree).
void ReadRegisterSentence(const std::vector<Line>& lines, size_t first,
                          plugin::RawDocument* doc);

}  // namespace tkp::sdk

#endif  // TKP_PLUGINS_SDK_REGISTER_SENTENCE_H_
