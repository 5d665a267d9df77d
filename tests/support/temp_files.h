// Files and temporary directories for tests: what a unit test of the store
// or any other piece that touches files needs, without the servers, plugins
// and processes of test_support.h.

#ifndef TKP_TESTS_SUPPORT_TEMP_FILES_H_
#define TKP_TESTS_SUPPORT_TEMP_FILES_H_

#include <chrono>
#include <string>

namespace tkp::testing {

// How long a test waits for what must happen eventually (polled, never
// slept): far beyond what a sanitizer build on a busy machine needs.
inline constexpr std::chrono::seconds kSettleWithin{60};

// Reads a whole file; an unreadable file fails the current test.
std::string ReadFileOrDie(const std::string& path);
void WriteFileOrDie(const std::string& path, const std::string& content);

// A fresh directory, removed with everything in it at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_TEMP_FILES_H_
