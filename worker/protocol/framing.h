// Length-prefixed protobuf messages over a file descriptor: four bytes of
// length (little-endian), then the message. The reader bounds the length
// before it allocates, so a peer cannot make it allocate more than it
// allows.

#ifndef TKP_WORKER_PROTOCOL_FRAMING_H_
#define TKP_WORKER_PROTOCOL_FRAMING_H_

#include <google/protobuf/message_lite.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace tkp::worker {

inline constexpr size_t kFrameHeaderBytes = 4;

// The frame's bytes: header and message.
std::string Frame(const google::protobuf::MessageLite& message);

// The length a frame header announces.
uint32_t FrameLength(absl::string_view header);

// Blocking: writes the whole frame to `fd`.
absl::Status WriteFrame(int fd, const google::protobuf::MessageLite& message);

// Blocking: reads one frame from `fd` into `message`. OUT_OF_RANGE at end of
// file before a frame begins; INVALID_ARGUMENT for a frame over
// `max_bytes`, cut off, or not a valid message.
absl::Status ReadFrame(int fd, size_t max_bytes,
                       google::protobuf::MessageLite* message);

}  // namespace tkp::worker

#endif  // TKP_WORKER_PROTOCOL_FRAMING_H_
