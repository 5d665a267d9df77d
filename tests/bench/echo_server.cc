// tkp-echo-server: the ceiling tkp-bench measures tkp-server against. It is
// built by this project with the same gRPC and compiler flags and answers
// on the same callback API, doing nothing but returning the request, so
// what tkp-server costs beyond it is tkp's own work.
//
// Usage: tkp-echo-server --listen HOST:PORT   (port 0: any free port)
// Logs "serving on HOST:PORT (port N)" on stderr once it serves, as
// tkp-server does, and stops on SIGTERM or SIGINT.

#include <grpcpp/grpcpp.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "absl/synchronization/mutex.h"
#include "bench/echo.grpc.pb.h"

namespace tkp::bench {
namespace {

class EchoService final : public Echo::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const EchoMessage* request,
                                 EchoMessage* response) override {
    *response = *request;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

int Run(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  if (argc == 3 && std::string(argv[1]) == "--listen") {
    listen = argv[2];
  } else if (argc != 1) {
    std::fprintf(stderr, "usage: tkp-echo-server [--listen HOST:PORT]\n");
    return 2;
  }
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // As tkp-server does (see server/main.cc): gRPC's own runtime settings
  // are the same for the ceiling.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);

  EchoService service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &port);
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.RegisterService(&service);
  const std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    std::fprintf(stderr, "tkp-echo-server: cannot listen on %s\n",
                 listen.c_str());
    return 1;
  }
  std::fprintf(stderr, "tkp-echo-server: serving on %s (port %d)\n",
               listen.c_str(), port);
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server->Shutdown();
  });
  server->Wait();
  stopper.join();
  return 0;
}

}  // namespace
}  // namespace tkp::bench

int main(int argc, char** argv) { return tkp::bench::Run(argc, argv); }
