// What a worker's answer may hold, checked on its wire bytes before the
// server builds a single message from it: an answer is as untrusted as the
// document, and parsing 16 million empty rows out of a 32 MiB answer cost
// the server seconds of CPU and gigabytes it kept. The bounds are far
// above what any document holds (a region has at most a thousand rows, a
// national publication 35 regions), so only a broken or hostile plugin
// meets them.

#ifndef TKP_WORKER_PROTOCOL_ANSWER_BOUNDS_H_
#define TKP_WORKER_PROTOCOL_ANSWER_BOUNDS_H_

#include <string_view>

#include "absl/status/status.h"

namespace tkp::worker {

// Rows (municipalities and totals) in one answer, all documents together.
inline constexpr int kMaxAnswerRows = 50'000;
// A municipality's or region's name, a cell, a sheet's name, in bytes.
inline constexpr int kMaxNameBytes = 512;
// A line of text (a note, a line left unread, an error), in bytes.
inline constexpr int kMaxLineBytes = 8 << 10;

// OK when `answer`, the bytes of a Response (worker.proto), keeps every
// bound: counts of documents, rows, cells, notes and lines, and lengths of
// names and lines. INVALID_ARGUMENT otherwise, saying which bound, or that
// the bytes are no Response.
absl::Status CheckAnswerBounds(std::string_view answer);

}  // namespace tkp::worker

#endif  // TKP_WORKER_PROTOCOL_ANSWER_BOUNDS_H_
