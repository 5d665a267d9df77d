// TLS, mutual TLS, bearer tokens and the plugin directory's permissions,
// with the real server and CLI as processes. Certificates are made for each
// run with the openssl command.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <regex>

#include "proto/health_client.grpc.pb.h"
#include "tests/support/certificates.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ProcessResult;
using testing::RunProcess;

constexpr char kReaderToken[] = "reader-token-0123456789abcdef";
constexpr char kImporterToken[] = "importer-token-0123456789abcdef";

using testing::Certificates;

ProcessResult Tkp(std::vector<std::string> args,
                  const std::vector<std::string>& env = {}) {
  args.insert(args.begin(), {TKP_CLI_BIN, "--timeout", "60"});
  return RunProcess(args, env);
}

TEST(SecurityTest, TokensGateReadsAndImportsAndAreNeverLogged) {
  testing::TempDir dir;
  const std::string tokens = dir.File("tokens");
  testing::WriteFileOrDie(tokens, std::string("# role per token\n") +
                                      kReaderToken + " reader\n" +
                                      kImporterToken + " importer\n");
  chmod(tokens.c_str(), 0600);
  testing::ServerProcess server(
      {"--data-dir", dir.File("data"), "--tokens-file", tokens});
  ASSERT_TRUE(server.running()) << server.log();
  const std::string at = "--server=" + server.address();
  const std::string sample = testing::SamplePath(testing::kSampleAmsterdamA);

  ProcessResult r = Tkp({at, "publications"});
  EXPECT_EQ(r.exit_code, 64 + 16) << r.err;  // UNAUTHENTICATED
  EXPECT_THAT(r.err, HasSubstr("needs a token"));

  r = Tkp({at, "publications"}, {"TKP_TOKEN=not-a-known-token-at-all"});
  EXPECT_EQ(r.exit_code, 64 + 16) << r.err;

  r = Tkp({at, "import", sample}, {std::string("TKP_TOKEN=") + kReaderToken});
  EXPECT_EQ(r.exit_code, 64 + 7) << r.err;  // PERMISSION_DENIED
  EXPECT_THAT(r.err, HasSubstr("may read but not import"));

  testing::WriteFileOrDie(dir.File("importer.token"),
                          std::string(kImporterToken) + "\n");
  r = Tkp({at, "--token-file", dir.File("importer.token"), "import", sample});
  EXPECT_EQ(r.exit_code, 0) << r.err;

  r = Tkp({at, "totals", "--region", "Groot Amsterdam"},
          {std::string("TKP_TOKEN=") + kReaderToken});
  EXPECT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(server.Stop(), 0);
  EXPECT_THAT(server.log(), HasSubstr("tokens required"));
  EXPECT_THAT(server.log(), HasSubstr("code=UNAUTHENTICATED"));
  EXPECT_THAT(server.log(), Not(HasSubstr(kReaderToken)));
  EXPECT_THAT(server.log(), Not(HasSubstr(kImporterToken)));
}

TEST(SecurityTest, WorldReadableTokensFileIsRefused) {
  testing::TempDir dir;
  const std::string tokens = dir.File("tokens");
  testing::WriteFileOrDie(tokens, std::string(kReaderToken) + " reader\n");
  chmod(tokens.c_str(), 0644);
  const ProcessResult r =
      RunProcess({TKP_SERVER_BIN, "--listen", "127.0.0.1:0", "--data-dir",
                  dir.File("data"), "--tokens-file", tokens});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("readable by everyone"));
}

