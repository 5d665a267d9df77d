#include "server/http/request_target.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace tkp::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `plus_is_space`: in a query, as HTML forms send it.
absl::StatusOr<std::string> Decode(absl::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      const int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("bad percent-escape in \"", text,
                         "\": % must be followed by two "
                         "hexadecimal digits"));
      }
      const char decoded = static_cast<char>(high * 16 + low);
      if (decoded == '\0') {
        return absl::InvalidArgumentError("a NUL (%00) in the request target");
      }
      out += decoded;
      i += 2;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<RequestTarget> ParseRequestTarget(absl::string_view target) {
  if (target.empty() || target.front() != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("the request target \"", target, "\" is not a path"));
  }
  const size_t mark = target.find('?');
  const absl::string_view path = target.substr(0, mark);
  RequestTarget out;
  for (const absl::string_view segment :
       absl::StrSplit(path.substr(1), '/', absl::SkipEmpty())) {
    absl::StatusOr<std::string> decoded = Decode(segment, false);
    if (!decoded.ok()) return decoded.status();
    out.segments.push_back(*std::move(decoded));
  }
  if (mark == absl::string_view::npos) return out;
  for (const absl::string_view pair :
       absl::StrSplit(target.substr(mark + 1), '&', absl::SkipEmpty())) {
    const size_t equals = pair.find('=');
    absl::StatusOr<std::string> name = Decode(pair.substr(0, equals), true);
    if (!name.ok()) return name.status();
    absl::StatusOr<std::string> value =
        equals == absl::string_view::npos
            ? std::string()
            : Decode(pair.substr(equals + 1), true);
    if (!value.ok()) return value.status();
    if (!out.query.emplace(*name, *std::move(value)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("the query parameter \"", *name, "\" is given twice"));
    }
  }
  return out;
}

}  // namespace tkp::http
