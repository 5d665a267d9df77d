#include "server/services/token_auth.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/util/files.h"

namespace tkp {
namespace {

// Hashing first makes every comparison the same length, so CRYPTO_memcmp
// leaks neither content nor length.
std::array<unsigned char, 32> Digest(absl::string_view token) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(),
             nullptr);
  return digest;
}

}  // namespace

absl::StatusOr<TokenAuthenticator> TokenAuthenticator::FromFile(
    const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && (info.st_mode & S_IROTH) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "tokens file ", path,
        " is readable by everyone; it holds secrets (chmod o-r ", path, ")"));
  }
  absl::StatusOr<std::string> content = ReadFile(path);
  if (!content.ok()) return content.status();
  TokenAuthenticator auth;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(*content, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    const std::string where =
        absl::StrCat("tokens file ", path, " line ", line_number);
    if (words.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": expected \"<token> reader|importer\""));
    }
    Entry entry{Digest(words[0]), Role::kReader};
    if (words[1] == "importer") {
      entry.role = Role::kImporter;
    } else if (words[1] != "reader") {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": role \"", words[1], "\" is neither reader nor importer"));
    }
    if (words[0].size() < 16) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": token shorter than 16 characters"));
    }
    auth.tokens_.push_back(entry);
  }
  if (auth.tokens_.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("tokens file ", path, " lists no tokens"));
  }
  return auth;
}

absl::Status TokenAuthenticator::Check(
    const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
    Role needed) const {
  const auto header = metadata.find("authorization");
  if (header == metadata.end()) return CheckAuthorization(std::nullopt, needed);
  return CheckAuthorization(
      absl::string_view(header->second.data(), header->second.size()), needed);
}

absl::Status TokenAuthenticator::CheckAuthorization(
    std::optional<absl::string_view> header, Role needed) const {
  if (tokens_.empty()) return absl::OkStatus();
  if (!header.has_value()) {
    return absl::UnauthenticatedError(
        "this server needs a token: send \"authorization: Bearer <token>\" "
        "(tkp --token-file or TKP_TOKEN)");
  }
  const absl::string_view value = *header;
  constexpr absl::string_view kScheme = "Bearer ";
  if (!absl::StartsWithIgnoreCase(value, kScheme)) {
    return absl::UnauthenticatedError(
        "the authorization header is not \"Bearer <token>\"");
  }
  const std::array<unsigned char, 32> digest =
      Digest(absl::StripAsciiWhitespace(value.substr(kScheme.size())));
  const Entry* match = nullptr;
  for (const Entry& entry : tokens_) {  // no early exit: constant time
    if (CRYPTO_memcmp(entry.digest.data(), digest.data(), digest.size()) == 0) {
      match = &entry;
    }
  }
  if (match == nullptr) {
    return absl::UnauthenticatedError("unknown token");
  }
  if (needed == Role::kImporter && match->role != Role::kImporter) {
    return absl::PermissionDeniedError(
        "this token may read but not import; use an importer token");
  }
  return absl::OkStatus();
}

}  // namespace tkp