TEST(SecurityTest, TlsServesTheCliWithTheRightCaAndRefusesPlaintext) {
  Certificates certs;
  testing::TempDir dir;
  testing::ServerProcess server({"--data-dir", dir.path(), "--tls-cert",
                                 certs.File("server.pem"), "--tls-key",
                                 certs.File("server.key")});
  ASSERT_TRUE(server.running()) << server.log();
  const std::string at = "--server=" + server.address();

  ProcessResult r = Tkp({at, "--tls-ca", certs.File("ca.pem"), "importers"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("layout-a"));

  r = Tkp({at, "importers"});  // plaintext to a TLS port: fails, no hang
  EXPECT_EQ(r.exit_code, 64 + 14) << r.err;
  r = Tkp({at, "--tls", "importers"});  // system roots do not know our CA
  EXPECT_EQ(r.exit_code, 64 + 14) << r.err;
}

TEST(SecurityTest, PlaintextHealthPortAnswersProbesBesideATlsPort) {
  Certificates certs;
  testing::TempDir dir;
  testing::ServerProcess server({"--data-dir", dir.path(), "--tls-cert",
                                 certs.File("server.pem"), "--tls-key",
                                 certs.File("server.key"), "--health-listen",
                                 "127.0.0.1:0"});
  ASSERT_TRUE(server.running()) << server.log();
  std::smatch match;
  const std::string log = server.log();
  ASSERT_TRUE(std::regex_search(
      log, match, std::regex(R"(health checks on \S+ \(port (\d+)\))")));
  auto health = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + match[1].str(), grpc::InsecureChannelCredentials()));
  for (const char* service : {"", "tkp.v1.TransparencyService"}) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(60));
    grpc::health::v1::HealthCheckRequest request;
    request.set_service(service);
    grpc::health::v1::HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.status(),
              grpc::health::v1::HealthCheckResponse::SERVING);
  }
  // The health port serves nothing else.
  auto stub = v1::TransparencyService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + match[1].str(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  v1::ListPublicationsResponse response;
  EXPECT_EQ(stub->ListPublications(&context, {}, &response).error_code(),
            grpc::StatusCode::UNIMPLEMENTED);
}

TEST(SecurityTest, MutualTlsRequiresAClientCertificate) {
  Certificates certs;
  testing::TempDir dir;
  testing::ServerProcess server({"--data-dir", dir.path(), "--tls-cert",
                                 certs.File("server.pem"), "--tls-key",
                                 certs.File("server.key"), "--tls-client-ca",
                                 certs.File("ca.pem")});
  ASSERT_TRUE(server.running()) << server.log();
  const std::string at = "--server=" + server.address();

  ProcessResult r = Tkp({at, "--tls-ca", certs.File("ca.pem"), "importers"});
  EXPECT_EQ(r.exit_code, 64 + 14) << r.err;
  r = Tkp({at, "--tls-ca", certs.File("ca.pem"), "--tls-cert",
           certs.File("client.pem"), "--tls-key", certs.File("client.key"),
           "importers"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST(SecurityTest, PluginDirectoryOthersCanWriteIsRefused) {
  testing::TempDir plugins;
  std::filesystem::copy_file(std::string(TKP_PLUGIN_DIR) + "/tkp_layout_a.so",
                             plugins.File("tkp_layout_a.so"));
  chmod(plugins.path().c_str(), 0777);
  testing::TempDir data;
  const ProcessResult r =
      RunProcess({TKP_SERVER_BIN, "--listen", "127.0.0.1:0", "--data-dir",
                  data.path(), "--plugin-dir", plugins.path()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("others than its owner can write"));
  EXPECT_THAT(r.err, HasSubstr("chmod go-w " + plugins.path()));

  // A safe directory with one group-writable library: that one is skipped.
  chmod(plugins.path().c_str(), 0755);
  std::filesystem::copy_file(std::string(TKP_PLUGIN_DIR) + "/tkp_layout_b.so",
                             plugins.File("tkp_layout_b.so"));
  chmod(plugins.File("tkp_layout_b.so").c_str(), 0664);
  testing::ServerProcess server(
      {"--data-dir", data.path(), "--plugin-dir", plugins.path()});
  ASSERT_TRUE(server.running()) << server.log();
  EXPECT_THAT(server.log(), HasSubstr("tkp_layout_b.so: has mode 0664"));
  EXPECT_THAT(server.log(), HasSubstr("importer layout-a"));
  EXPECT_THAT(server.log(), Not(HasSubstr("importer layout-b")));
}

}  // namespace
}  // namespace tkp
