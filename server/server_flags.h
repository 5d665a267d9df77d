// The command line of tkp-server.

#ifndef TKP_SERVER_SERVER_FLAGS_H_
#define TKP_SERVER_SERVER_FLAGS_H_

#include <optional>
#include <string>

#include "server/tkp_server.h"

namespace tkp {

// Parses argv. Returns the options, or nullopt with *exit_code set when the
// process should exit (0 after --help or --version, 2 after a usage error,
// which has been printed).
std::optional<ServerOptions> ParseServerFlags(int argc, char** argv,
                                              int* exit_code);

// tkp-import-worker beside this process's binary.
std::string DefaultWorkerBinary();

}  // namespace tkp

#endif  // TKP_SERVER_SERVER_FLAGS_H_
