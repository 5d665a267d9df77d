// Everything the CLI prints from a server (figures, names, notes, error
// messages that may quote a plugin or a worker's stderr) passes through
// one filter: a line is written out once it is complete, with every
// character core/printable.h calls unprintable escaped ("\x1b",
// "\u202e"). A line's own end ("\n", or CSV's "\r\n") is kept.

#ifndef TKP_CLIENT_ESCAPING_STREAM_H_
#define TKP_CLIENT_ESCAPING_STREAM_H_

#include <ostream>
#include <streambuf>
#include <string>

namespace tkp::client {

class EscapingStreambuf final : public std::streambuf {
 public:
  explicit EscapingStreambuf(std::ostream& target) : target_(target) {}
  ~EscapingStreambuf() override { sync(); }

 protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  // Writes what is pending, a partial line too.
  int sync() override;

 private:
  void WriteCompleteLines();
  void Write(const std::string& line);

  std::ostream& target_;
  std::string pending_;
};

// An ostream over EscapingStreambuf, flushed at destruction.
class EscapingStream final : public std::ostream {
 public:
  explicit EscapingStream(std::ostream& target)
      : std::ostream(&buffer_), buffer_(target) {}
  ~EscapingStream() override { flush(); }

 private:
  EscapingStreambuf buffer_;
};

}  // namespace tkp::client

#endif  // TKP_CLIENT_ESCAPING_STREAM_H_
