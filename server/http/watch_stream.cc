#include "server/http/watch_stream.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <deque>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/http/json_records.h"
#include "server/queries/event_regions.h"
#include "server/services/event_feed.h"

namespace tkp::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

constexpr std::chrono::seconds kHeartbeat(15);
// A write that takes longer is a client that stopped reading.
constexpr std::chrono::seconds kWriteTimeout(30);

// Runs on its connection's strand only (the store's notifications are
// posted to it), so it needs no lock. `Stream`: the connection, plain or
// TLS.
template <class Stream>
class WatchStream : public std::enable_shared_from_this<WatchStream<Stream>> {
 public:
  WatchStream(Stream stream, const Store& store, const RegionCatalog& regions,
              int64_t after, std::atomic<size_t>* connections)
      : stream_(std::move(stream)),
        store_(store),
        feed_(
            [&store, &regions](int64_t from, size_t max) {
              return DescribeEventRegions(store.EventsAfter(from, max),
                                          *store.snapshot(), regions);
            },
            after),
        heartbeat_(stream_.get_executor()),
        connections_(connections) {
    ++*connections_;
  }

  ~WatchStream() {
    if (subscription_ >= 0) store_.Unsubscribe(subscription_);
    --*connections_;
  }

  void Start(const std::optional<std::string>& allow_origin) {
    // Notifications come on a store thread: they only post a pump here,
    // and never keep the stream alive.
    const std::weak_ptr<WatchStream> weak = this->weak_from_this();
    const auto executor = stream_.get_executor();
    subscription_ = store_.Subscribe([weak, executor] {
      asio::post(executor, [weak] {
        if (auto self = weak.lock()) self->Pump();
      });
    });
    auto header = std::make_shared<bhttp::response<bhttp::empty_body>>();
    header->version(11);
    header->result(bhttp::status::ok);
    header->set(bhttp::field::server, "tkp-server");
    header->set(bhttp::field::content_type, "text/event-stream");
    header->set(bhttp::field::cache_control, "no-store");
    header->set("X-Content-Type-Options", "nosniff");
    if (allow_origin) {
      header->set(bhttp::field::access_control_allow_origin, *allow_origin);
      header->set(bhttp::field::vary, "Origin");
    }
    header->chunked(true);
    auto serializer =
        std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(
            *header);
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    bhttp::async_write_header(stream_, *serializer,
                              [self = this->shared_from_this(), header,
                               serializer](beast::error_code error, size_t) {
                                if (error) return self->Close();
                                self->Pump();
                                self->Beat();
                              });
  }

 private:
  // Queues every event there is, and writes the first if none is in flight.
  void Pump() {
    while (std::optional<v1::PublicationEvent> event = feed_.Next()) {
      const Json record = EventRecord(*event);
      queue_.push_back(absl::StrCat("id: ", event->sequence(), "\nevent: ",
                                    record["kind"].get<std::string>(),
                                    "\ndata: ", JsonText(record), "\n\n"));
    }
    WriteNext();
  }

  void WriteNext() {
    if (writing_ || queue_.empty() || closed_) return;
    writing_ = true;
    auto text = std::make_shared<std::string>(std::move(queue_.front()));
    queue_.pop_front();
    beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
    asio::async_write(stream_, bhttp::make_chunk(asio::buffer(*text)),
                      [self = this->shared_from_this(), text](
                          beast::error_code error, size_t) {
                        self->writing_ = false;
                        if (error) return self->Close();
                        self->WriteNext();
                      });
  }

  // The timer's wait holds the stream while it waits for events: Close
  // cancels it, and then the stream goes.
  void Beat() {
    heartbeat_.expires_after(kHeartbeat);
    heartbeat_.async_wait(
        [self = this->shared_from_this()](beast::error_code error) {
          if (error || self->closed_) return;
          if (!self->writing_ && self->queue_.empty()) {
            self->queue_.push_back(": keep-alive\n\n");
            self->WriteNext();
          }
          self->Beat();
        });
  }

  void Close() {
    closed_ = true;
    heartbeat_.cancel();
    // A watch ends when its client goes or the server stops: the TCP
    // connection closes under a TLS one too (its close_notify would wait
    // on a client that may be gone).
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(
        asio::ip::tcp::socket::shutdown_both, ignored);
  }

  Stream stream_;
  const Store& store_;
  EventFeed feed_;
  asio::steady_timer heartbeat_;
  std::atomic<size_t>* connections_;
  int subscription_ = -1;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool closed_ = false;
};

}  // namespace

void StartWatchStream(beast::tcp_stream stream, const Store& store,
                      const RegionCatalog& regions, int64_t after,
                      std::atomic<size_t>* connections,
                      const std::optional<std::string>& allow_origin) {
  std::make_shared<WatchStream<beast::tcp_stream>>(std::move(stream), store,
                                                   regions, after, connections)
      ->Start(allow_origin);
}

void StartWatchStream(beast::ssl_stream<beast::tcp_stream> stream,
                      const Store& store, const RegionCatalog& regions,
                      int64_t after, std::atomic<size_t>* connections,
                      const std::optional<std::string>& allow_origin) {
  std::make_shared<WatchStream<beast::ssl_stream<beast::tcp_stream>>>(
      std::move(stream), store, regions, after, connections)
      ->Start(allow_origin);
}

}  // namespace tkp::http
