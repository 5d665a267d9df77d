// Drives a gRPC server with h2load (Debian's nghttp2-client): one unary
// method, one request body, for a given time at a given number of
// concurrent streams, and reads back calls per second and latencies.
// h2load knows HTTP/2, not gRPC, so every answer's size is checked against
// the answer expected: a gRPC error comes as HTTP 200 too, but without the
// message. It drives the HTTP/JSON API too, over HTTP/1.1.

#ifndef TKP_TESTS_BENCH_H2LOAD_H_
#define TKP_TESTS_BENCH_H2LOAD_H_

#include <google/protobuf/message_lite.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace tkp::bench {

// A message as one gRPC frame: uncompressed flag, big-endian length, bytes.
std::string GrpcFrame(const google::protobuf::MessageLite& message);

struct LoadSettings {
  std::string url;        // http://127.0.0.1:PORT/package.Service/Method
  std::string body_file;  // the request, one gRPC frame
  int streams = 1;        // concurrent calls on one connection
  double seconds = 3;
  int cpu = -1;  // pin h2load to this CPU; -1: not pinned
};

struct LoadFigures {
  int64_t calls = 0;
  double calls_per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
};

// The path of h2load, or an error that says how to install it.
absl::StatusOr<std::string> FindH2load();

// Runs h2load and checks that every call was answered in full: HTTP 200
// and exactly `answer_frame_bytes` of body (the expected answer's
// GrpcFrame size).
absl::StatusOr<LoadFigures> RunLoad(const std::string& h2load,
                                    const LoadSettings& settings,
                                    size_t answer_frame_bytes);

// Drives an HTTP/1.1 server with h2load --h1: GET `url` on `connections`
// kept-alive connections (one request at a time on each) for `seconds`,
// pinned to `cpu` where it is not -1; every answer must be a 2xx with
// exactly `answer_bytes` of body.
absl::StatusOr<LoadFigures> RunHttp1Load(const std::string& h2load,
                                         const std::string& url,
                                         int connections, double seconds,
                                         int cpu, size_t answer_bytes);

// The value at quantile `q` (0..1) of `values`, nearest rank.
double Quantile(std::vector<double> values, double q);

}  // namespace tkp::bench

#endif  // TKP_TESTS_BENCH_H2LOAD_H_
