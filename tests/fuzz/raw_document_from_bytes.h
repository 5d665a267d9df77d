// Builds the RawDocument an importer might report from arbitrary bytes, so
// the validator can be fuzzed with what no real importer would produce.
// Shared by the validation fuzzer and the regression test that replays its
// findings.

#ifndef TKP_TESTS_FUZZ_RAW_DOCUMENT_FROM_BYTES_H_
#define TKP_TESTS_FUZZ_RAW_DOCUMENT_FROM_BYTES_H_

#include <string_view>

#include "plugins/api/importer.h"

namespace tkp::fuzz {

// Each line's first byte picks a field (modulo 8, so the digits '0'-'7'
// spell it): 0 a region name, 1 the region code, 2 the period ("2023 4"),
// 3 a municipality row and 4 the TOTAAL AMR row ("name\tcell\tcell..."),
// 5 the register size, 6 the stated percentage, 7 a part or a page of the
// origin. The rest of the line is its text.
plugin::RawDocument RawDocumentFromBytes(std::string_view bytes);

}  // namespace tkp::fuzz

#endif  // TKP_TESTS_FUZZ_RAW_DOCUMENT_FROM_BYTES_H_
