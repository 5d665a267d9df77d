// A server stream refused before it began (no token, still restoring,
// shutting down): finishes at once with the status and deletes itself.

#ifndef TKP_SERVER_REFUSED_STREAM_H_
#define TKP_SERVER_REFUSED_STREAM_H_

#include <grpcpp/support/server_callback.h>

namespace tkp {

template <typename Response>
class RefusedStream final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit RefusedStream(const grpc::Status& status) { this->Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace tkp

#endif  // TKP_SERVER_REFUSED_STREAM_H_
