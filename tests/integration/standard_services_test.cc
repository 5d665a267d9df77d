// The standard gRPC surfaces a generic client relies on: the health service
// and server reflection.

#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "proto/reflection_client.pb.h"
#include "tests/support/health_check.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_support.h"

namespace tkp {
namespace {

using ::testing::Contains;
using testing::Health;
using testing::HealthStatus;

// One request on grpc.reflection.v1alpha's bidirectional stream, through a
// generic stub (see tests/proto/reflection_client.proto for why).
testing::reflection::ReflectionResponse Reflect(
    const std::string& address,
    const testing::reflection::ReflectionRequest& request) {
  grpc::GenericStub stub(
      grpc::CreateChannel(address, grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(
      &context,
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](int id) {
    EXPECT_TRUE(cq.Next(&tag, &ok));
    EXPECT_EQ(tag, reinterpret_cast<void*>(static_cast<intptr_t>(id)));
    return ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  EXPECT_TRUE(step(1));
  const std::string bytes = request.SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer out(&slice, 1);
  call->Write(out, reinterpret_cast<void*>(2));
  EXPECT_TRUE(step(2));
  call->WritesDone(reinterpret_cast<void*>(3));
  EXPECT_TRUE(step(3));
  grpc::ByteBuffer in;
  call->Read(&in, reinterpret_cast<void*>(4));
  EXPECT_TRUE(step(4));
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  EXPECT_TRUE(status.ok()) << status.error_message();

  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(in.Dump(&slices).ok());
  std::string received;
  for (const grpc::Slice& s : slices) {
    received.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  testing::reflection::ReflectionResponse response;
  EXPECT_TRUE(response.ParseFromString(received));
  return response;
}

TEST(StandardServicesTest, HealthIsServingForTheServerAndEachService) {
  testing::TempDir dir;
  testing::TestServer server(dir.path());
  grpc::Status status;
  EXPECT_EQ(Health(server.address(), "", &status), HealthStatus::SERVING);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(Health(server.address(), "tkp.v1.TransparencyService", &status),
            HealthStatus::SERVING);
  EXPECT_EQ(Health(server.address(), "tkp.v1.ImportService", &status),
            HealthStatus::SERVING);
  Health(server.address(), "no.such.Service", &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(StandardServicesTest, NotServingUntilTheDataDirIsRestored) {
  // The restore takes the data dir's commit lock: holding it here keeps
  // the server restoring.
  testing::TempDir dir;
  testing::DataDirLock lock(dir.path());
  testing::WriteFileOrDie(dir.path() + "/publications/2020Q1_bad.tkppub",
                          "not a publication");
  testing::ServerProcess server({"--data-dir", dir.path()},
                                /*until_listening=*/true);
  ASSERT_TRUE(server.running()) << server.log();

  grpc::Status status;
  EXPECT_EQ(Health(server.address(), "", &status), HealthStatus::NOT_SERVING);
  EXPECT_TRUE(status.ok()) << status.error_message();
  auto stub = v1::TransparencyService::NewStub(grpc::CreateChannel(
      server.address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  v1::ListPublicationsResponse response;
  status = stub->ListPublications(&context, {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("restoring"));

  lock.Release();  // lets the restore go on
  const auto deadline =
      std::chrono::steady_clock::now() + testing::kSettleWithin;
  HealthStatus::ServingStatus now = HealthStatus::NOT_SERVING;
  while (now != HealthStatus::SERVING &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    now = Health(server.address(), "", &status);
  }
  EXPECT_EQ(now, HealthStatus::SERVING);
  EXPECT_EQ(server.Stop(), 0);
  EXPECT_THAT(server.log(), ::testing::HasSubstr("not a tkp publication"));
}

TEST(StandardServicesTest, ReflectionListsAndDescribesOurServices) {
  testing::TempDir dir;
  testing::TestServer server(dir.path());
  testing::reflection::ReflectionRequest list;
  list.set_list_services("");
  const auto services = Reflect(server.address(), list);
  std::vector<std::string> names;
  for (const auto& s : services.list_services_response().service()) {
    names.push_back(s.name());
  }
  EXPECT_THAT(names, Contains("tkp.v1.TransparencyService"));
  EXPECT_THAT(names, Contains("tkp.v1.ImportService"));
  EXPECT_THAT(names, Contains("grpc.health.v1.Health"));

  testing::reflection::ReflectionRequest describe;
  describe.set_file_containing_symbol("tkp.v1.TransparencyService");
  const auto files = Reflect(server.address(), describe);
  ASSERT_GT(files.file_descriptor_response().file_descriptor_proto_size(), 0);
  EXPECT_THAT(files.file_descriptor_response().file_descriptor_proto(0),
              ::testing::HasSubstr("GetRegionTotals"));
}

}  // namespace
}  // namespace tkp
