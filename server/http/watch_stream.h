// GET /v1/watch as Server-Sent Events: every import, replacement and
// removal after a sequence number, each as
//   id: <sequence>
//   event: <kind>
//   data: <EventRecord JSON>
// and a comment line every 15 s while nothing happens (so proxies keep the
// connection and a vanished client is noticed). A browser's EventSource
// resumes after a dropped connection by sending Last-Event-ID, the last id
// it saw: it gets the events after it, none missed and none twice, from the
// store's event log as the gRPC watch does.

#ifndef TKP_SERVER_HTTP_WATCH_STREAM_H_
#define TKP_SERVER_HTTP_WATCH_STREAM_H_

#include <atomic>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/region_catalog.h"
#include "server/store/store.h"

namespace tkp::http {

// Takes over `stream` (a request for /v1/watch answered) and sends events
// after `after` until the client goes or the server stops, each region
// named with its CBS code from `regions` (server/queries/event_regions.h).
// `connections` counts it while it lasts. `allow_origin`: the stream's
// Access-Control-Allow-Origin, if any (server/http/cors.h).
void StartWatchStream(boost::beast::tcp_stream stream, const Store& store,
                      const RegionCatalog& regions, int64_t after,
                      std::atomic<size_t>* connections,
                      const std::optional<std::string>& allow_origin);
// The same over TLS (--tls-cert).
void StartWatchStream(boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
                      const Store& store, const RegionCatalog& regions,
                      int64_t after, std::atomic<size_t>* connections,
                      const std::optional<std::string>& allow_origin);

}  // namespace tkp::http

#endif  // TKP_SERVER_HTTP_WATCH_STREAM_H_
