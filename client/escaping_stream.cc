#include "client/escaping_stream.h"

#include "core/printable.h"

namespace tkp::client {

EscapingStreambuf::int_type EscapingStreambuf::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof())) return 0;
  pending_ += traits_type::to_char_type(c);
  if (c == '\n') WriteCompleteLines();
  return c;
}

std::streamsize EscapingStreambuf::xsputn(const char* s, std::streamsize n) {
  pending_.append(s, static_cast<size_t>(n));
  WriteCompleteLines();
  return n;
}

int EscapingStreambuf::sync() {
  WriteCompleteLines();
  if (!pending_.empty()) Write(pending_);
  pending_.clear();
  target_.flush();
  return target_ ? 0 : -1;
}

void EscapingStreambuf::WriteCompleteLines() {
  size_t start = 0;
  for (size_t end; (end = pending_.find('\n', start)) != std::string::npos;
       start = end + 1) {
    Write(pending_.substr(start, end + 1 - start));
  }
  pending_.erase(0, start);
}

void EscapingStreambuf::Write(const std::string& line) {
  // The line's end as it is: "\n", or "\r\n".
  size_t body = line.size();
  if (body > 0 && line[body - 1] == '\n') --body;
  if (body > 0 && line[body - 1] == '\r' && body < line.size()) --body;
  target_ << EscapeUnprintable(line.substr(0, body)) << line.substr(body);
}

}  // namespace tkp::client
