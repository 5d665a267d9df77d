#!/usr/bin/env python3
"""The include walls of the house (deploy/local.sh check).

Each folder of the source may include only what the table below lets it:
the client talks to the server through the API alone, the server reaches
plugins only through their ABI and the worker only through its wire
protocol, plugins see neither protobuf nor the service, and core/ is the
service's rules with nothing of the service in it. A wall that is not
written here holds by discipline alone, so it is written here.

Usage: check_walls.py [ROOT]   (ROOT defaults to the checkout)
Prints each include that crosses a wall as FILE:LINE: what, why; exits 1 if
there is one, 0 if none.
"""

import pathlib
import re
import sys

# Folder -> the quoted include prefixes it may use ("x/" a folder, "x/y.h"
# one file). The first folder that a file's path starts with applies, so a
# room inside a folder is listed before the folder.
ALLOWED = {
    "core/": ["core/"],
    "proto/": ["proto/", "tkp/v1/", "core/"],
    # The SDK ships core/count_rule.h (plugins/CMakeLists.txt installs it):
    # a plugin built against the installed SDK finds nothing else of core/.
    "plugins/": ["plugins/", "core/count_rule.h"],
    "worker/": ["worker/", "plugins/api/"],
    # The server's rooms, the lowest first: util/ (status macros, locks,
    # files, the log) needs nothing of the server; store/ (the Store and
    # the data dir behind it) only util/; queries/ the store; workers/ and
    # ops/ util/; importing/ workers/ and the store; services/ all of those
    # but workers/; server/ itself (main, flags, wiring) everything.
    "server/util/": ["server/util/", "core/"],
    "server/store/": ["server/store/", "server/util/", "core/", "proto/",
                      "tkp/v1/"],
    # queries/ answers from a snapshot: above the store, below the services.
    "server/queries/": ["server/queries/", "server/store/", "server/util/",
                        "core/", "proto/", "tkp/v1/"],
    "server/workers/": ["server/workers/", "server/util/",
                        "worker/protocol/"],
    "server/ops/": ["server/ops/", "server/util/"],
    # importing/ turns a document into stored figures: workers below it,
    # the store beside it, never the services that call it.
    "server/importing/": ["server/importing/", "server/workers/",
                          "server/store/", "server/util/", "core/", "proto/",
                          "tkp/v1/", "worker/protocol/", "plugins/api/"],
    # http/: the HTTP/JSON surface, beside services/: the same queries and
    # tokens, its own listener, and the metrics it serves at /metrics too.
    "server/http/": ["server/http/", "server/queries/", "server/store/",
                     "server/services/token_auth.h",
                     "server/services/event_feed.h",
                     "server/ops/tcp_listener.h", "server/ops/metrics.h",
                     "server/util/", "core/", "proto/", "tkp/v1/"],
    "server/services/": ["server/services/", "server/importing/",
                         "server/queries/", "server/store/", "server/ops/",
                         "server/util/", "core/", "proto/", "tkp/v1/"],
    "server/": ["server/", "core/", "proto/", "tkp/v1/", "worker/protocol/",
                "plugins/api/"],
    "client/": ["client/", "core/", "proto/", "tkp/v1/"],
}

# Folder -> system headers (<...>) it must not include, with the reason.
FORBIDDEN_SYSTEM = {
    "core/": [("grpc", "core/ holds rules, not the RPC surface"),
              ("google/protobuf", "core/ holds rules, not the RPC surface")],
    "plugins/": [("grpc", "plugins speak only the plugin ABI"),
                 ("google/protobuf", "plugins speak only the plugin ABI")],
    "worker/": [("grpc", "the worker speaks only its wire protocol")],
}

WHY = {
    "client/": "the CLI reaches the server only through the API (tkp/v1)",
    "server/": "the server reaches plugins through plugins/api and the "
               "worker through worker/protocol only",
    "server/util/": "server/util/ is what every room uses, so it uses none",
    "server/store/": "the store is below every other room of the server: "
                     "it knows publications, not importers or services",
    "server/queries/": "queries are pure functions of a snapshot: they "
                       "know the store, never the services or imports",
    "server/workers/": "the workers room starts and talks to workers "
                       "through worker/protocol; it knows nothing above it",
    "server/ops/": "metrics know nothing of what they count",
    "server/importing/": "importing sits below the services and above the "
                         "workers and the store",
    "server/http/": "the HTTP surface reads through the queries and the "
                    "store, as the gRPC services do; of the services, only "
                    "their tokens and the watch's event feed",
    "server/services/": "the services reach workers only through "
                        "importing/, and nothing of the wiring",
    "worker/": "the worker hosts plugins through plugins/api only",
    "plugins/": "plugins build against the installed SDK: plugins/ and "
                "core/count_rule.h",
    "core/": "core/ is the service's rules with nothing of the service",
    "proto/": "proto/ is the API and its conversions",
}

# The first folders of the project's own includes ("tkp/v1/" is the
# generated API); anything else in quotes ("absl/...") is a library.
PROJECT = ("core/", "proto/", "plugins/", "worker/", "server/", "client/",
           "tests/", "tkp/")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCES = (".cc", ".h", ".in")


def room_of(relative):
    for room in ALLOWED:
        if relative.startswith(room):
            return room
    return None


def check_file(path, relative, room):
    problems = []
    text = path.read_text(encoding="utf-8", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        found = INCLUDE.match(line)
        if not found:
            continue
        kind, target = found.groups()
        where = f"{relative}:{number}"
        if kind == '"':
            if not target.startswith(PROJECT):
                continue
            if not any(target == p or (p.endswith("/") and target.startswith(p))
                       for p in ALLOWED[room]):
                problems.append(f"{where}: includes \"{target}\"; "
                                f"{WHY[room]}")
        else:
            for prefix, why in FORBIDDEN_SYSTEM.get(room, []):
                if target.startswith(prefix):
                    problems.append(f"{where}: includes <{target}>; {why}")
    return problems


def check(root):
    problems = []
    for path in sorted(root.rglob("*")):
        if path.suffix not in SOURCES or not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        room = room_of(relative)
        if room is not None:
            problems += check_file(path, relative, room)
    return problems


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else
                        pathlib.Path(__file__).resolve().parent.parent)
    problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_walls: {len(problems)} include(s) cross a wall "
              "(the table is in deploy/check_walls.py)", file=sys.stderr)
        return 1
    print("check_walls: every include stays within its walls")
    return 0


if __name__ == "__main__":
    sys.exit(main())
