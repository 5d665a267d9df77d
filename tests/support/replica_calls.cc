#include "tests/support/replica_calls.h"

#include <chrono>
#include <thread>

#include "tests/support/temp_files.h"

namespace tkp::testing {

ProcessResult TkpAt(const std::string& server, std::vector<std::string> args) {
  args.insert(args.begin(),
              {TKP_CLI_BIN, "--timeout", "60", "--server", server});
  return RunProcess(args);
}

bool EventuallyServes(const std::string& server, const std::string& total) {
  const auto deadline = std::chrono::steady_clock::now() + kSettleWithin;
  while (std::chrono::steady_clock::now() < deadline) {
    const ProcessResult r = TkpAt(
        server, {"--format", "csv", "totals", "--region", "Groot Amsterdam"});
    if (r.exit_code == 0 &&
        r.out.find("," + total + ",") != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

}  // namespace tkp::testing
