#!/usr/bin/env bash
# Runs the project's .clang-tidy (bugprone, performance, and a bound on each
# function's cognitive complexity) on every product source file: core/,
# proto/, plugins/, worker/, server/ and client/, not tests/. Any warning
# fails the run, naming the file, line and check.
#
# Usage: deploy/tidy.sh [BUILD_DIR]   (a built tree: its
# compile_commands.json, and the protobuf headers the build generates)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${1:-${BUILD_DIR:-$ROOT/build}}"
JOBS="${JOBS:-$(nproc)}"

if ! command -v clang-tidy >/dev/null; then
  echo "tidy.sh: clang-tidy is missing (deploy/install-deps.sh installs it)" >&2
  exit 1
fi
if [ ! -f "$BUILD_DIR/compile_commands.json" ]; then
  echo "tidy.sh: $BUILD_DIR has no compile_commands.json; build first" \
    "(deploy/local.sh build)" >&2
  exit 1
fi

# The product's translation units as the build compiles them, in a copy of
# the compile commands without the GCC flags clang does not know (the
# plugins' -fno-gnu-unique).
TIDY_DIR="$BUILD_DIR/tidy"
mkdir -p "$TIDY_DIR"
mapfile -t files < <(python3 - "$BUILD_DIR/compile_commands.json" "$ROOT" \
  "$TIDY_DIR/compile_commands.json" <<'PY'
import json, os, sys
root = os.path.realpath(sys.argv[2])
rooms = ("core", "proto", "plugins", "worker", "server", "client")
gcc_only = {"-fno-gnu-unique"}
kept, seen = [], set()
for entry in json.load(open(sys.argv[1])):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if rel.split(os.sep)[0] not in rooms or path in seen:
        continue
    seen.add(path)
    entry["command"] = " ".join(
        word for word in entry["command"].split(" ") if word not in gcc_only)
    kept.append(entry)
    print(path)
json.dump(kept, open(sys.argv[3], "w"), indent=1)
PY
)
echo "tidy.sh: clang-tidy on ${#files[@]} files, $JOBS at a time"
log="$TIDY_DIR/clang-tidy.log"
status=0
# clang-tidy's own count of suppressed warnings goes to stderr; what it
# finds goes to stdout.
printf '%s\n' "${files[@]}" |
  xargs -P "$JOBS" -n 1 clang-tidy -p "$TIDY_DIR" --quiet \
    >"$log" 2>/dev/null || status=$?
if [ "$status" -ne 0 ] || grep -q ': \(warning\|error\): ' "$log"; then
  grep -A3 ': \(warning\|error\): ' "$log" >&2 || cat "$log" >&2
  echo "tidy.sh: clang-tidy found the above (the whole output:" \
    "$log)" >&2
  exit 1
fi
echo "tidy.sh: clang-tidy passed on ${#files[@]} files"
