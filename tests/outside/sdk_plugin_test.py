#!/usr/bin/env python3
"""An importer built outside the tree: `cmake --install` the SDK into a
temporary prefix, build plugins/example there as its own CMake project with
find_package(tkp) and tkp_add_importer(), drop the library into a running
server's plugin directory, load it without a restart (tkp importers
--reload), let tkp identify choose it, import a document through it, and
unload it again on SIGHUP.

Usage: sdk_plugin_test.py REPO_ROOT BUILD_DIR CMAKE CXX_COMPILER
Prints "N passed, M failed" and exits non-zero on any failure.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from checks import check, finish  # noqa: E402

ROOT, BUILD, CMAKE, CXX = sys.argv[1:5]
SAMPLE = os.path.join(ROOT, "deploy/samples/groot-amsterdam-2023Q4.tsv")


def run(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, **kwargs)


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def main(work):
    prefix = os.path.join(work, "prefix")
    run([CMAKE, "--install", BUILD, "--prefix", prefix], check=True)
    check("the SDK's CMake package is installed",
          os.path.exists(os.path.join(prefix, "lib/cmake/tkp/tkpConfig.cmake")))

    source = os.path.join(work, "example")
    shutil.copytree(os.path.join(ROOT, "plugins/example"), source)
    build = os.path.join(work, "example-build")
    configured = run([CMAKE, "-S", source, "-B", build,
                      f"-DCMAKE_PREFIX_PATH={prefix}",
                      f"-DCMAKE_CXX_COMPILER={CXX}"])
    check("the example configures against the installed SDK",
          configured.returncode == 0, configured.stdout + configured.stderr)
    built = run([CMAKE, "--build", build])
    check("the example builds", built.returncode == 0,
          built.stdout + built.stderr)
    # A plugin written against tkp 1.0's SDK compiles unchanged.
    compat = run([CXX, "-std=c++20", "-fsyntax-only", "-Wall", "-Werror",
                  "-I", os.path.join(prefix, "include/tkp"),
                  os.path.join(ROOT, "tests/outside/sdk_1_0_compat.cc")])
    check("tkp 1.0's SDK calls compile against the installed SDK",
          compat.returncode == 0, compat.stdout + compat.stderr)
    library = os.path.join(build, "tkp_semicolon.so")
    if not os.path.exists(library):
        return
    nm = run(["nm", "-D", "--defined-only", library], check=True)
    exported = sorted(line.split()[-1] for line in nm.stdout.splitlines())
    check("it exports only the entry points", exported == [
        "tkp_importer_abi_version", "tkp_importer_create",
        "tkp_importer_destroy"], exported)

    plugins = os.path.join(work, "plugins")
    os.mkdir(plugins, 0o755)
    log_path = os.path.join(work, "server.log")
    with open(log_path, "w") as log_file:
        server = subprocess.Popen(
            [os.path.join(prefix, "bin/tkp-server"), "--listen", "127.0.0.1:0",
             "--data-dir", os.path.join(work, "data"), "--plugin-dir",
             plugins], stderr=log_file)

    def log():
        with open(log_path) as f:
            return f.read()

    try:
        check("the server starts with no plugins",
              wait_for(lambda: "serving on" in log()), log())
        port = re.search(r"serving on \S+ \(port (\d+)\)", log()).group(1)
        tkp = [os.path.join(prefix, "bin/tkp"), "--server",
               f"127.0.0.1:{port}"]

        shutil.copy(library, plugins)
        reload = run(tkp + ["importers", "--reload"])
        check("tkp importers --reload loads the new library",
              reload.returncode == 0 and "1 added" in reload.stdout and
              "semicolon" in reload.stdout, reload.stdout + reload.stderr)

        document = os.path.join(work, "groot-amsterdam-2023Q4.csv")
        with open(SAMPLE) as f:
            tsv = f.read()
        with open(document, "w") as f:
            f.write(tsv.replace("\t", ";"))
        identify = run(tkp + ["identify", document])
        check("tkp identify chooses it",
              "chosen: semicolon" in identify.stdout,
              identify.stdout + identify.stderr)

        imported = run(tkp + ["--format", "json", "import", document])
        check("tkp import reads the document through it",
              imported.returncode == 0, imported.stdout + imported.stderr)
        if imported.returncode == 0:
            figures = json.loads(imported.stdout)["figures"]
            # The sample's TOTAAL AMR row: 821 5.203 15.498 7.266 28.788.
            totals = figures["totals"]
            check("with the document's figures",
                  [totals["municipalityWithProfile"], totals["total"]] ==
                  [821, 28788] and figures["source"]["importer"] ==
                  "semicolon", totals)
            check("and the period from the file name",
                  figures["period"] == {"year": 2023, "quarter": 4},
                  figures["period"])

        os.remove(os.path.join(plugins, "tkp_semicolon.so"))
        server.send_signal(signal.SIGHUP)
        check("SIGHUP reloads", wait_for(lambda: "1 removed" in log()), log())
        listed = run(tkp + ["importers"])
        check("the removed plugin is gone", "semicolon" not in listed.stdout,
              listed.stdout)
        again = run(tkp + ["import", document])
        check("imports then fail clearly",
              again.returncode == 64 + 9 and "no importer" in again.stderr,
              again.stderr)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


with tempfile.TemporaryDirectory() as work:
    main(work)
finish()
