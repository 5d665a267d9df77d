#include "tests/support/certificates.h"

#include <gtest/gtest.h>

#include "tests/support/subprocess.h"

namespace tkp::testing {

Certificates::Certificates() {
  Openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt",
           "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", File("ca.key"),
           "-out", File("ca.pem"), "-days", "2", "-subj", "/CN=tkp test CA"});
  Issue("server", "subjectAltName=IP:127.0.0.1,DNS:localhost");
  Issue("client", "extendedKeyUsage=clientAuth");
}

void Certificates::Openssl(std::vector<std::string> args) {
  args.insert(args.begin(), "/usr/bin/openssl");
  const ProcessResult r = RunProcess(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

void Certificates::Issue(const std::string& name,
                         const std::string& extension) {
  WriteFileOrDie(File(name + ".ext"), extension + "\n");
  Openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
           "-nodes", "-keyout", File(name + ".key"), "-out",
           File(name + ".csr"), "-subj", "/CN=" + name});
  Openssl({"x509", "-req", "-in", File(name + ".csr"), "-CA", File("ca.pem"),
           "-CAkey", File("ca.key"), "-CAcreateserial", "-out",
           File(name + ".pem"), "-days", "2", "-extfile", File(name + ".ext")});
}

}  // namespace tkp::testing
