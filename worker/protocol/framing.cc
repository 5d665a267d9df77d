#include "worker/protocol/framing.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace tkp::worker {
namespace {

// Reads exactly `size` bytes; false at end of file or on an error (errno
// then says which; 0 for end of file).
bool ReadExactly(int fd, char* out, size_t size) {
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, out + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = 0;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::string Frame(const google::protobuf::MessageLite& message) {
  const std::string body = message.SerializeAsString();
  const auto size = static_cast<uint32_t>(body.size());
  std::string frame(kFrameHeaderBytes, '\0');
  for (size_t i = 0; i < kFrameHeaderBytes; ++i) {
    frame[i] = static_cast<char>((size >> (8 * i)) & 0xff);
  }
  return frame + body;
}

uint32_t FrameLength(absl::string_view header) {
  uint32_t size = 0;
  for (size_t i = 0; i < kFrameHeaderBytes && i < header.size(); ++i) {
    size |= static_cast<uint32_t>(static_cast<unsigned char>(header[i]))
            << (8 * i);
  }
  return size;
}

absl::Status WriteFrame(int fd, const google::protobuf::MessageLite& message) {
  const std::string frame = Frame(message);
  size_t done = 0;
  while (done < frame.size()) {
    const ssize_t n = ::write(fd, frame.data() + done, frame.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::UnavailableError(absl::StrCat(
          "cannot write to the other end: ", std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::Status ReadFrame(int fd, size_t max_bytes,
                       google::protobuf::MessageLite* message) {
  char header[kFrameHeaderBytes];
  if (!ReadExactly(fd, header, sizeof(header))) {
    return errno == 0 ? absl::OutOfRangeError("end of input")
                      : absl::UnavailableError(std::strerror(errno));
  }
  const uint32_t size = FrameLength(absl::string_view(header, sizeof(header)));
  if (size > max_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "a message of ", size, " bytes, over the ", max_bytes, " allowed"));
  }
  std::string body(size, '\0');
  if (!ReadExactly(fd, body.data(), size)) {
    return absl::InvalidArgumentError("a message cut off");
  }
  if (!message->ParseFromString(body)) {
    return absl::InvalidArgumentError("a message that does not parse");
  }
  return absl::OkStatus();
}

}  // namespace tkp::worker
