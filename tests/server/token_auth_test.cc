// Bearer tokens: the tokens file as an operator writes it (and gets it
// wrong), and what a call's metadata is allowed.
#include "server/services/token_auth.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <map>
#include <string>

#include "tests/support/temp_files.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::TempDir;

constexpr char kReader[] = "reader-token-0123456789";
constexpr char kImporter[] = "importer-token-0123456789";

// A tokens file only its owner and group may read.
std::string TokensFile(const TempDir& dir, const std::string& content) {
  const std::string path = dir.File("tokens");
  testing::WriteFileOrDie(path, content);
  ::chmod(path.c_str(), 0640);
  return path;
}

absl::StatusOr<TokenAuthenticator> Load(const std::string& content) {
  const TempDir dir;
  return TokenAuthenticator::FromFile(TokensFile(dir, content));
}

// A call's metadata with this authorization header (none when empty).
class Call {
 public:
  explicit Call(std::string authorization = "")
      : authorization_(std::move(authorization)) {
    if (!authorization_.empty()) {
      metadata_.emplace(grpc::string_ref(kHeader),
                        grpc::string_ref(authorization_));
    }
  }
  const std::multimap<grpc::string_ref, grpc::string_ref>& metadata() const {
    return metadata_;
  }

 private:
  static constexpr char kHeader[] = "authorization";
  std::string authorization_;
  std::multimap<grpc::string_ref, grpc::string_ref> metadata_;
};

TokenAuthenticator Both() {
  absl::StatusOr<TokenAuthenticator> auth =
      Load(std::string("# who may do what\n") + kReader + " reader\n\n" +
           kImporter + "\timporter  \n");
  EXPECT_TRUE(auth.ok()) << auth.status();
  return *std::move(auth);
}

TEST(TokenAuthTest, WithoutATokensFileEveryCallIsAllowed) {
  const TokenAuthenticator open;
  EXPECT_FALSE(open.enabled());
  EXPECT_TRUE(open.Check(Call().metadata(), Role::kImporter).ok());
}

TEST(TokenAuthTest, AReaderReadsAndAnImporterDoesBoth) {
  const TokenAuthenticator auth = Both();
  EXPECT_TRUE(auth.enabled());
  const Call reader(std::string("Bearer ") + kReader);
  const Call importer(std::string("bearer  ") + kImporter);  // any case
  EXPECT_TRUE(auth.Check(reader.metadata(), Role::kReader).ok());
  EXPECT_TRUE(auth.Check(importer.metadata(), Role::kReader).ok());
  EXPECT_TRUE(auth.Check(importer.metadata(), Role::kImporter).ok());
  const absl::Status denied = auth.Check(reader.metadata(), Role::kImporter);
  EXPECT_EQ(denied.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(denied.message(), HasSubstr("use an importer token"));
}

TEST(TokenAuthTest,
     AMissingWrongOrUnknownTokenIsUnauthenticatedAndNeverEchoed) {
  const TokenAuthenticator auth = Both();
  for (const std::string& header :
       {std::string(), std::string("Basic ") + kReader,
        std::string("Bearer ") + kReader + "x", std::string("Bearer ")}) {
    const absl::Status status =
        auth.Check(Call(header).metadata(), Role::kReader);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << header;
    EXPECT_THAT(status.message(), Not(HasSubstr(kReader))) << header;
  }
}

TEST(TokenAuthTest, AFileEveryoneMayReadIsRefused) {
  const TempDir dir;
  const std::string path = TokensFile(dir, std::string(kReader) + " reader\n");
  ::chmod(path.c_str(), 0644);
  const auto auth = TokenAuthenticator::FromFile(path);
  EXPECT_EQ(auth.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(auth.status().message(), HasSubstr("chmod o-r " + path));
}

TEST(TokenAuthTest, AMistakeInTheFileNamesItsLine) {
  const struct {
    std::string content;
    std::string message;
  } cases[] = {
      {std::string(kReader) + " reader\n" + kImporter + "\n",
       "line 2: expected \"<token> reader|importer\""},
      {std::string("\n") + kReader + " admin\n",
       "line 2: role \"admin\" is neither reader nor importer"},
      {"short reader\n", "line 1: token shorter than 16 characters"},
      {"# nothing but a comment\n", "lists no tokens"},
  };
  for (const auto& c : cases) {
    const auto auth = Load(c.content);
    EXPECT_EQ(auth.status().code(), absl::StatusCode::kInvalidArgument)
        << c.content;
    EXPECT_THAT(auth.status().message(), HasSubstr(c.message)) << c.content;
  }
  EXPECT_FALSE(TokenAuthenticator::FromFile("/nonexistent/tokens").ok());
}

}  // namespace
}  // namespace tkp
