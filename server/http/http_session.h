// One connection of tkp-server's HTTP listener (http_server.h): its
// requests read, checked and answered one after another while the client
// keeps it alive, over a plain or a TLS stream. Internal to the listener;
// kept apart so the listener's file holds the listener alone.
//
// Threads: a session runs on its connection's strand; only an import or a
// removal leaves it, for the change threads, and posts its answer back.

#ifndef TKP_SERVER_HTTP_HTTP_SESSION_H_
#define TKP_SERVER_HTTP_HTTP_SESSION_H_

#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <limits>
#include <optional>
#include <type_traits>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/http/answer_cache.h"
#include "server/http/change_requests.h"
#include "server/http/cors.h"
#include "server/http/dashboard_assets.h"
#include "server/http/http_api.h"
#include "server/http/http_server.h"
#include "server/http/query_parameters.h"
#include "server/http/request_target.h"
#include "server/http/watch_stream.h"
#include "server/ops/tcp_listener.h"
#include "server/util/status_macros.h"

namespace tkp::http::internal {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

constexpr std::chrono::seconds kRequestTimeout(10);
constexpr std::chrono::seconds kIdleTimeout(60);
constexpr size_t kHeaderLimit = size_t{8} * 1024;
constexpr std::chrono::seconds kLinger(5);

// Imports and removals at once, counted from the moment a document's
// headers are read (its body is held in memory) to its answer: the memory
// uploads can take is bounded by this many documents.
constexpr int kMaxChanges = 4;
// A document's upload may take this much longer than a request's 10 s.
constexpr size_t kUploadBytesPerSecond = size_t{256} * 1024;

// The reads' answers kept per snapshot, at most.
constexpr size_t kAnswerCacheBytes = size_t{16} << 20;

struct Shared {
  HttpServerOptions options;
  CorsPolicy cors;
  HttpApi api;
  std::atomic<size_t> connections{0};
  std::atomic<int> changes{0};
  AnswerCache answers{kAnswerCacheBytes};
  // Where imports and removals run (HttpServer::State owns it).
  asio::thread_pool* change_threads = nullptr;
};

using Request = bhttp::request<bhttp::string_body>;

// A header's value, if the request has it.
inline std::optional<absl::string_view> HeaderOf(const Request& request,
                                                 bhttp::field field) {
  const auto found = request.find(field);
  if (found == request.end()) return std::nullopt;
  return absl::string_view(found->value().data(), found->value().size());
}

inline absl::string_view MethodOf(const Request& request) {
  const beast::string_view method = request.method_string();
  return absl::string_view(method.data(), method.size());
}

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One connection: requests answered one after another while the client
// keeps it alive. `Stream`: plain (beast::tcp_stream) or TLS (TlsStream).
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  Session(Stream stream, Shared* shared)
      : stream_(std::move(stream)), shared_(shared) {
    ++shared_->connections;
  }
  ~Session() {
    ReleaseChange();
    --shared_->connections;
  }

  // Over TLS the handshake comes first, within the time a new connection
  // has for its request.
  void Run() {
    if constexpr (kTls) {
      Lowest().expires_after(kRequestTimeout);
      stream_.async_handshake(
          asio::ssl::stream_base::server,
          [self = this->shared_from_this()](beast::error_code error) {
            if (!error) self->Read(kRequestTimeout);
          });  // else: not TLS, a certificate refused, too slow: dropped
    } else {
      Read(kRequestTimeout);
    }
  }

 private:
  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  // The headers first: whether a body may follow, and how much of one,
  // depends on who asks for what.
  void Read(std::chrono::seconds timeout) {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    // Beast weighs a Content-Length against the body limit as the headers
    // end; ReadBody does that once it knows the limit. (Not boost::none:
    // Beast 1.74 compares a length with it as greater.)
    parser_->body_limit(std::numeric_limits<uint64_t>::max());
    Lowest().expires_after(timeout);
    bhttp::async_read_header(
        stream_, buffer_, *parser_,
        [self = this->shared_from_this()](beast::error_code error, size_t) {
          if (error == bhttp::error::header_limit) {
            self->Refuse(431, "the request's headers are over 8 KiB");
          } else if (!error) {
            self->ReadBody();
          }  // else: closed, timed out or not HTTP: drop the connection
        });
  }

