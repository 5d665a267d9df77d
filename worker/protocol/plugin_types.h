// The plugin ABI's plain types (plugins/api/importer.h) as protocol
// messages and back: the worker sends what a plugin returned, the server
// turns it back into the types the validator reads.

#ifndef TKP_WORKER_PROTOCOL_PLUGIN_TYPES_H_
#define TKP_WORKER_PROTOCOL_PLUGIN_TYPES_H_

#include "plugins/api/importer.h"
#include "worker/protocol/worker.pb.h"

namespace tkp::worker {

ImporterInfo ToMessage(const plugin::ImporterInfo& info);
plugin::ImporterInfo FromMessage(const ImporterInfo& info);

ParseOutcome ToMessage(const plugin::ParseOutcome& outcome);
plugin::ParseOutcome FromMessage(const ParseOutcome& outcome);

}  // namespace tkp::worker

#endif  // TKP_WORKER_PROTOCOL_PLUGIN_TYPES_H_
