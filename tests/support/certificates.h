// Certificates for TLS tests, made for each run with the openssl command:
// a CA, a server certificate for 127.0.0.1 and localhost, and a client
// certificate, in a temporary directory.

#ifndef TKP_TESTS_SUPPORT_CERTIFICATES_H_
#define TKP_TESTS_SUPPORT_CERTIFICATES_H_

#include <string>
#include <vector>

#include "tests/support/temp_files.h"

namespace tkp::testing {

class Certificates {
 public:
  // ca.pem, server.pem/.key and client.pem/.key; a failure to make one
  // fails the current test.
  Certificates();

  std::string File(const std::string& name) const { return dir_.File(name); }

 private:
  void Openssl(std::vector<std::string> args);
  void Issue(const std::string& name, const std::string& extension);

  TempDir dir_;
};

}  // namespace tkp::testing

#endif  // TKP_TESTS_SUPPORT_CERTIFICATES_H_