  // Only an import has a body, read once its token is checked and a place
  // is free for it; any other request with one is refused.
  void ReadBody() {
    const Request& request = parser_->get();
    const Change change = ChangeAskedFor(request);
    // A read, complete with its headers (no body follows): answered now,
    // without another turn of the io_context.
    if (change == Change::kNone && parser_->is_done()) {
      return Answer(Change::kNone);
    }
    size_t limit = 0;
    std::chrono::seconds timeout = kRequestTimeout;
    if (change != Change::kNone) {
      if (MethodOf(request) != MethodFor(change)) {
        return Send(MethodNotAllowed(MethodOf(request), MethodFor(change)),
                    /*keep_alive=*/false, /*head=*/false);
      }
      if (absl::Status allowed = Allowed(request, Role::kImporter);
          !allowed.ok()) {
        return Send(ErrorAnswer(allowed), /*keep_alive=*/false, false);
      }
      if (!TakeChange()) {
        HttpAnswer answer = ErrorAnswer(absl::ResourceExhaustedError(
            absl::StrCat(kMaxChanges,
                         " imports or removals are under way over HTTP; "
                         "try again in a moment")));
        answer.headers.emplace_back("Retry-After", "1");
        return Send(std::move(answer), /*keep_alive=*/false, false);
      }
      if (change == Change::kImport) {
        limit = shared_->options.max_document_bytes;
        timeout += std::chrono::seconds(limit / kUploadBytesPerSecond);
      }
    }
    const boost::optional<uint64_t> length = parser_->content_length();
    if (length && *length > limit) return RefuseBody(change);
    parser_->body_limit(limit);  // a chunked body's, as its chunks come
    Lowest().expires_after(timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this(), change](
                          beast::error_code error, size_t) {
                        if (error == bhttp::error::body_limit) {
                          self->RefuseBody(change);
                        } else if (!error) {
                          self->Answer(change);
                        } else {
                          self->ReleaseChange();  // closed or too slow: dropped
                        }
                      });
  }

  // The change a request's target names (whatever its method), or none.
  // A read's target is parsed again when it is answered; here only where
  // it might name a change, as most reads go past.
  static Change ChangeAskedFor(const Request& request) {
    const beast::string_view raw = request.target();
    const absl::string_view target(raw.data(), raw.size());
    const bool read = request.method() == bhttp::verb::get ||
                      request.method() == bhttp::verb::head;
    if (read && !absl::StartsWith(target, "/v1/documents") &&
        !absl::StrContains(target, "/publications/")) {
      return Change::kNone;
    }
    absl::StatusOr<RequestTarget> parsed = ParseRequestTarget(target);
    return parsed.ok() ? ChangeOf(*parsed) : Change::kNone;
  }

  bool TakeChange() {
    if (++shared_->changes > kMaxChanges) {
      --shared_->changes;
      return false;
    }
    holds_change_ = true;
    return true;
  }

  void ReleaseChange() {
    if (holds_change_) --shared_->changes;
    holds_change_ = false;
  }

  // With tokens, whether the request's allows `role`.
  absl::Status Allowed(const Request& request, Role role) const {
    return shared_->options.tokens == nullptr
               ? absl::OkStatus()
               : shared_->options.tokens->CheckAuthorization(
                     HeaderOf(request, bhttp::field::authorization), role);
  }

  // 413 for a body over the limit: a document's, or any body at all.
  void RefuseBody(Change change) {
    ReleaseChange();
    if (change != Change::kImport) {
      return Refuse(413, "a request to this API has no body");
    }
    Send(DocumentTooLarge(shared_->options.max_document_bytes),
         /*keep_alive=*/false, /*head=*/false);
  }

  // An import or removal, on the change threads; its answer comes back to
  // this connection's strand.
  void StartChange(Change change, const std::string& target, bool keep_alive) {
    auto body = std::make_shared<std::string>(std::move(parser_->get().body()));
    asio::post(*shared_->change_threads, [self = this->shared_from_this(),
                                          change, target, body, keep_alive] {
      HttpAnswer answer =
          RunChange(self->shared_->options, change, target, std::move(*body));
      asio::post(self->stream_.get_executor(),
                 [self, answer = std::move(answer), keep_alive]() mutable {
                   self->ReleaseChange();
                   self->Send(std::move(answer), keep_alive, /*head=*/false);
                 });
    });
  }

  void Refuse(int status, const std::string& message) {
    HttpAnswer answer = ErrorAnswer(absl::InvalidArgumentError(message));
    answer.status = status;
    Send(std::move(answer), /*keep_alive=*/false, /*head=*/false);
  }

  void Answer(Change change) {
    const Request& request = parser_->get();
    const beast::string_view raw_target = request.target();
    const absl::string_view target(raw_target.data(), raw_target.size());
    const absl::string_view path = target.substr(0, target.find('?'));
    const bool head = request.method() == bhttp::verb::head;
    allow_origin_ =
        shared_->cors.AllowOrigin(HeaderOf(request, bhttp::field::origin));
    HttpAnswer answer;
    if (change != Change::kNone) {  // its token was checked before its body
      return StartChange(change, std::string(target), request.keep_alive());
    }
    if (request.method() == bhttp::verb::options && allow_origin_ &&
        HeaderOf(request, bhttp::field::access_control_request_method)) {
      answer = CorsPolicy::PreflightAnswer();  // before tokens: it has none
    } else if (const DashboardAsset* asset = FindDashboardAsset(path)) {
      // No figures in it: no token asked.
      answer = request.method() == bhttp::verb::get || head
                   ? DashboardAnswer(*asset)
                   : MethodNotAllowed(MethodOf(request), "GET, HEAD");
    } else if (path == "/healthz" || path == "/readyz") {
      const bool ready = path == "/healthz" || !shared_->options.ready ||
                         shared_->options.ready();
      answer.status = ready ? 200 : 503;
      answer.content_type = "text/plain; charset=utf-8";
      answer.body = ready ? "ok\n" : "not serving\n";
    } else {
      const absl::Status allowed = Allowed(request, Role::kReader);
      if (!allowed.ok()) {
        answer = ErrorAnswer(allowed);
      } else if (path == "/metrics" && shared_->options.metrics != nullptr) {
        answer = MetricsAnswer(*shared_->options.metrics, MethodOf(request));
      } else if (path == "/v1/watch" && request.method() == bhttp::verb::get) {
        absl::StatusOr<int64_t> after = WatchStart(request, target);
        if (after.ok()) {
          StartWatchStream(std::move(stream_), *shared_->options.store,
                           *shared_->options.regions, *after,
                           &shared_->connections, allow_origin_);
          return;
        }
        answer = ErrorAnswer(after.status());
      } else {
        const std::shared_ptr<const Snapshot> snapshot =
            shared_->options.store->snapshot();
        const auto make = [&] {
          return shared_->api.Answer(MethodOf(request), target, snapshot);
        };
        if (request.method() == bhttp::verb::get || head) {
          return Send(shared_->answers.Get(snapshot, target, make),
                      request.keep_alive(), head);
        }
        answer = make();
      }
    }
    Send(std::move(answer), request.keep_alive(), head);
  }

  // Where a watch starts: after the Last-Event-ID an EventSource sends when
  // it reconnects, else after ?after=, else from now on.
  absl::StatusOr<int64_t> WatchStart(const Request& request,
                                     absl::string_view target) const {
    absl::StatusOr<RequestTarget> parsed = ParseRequestTarget(target);
    if (!parsed.ok()) return parsed.status();
    TKP_RETURN_IF_ERROR(CheckParameters(*parsed, {"after"}, "/v1/watch"));
    std::string after = Parameter(*parsed, "after");
    const auto last_id = request.find("Last-Event-ID");
    if (last_id != request.end()) after = std::string(last_id->value());
    if (after.empty()) return shared_->options.store->LastSequence();
    int64_t sequence = 0;
    if (!absl::SimpleAtoi(after, &sequence) || sequence < 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the watch starts after a sequence number (Last-Event-ID or "
          "?after=), not \"",
          after, "\""));
    }
    return sequence;
  }

  // The fields every answer has, and `answer`'s own.
  void SetHeaders(const HttpAnswer& answer, bhttp::fields* fields) const {
    fields->set(bhttp::field::server, "tkp-server");
    if (!answer.content_type.empty()) {
      fields->set(bhttp::field::content_type, answer.content_type);
    }
    fields->set(bhttp::field::cache_control, "no-store");
    fields->set("X-Content-Type-Options", "nosniff");
    if (answer.status == 401) {
      fields->set(bhttp::field::www_authenticate, "Bearer");
    }
    if (allow_origin_) {
      fields->set(bhttp::field::access_control_allow_origin, *allow_origin_);
      fields->set(bhttp::field::vary, "Origin");
    }
    for (const auto& [name, value] : answer.headers) fields->set(name, value);
  }

  void Send(HttpAnswer&& answer, bool keep_alive, bool head) {
    if (answer.next_part) return SendParts(std::move(answer), keep_alive, head);
    Send(std::make_shared<const HttpAnswer>(std::move(answer)), keep_alive,
         head);
  }

  // `answer`, kept (it may be the cache's) until it is written: its body is
  // sent from where it is, not copied. One answer is written at a time, so
  // the connection keeps it and its header in members.
  void Send(std::shared_ptr<const HttpAnswer> answer, bool keep_alive,
            bool head) {
    if (answer->next_part) {
      return SendParts(HttpAnswer(*answer), keep_alive, head);
    }
    sending_ = std::move(answer);
    response_ = {};
    response_.version(11);
    response_.result(static_cast<unsigned>(sending_->status));
    SetHeaders(*sending_, &response_);
    response_.keep_alive(keep_alive);
    // HEAD: no body, and the Content-Length of the GET.
    response_.body() = bhttp::span_body<const char>::value_type(
        sending_->body.data(), head ? 0 : sending_->body.size());
    response_.prepare_payload();
    if (head) response_.content_length(sending_->body.size());
    Lowest().expires_after(kRequestTimeout);
    bhttp::async_write(stream_, response_,
                       [self = this->shared_from_this(), keep_alive](
                           beast::error_code error, size_t) {
                         self->sending_.reset();
                         if (!error && keep_alive) {
                           self->Read(kIdleTimeout);
                           return;
                         }
                         self->Close();
                       });
  }

  // A body made as it is sent: the header, then each part as a chunk, then
  // the last chunk. A write that fails drops the connection there.
  void SendParts(HttpAnswer&& answer, bool keep_alive, bool head) {
    auto header = std::make_shared<bhttp::response<bhttp::empty_body>>();
    header->version(11);
    header->result(static_cast<unsigned>(answer.status));
    SetHeaders(answer, header.get());
    header->keep_alive(keep_alive);
    header->chunked(true);
    auto serializer =
        std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(
            *header);
    auto parts = std::make_shared<std::function<std::optional<std::string>()>>(
        std::move(answer.next_part));
    Lowest().expires_after(kRequestTimeout);
    bhttp::async_write_header(
        stream_, *serializer,
        [self = this->shared_from_this(), header, serializer, parts, keep_alive,
         head](beast::error_code error, size_t) {
          if (error) return;  // dropped
          if (head) return self->Next(keep_alive);
          self->WritePart(parts, keep_alive);
        });
  }

  void WritePart(
      const std::shared_ptr<std::function<std::optional<std::string>()>>& parts,
      bool keep_alive) {
    std::optional<std::string> part = (*parts)();
    Lowest().expires_after(kRequestTimeout);
    if (!part) {
      asio::async_write(stream_, bhttp::make_chunk_last(),
                        [self = this->shared_from_this(), keep_alive](
                            beast::error_code error, size_t) {
                          if (!error) self->Next(keep_alive);
                        });
      return;
    }
    auto text = std::make_shared<std::string>(*std::move(part));
    asio::async_write(stream_, bhttp::make_chunk(asio::buffer(*text)),
                      [self = this->shared_from_this(), text, parts,
                       keep_alive](beast::error_code error, size_t) {
                        if (!error) self->WritePart(parts, keep_alive);
                      });
  }

  // After an answer: the next request, or the end.
  void Next(bool keep_alive) {
    if (keep_alive) return Read(kIdleTimeout);
    Close();
  }

  // The end of a connection: over TLS, close_notify first (bounded by the
  // time an answer has), then TCP's half-close and the linger.
  void Close() {
    if constexpr (kTls) {
      Lowest().expires_after(kRequestTimeout);
      stream_.async_shutdown([self = this->shared_from_this()](
                                 beast::error_code) { self->Linger(); });
    } else {
      Linger();
    }
  }

  // Half-closes, then reads and drops what the client still sends until it
  // closes too, for at most kLinger: closing a socket with unread data
  // makes the kernel send a reset, which can destroy the answer before the
  // client has read it (a document refused before its body was read).
  void Linger() {
    beast::error_code ignored;
    Lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    Lowest().expires_after(kLinger);
    Drain();
  }

  void Drain() {
    Lowest().async_read_some(
        asio::buffer(drained_),
        [self = this->shared_from_this()](beast::error_code error, size_t) {
          if (!error) self->Drain();
        });
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  // Whether this connection holds one of the kMaxChanges places.
  bool holds_change_ = false;
  std::array<char, 4096> drained_;  // what a closing client still sent
  // The answer being written, and its header.
  std::shared_ptr<const HttpAnswer> sending_;
  bhttp::response<bhttp::span_body<const char>> response_;
  Shared* shared_;
  // The request's Access-Control-Allow-Origin (cors.h), for its answer.
  std::optional<std::string> allow_origin_;
};

}  // namespace tkp::http::internal

#endif  // TKP_SERVER_HTTP_HTTP_SESSION_H_
