// Bearer tokens: who may read and who may import.
//
// The tokens file has one token per line with its role, "reader" or
// "importer" ("#" starts a comment). Clients send "authorization: Bearer
// <token>". Without a tokens file every call is allowed (for loopback use).

#ifndef TKP_SERVER_TOKEN_AUTH_H_
#define TKP_SERVER_TOKEN_AUTH_H_

#include <grpcpp/server_context.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace tkp {

enum class Role { kReader, kImporter };

// Immutable after construction; safe to share between threads.
class TokenAuthenticator {
 public:
  // Everyone may do everything.
  TokenAuthenticator() = default;

  // Reads a tokens file; errors name the file and line. The file must not
  // be readable by others than its owner's group: it holds secrets.
  static absl::StatusOr<TokenAuthenticator> FromFile(const std::string& path);

  bool enabled() const { return !tokens_.empty(); }

  // OK when the call's metadata carries a token whose role allows `needed`
  // (an importer token may also read). UNAUTHENTICATED for a missing or
  // unknown token, PERMISSION_DENIED for a reader token on an import.
  // Tokens are compared in constant time and never appear in messages.
  absl::Status Check(
      const std::multimap<grpc::string_ref, grpc::string_ref>& metadata,
      Role needed) const;

  // The same for an HTTP request's Authorization header (nullopt: none).
  absl::Status CheckAuthorization(std::optional<absl::string_view> header,
                                  Role needed) const;

 private:
  struct Entry {
    std::array<unsigned char, 32> digest;  // SHA-256 of the token
    Role role;
  };
  std::vector<Entry> tokens_;
};

}  // namespace tkp

#endif  // TKP_SERVER_TOKEN_AUTH_H_
