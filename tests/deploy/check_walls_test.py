#!/usr/bin/env python3
"""deploy/check_walls.py passes on the tree as it is, and fails on includes
planted across each kind of wall, naming each file and line.

Usage: check_walls_test.py SOURCE_DIR"""

import pathlib
import shutil
import subprocess
import sys
import tempfile

SOURCE = pathlib.Path(sys.argv[1])
CHECKER = SOURCE / "deploy" / "check_walls.py"

# (file, its text, the FILE:LINE the checker must name)
PLANTED = [
    ("client/planted.cc", '#include "client/output.h"\n'
     '#include "server/tkp_server.h"\n', "client/planted.cc:2"),
    ("plugins/csv/planted.cc", '#include "tkp/v1/tkp.pb.h"\n',
     "plugins/csv/planted.cc:1"),
    ("plugins/csv/planted2.cc", "#include <string>\n"
     "#include <grpcpp/grpcpp.h>\n", "plugins/csv/planted2.cc:2"),
    ("plugins/sdk/planted.h", '#include "core/period.h"\n',
     "plugins/sdk/planted.h:1"),
    ("core/planted.h", '#include "absl/strings/str_cat.h"\n'
     '#include "server/util/log.h"\n', "core/planted.h:2"),
    ("worker/planted.cc", '#include "server/workers/zygote.h"\n',
     "worker/planted.cc:1"),
    ("server/planted.cc", '#include "plugins/sdk/text.h"\n',
     "server/planted.cc:1"),
    ("server/planted2.cc", '#include "client/output.h"\n',
     "server/planted2.cc:1"),
    ("server/store/planted.cc", '#include "server/store/store.h"\n'
     '#include "server/importing/document_importer.h"\n', "server/store/planted.cc:2"),
    ("server/util/planted.h", '#include "server/store/snapshot.h"\n',
     "server/util/planted.h:1"),
    ("server/queries/planted.cc", '#include "server/store/snapshot.h"\n'
     '#include "server/services/transparency_service.h"\n',
     "server/queries/planted.cc:2"),
    ("server/store/planted2.cc", '#include "server/importing/validator.h"\n',
     "server/store/planted2.cc:1"),
    ("server/importing/planted.cc", '#include "server/services/call_scope.h"'
     '\n', "server/importing/planted.cc:1"),
]


def run(root):
    return subprocess.run([sys.executable, str(CHECKER), str(root)],
                          capture_output=True, text=True)


def main():
    failures = []
    clean = run(SOURCE)
    if clean.returncode != 0:
        failures.append("the tree itself crosses a wall:\n" + clean.stdout)
    with tempfile.TemporaryDirectory() as temp:
        root = pathlib.Path(temp)
        for folder in ("core", "proto", "plugins", "worker", "server",
                       "client"):
            shutil.copytree(SOURCE / folder, root / folder)
        for name, text, _ in PLANTED:
            (root / name).write_text(text)
        planted = run(root)
        if planted.returncode != 1:
            failures.append(f"planted includes: exit {planted.returncode}")
        named = [line.split(": ")[0] for line in planted.stdout.splitlines()]
        for _, _, where in PLANTED:
            if where not in named:
                failures.append(f"{where} is not named:\n{planted.stdout}")
        if len(named) != len(PLANTED):
            failures.append(f"{len(named)} includes named, {len(PLANTED)} "
                            f"planted:\n{planted.stdout}")
    for failure in failures:
        print("check_walls_test:", failure, file=sys.stderr)
    if not failures:
        print(f"check_walls_test: the tree passes; {len(PLANTED)} planted "
              "includes are each named")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
