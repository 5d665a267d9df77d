// tkp-http-ceiling-server: the ceiling tkp-bench measures tkp-server's HTTP
// API against. The least a Boost.Beast server can do for a GET: read the
// request and answer, on a kept-alive connection, the bytes it was given
// with the headers tkp-server sends, on the same listener and thread
// (server/ops/tcp_listener.h). What tkp-server costs beyond it is its own
// work: routing, the token, the query and the JSON.
//
// Usage: tkp-http-ceiling-server --listen HOST:PORT --answer FILE
//            --content-type TYPE
// Logs "serving on HOST:PORT (port N)" on stderr once it serves, as
// tkp-server does, and stops on SIGTERM or SIGINT.

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "server/ops/tcp_listener.h"

namespace tkp::bench {
namespace {

namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = boost::asio::ip::tcp;

struct Answer {
  std::string body;
  std::string content_type;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, const Answer* answer)
      : stream_(std::move(socket)), answer_(answer) {}

  void Read() {
    request_ = {};
    bhttp::async_read(
        stream_, buffer_, request_,
        [self = shared_from_this()](beast::error_code error, size_t) {
          if (!error) self->Write();
        });
  }

 private:
  void Write() {
    response_ = {};
    response_.version(11);
    response_.result(bhttp::status::ok);
    response_.set(bhttp::field::server, "tkp-server");
    response_.set(bhttp::field::content_type, answer_->content_type);
    response_.set(bhttp::field::cache_control, "no-store");
    response_.set("X-Content-Type-Options", "nosniff");
    response_.body() = answer_->body;
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    bhttp::async_write(
        stream_, response_,
        [self = shared_from_this()](beast::error_code error, size_t) {
          if (!error && self->response_.keep_alive()) self->Read();
        });
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  bhttp::request<bhttp::empty_body> request_;
  bhttp::response<bhttp::string_body> response_;
  const Answer* answer_;
};

int Run(int argc, char** argv) {
  std::string listen = "127.0.0.1:0";
  std::string answer_file;
  Answer answer;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--listen") {
      listen = argv[i + 1];
    } else if (flag == "--answer") {
      answer_file = argv[i + 1];
    } else if (flag == "--content-type") {
      answer.content_type = argv[i + 1];
    }
  }
  std::ifstream in(answer_file, std::ios::binary);
  if (argc != 7 || !in) {
    std::fprintf(stderr,
                 "usage: tkp-http-ceiling-server --listen HOST:PORT --answer "
                 "FILE --content-type TYPE\n");
    return 2;
  }
  std::ostringstream body;
  body << in.rdbuf();
  answer.body = body.str();

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ListenerThread listener;
  const absl::Status started =
      listener.Start(listen, "HTTP", [&answer](tcp::socket socket) {
        std::make_shared<Connection>(std::move(socket), &answer)->Read();
      });
  if (!started.ok()) {
    std::fprintf(stderr, "tkp-http-ceiling-server: %s\n",
                 std::string(started.message()).c_str());
    return 1;
  }
  std::fprintf(stderr, "tkp-http-ceiling-server: serving on %s (port %d)\n",
               listen.c_str(), listener.port());
  int signal = 0;
  sigwait(&stop_signals, &signal);
  return 0;
}

}  // namespace
}  // namespace tkp::bench

int main(int argc, char** argv) { return tkp::bench::Run(argc, argv); }
