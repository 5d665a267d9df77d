#!/usr/bin/env bash
# The two commands of the quick start, and a few more for developers.
#
#   deploy/local.sh run       install what is missing, build the server, the
#                             CLI, the worker and the plugins (not the
#                             tests), install them into .local/tkp, start
#                             tkp-server on 127.0.0.1:50051 with the sample
#                             documents loaded, and its dashboard and JSON
#                             API on http://127.0.0.1:8080/
#   deploy/local.sh test      install what is missing, build, run every test;
#                             then again built with AddressSanitizer and
#                             UndefinedBehaviorSanitizer (in build-asan/);
#                             the shared-state test with ThreadSanitizer
#                             (build-tsan/); each fuzz target for 20 s; a
#                             30 s soak; and clang-tidy on the product's
#                             sources (deploy/tidy.sh, at low priority
#                             beside the sanitizer steps). A failed step
#                             does not stop the others; the end lists each
#                             step and how it ended
#   deploy/local.sh check     fast, needs no build: the include walls of
#                             the house (deploy/check_walls.py) and
#                             clang-format on every C++ file; a step of
#                             the test run
#   deploy/local.sh build     build only (into build/)
#   deploy/local.sh tidy      build, then clang-tidy alone (deploy/tidy.sh)
#   deploy/local.sh fuzz N    fuzz each importer and the validation N seconds
#                             (deploy/fuzz.sh; libFuzzer, in build-fuzz/)
#   deploy/local.sh soak N    mixed reads and imports (good and bad) against
#                             one server for N seconds; prints the figures
#   deploy/local.sh bench     build with optimisation (into build-bench/) and
#                             measure tkp-server against an echo server on
#                             the same gRPC (h2load, 3 runs of 3 s each),
#                             start-up with 1,995 publications, memory under
#                             60 s of reads, parsing per plugin (~5 min)
#
# Environment: TKP_LISTEN (default 127.0.0.1:50051), TKP_HTTP_LISTEN (the
# dashboard and the JSON API; default 127.0.0.1:8080), TKP_DATA_DIR (default
# tkp-data in the checkout), BUILD_DIR (default build), JOBS (default nproc).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
PREFIX="$ROOT/.local/tkp"
JOBS="${JOBS:-$(nproc)}"
LISTEN="${TKP_LISTEN:-127.0.0.1:50051}"
HTTP_LISTEN="${TKP_HTTP_LISTEN:-127.0.0.1:8080}"
DATA_DIR="${TKP_DATA_DIR:-$ROOT/tkp-data}"

# The comment at the top of this file.
usage() {
  awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' \
    "${BASH_SOURCE[0]}"
}

# Each command chained with &&: run inside `if` or `||` (as the test run's
# steps are), bash ignores set -e. build [TARGET]: everything, or one target.
build() {
  "$ROOT/deploy/install-deps.sh" &&
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
    cmake --build "$BUILD_DIR" -j "$JOBS" ${1:+--target "$1"}
}

# The test run's steps, each with how it ended, printed at the end (and on
# an early stop) so a failure names its step and shows how far it got.
STEPS=()
step_failed=0

# step NAME COMMAND...: runs one step of the test run and records it. A step
# that fails does not stop the ones after it, unless they need it (see
# run_tests); the run fails if any did.
step() {
  local name=$1 started rc=0
  shift
  started=$(date +%s)
  echo "local.sh: == $name"
  "$@" || rc=$?
  local took=$(($(date +%s) - started))
  if [ "$rc" -eq 0 ]; then
    STEPS+=("$(printf 'passed  %-44s %5ss' "$name" "$took")")
  else
    STEPS+=("$(printf 'FAILED  %-44s %5ss  (exit %s)' "$name" "$took" "$rc")")
    step_failed=1
  fi
  return "$rc"
}

skip() {
  STEPS+=("$(printf 'skipped %-44s        (%s)' "$1" "$2")")
}

report_steps() {
  echo
  echo "local.sh: the test run's steps ($(((SECONDS - RUN_STARTED) / 60)) min in all)"
  local line
  for line in "${STEPS[@]}"; do echo "  $line"; done
  # The failed tests by name, here at the end where a reader of only the
  # last lines of a long run (a CI summary) sees them.
  for line in "${FAILED_TESTS[@]}"; do echo "  $line"; done
}

# ctest's list of what failed in DIR's last run, a line per test, for the
# summary (ctest writes it only when a test failed).
FAILED_TESTS=()
note_failed_tests() {
  local log="$1/Testing/Temporary/LastTestsFailed.log" name
  [ -f "$log" ] || return 0
  while IFS= read -r name; do
    FAILED_TESTS+=("failed in $(basename "$1"): ${name#*:}")
  done <"$log"
}

ctest_in() {
  local rc=0
  rm -f "$1/Testing/Temporary/LastTestsFailed.log"
  (cd "$1" && ctest --output-on-failure -j "$JOBS" --timeout 600) || rc=$?
  note_failed_tests "$1"
  return "$rc"
}

asan_tests() {
  local rc=0
  rm -f "$1/Testing/Temporary/LastTestsFailed.log"
  (cd "$1" && LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp" \
    ctest --output-on-failure -j "$JOBS" --timeout 600) || rc=$?
  note_failed_tests "$1"
  return "$rc"
}

# clang-tidy reads the normal build's compile commands, so it can start
# once that build is done. It runs at the lowest priority beside the
# sanitizer steps, on what CPU they leave (their tests wait on processes
# much of the time); its step waits for it and prints what it found.
tidy_start() {
  TIDY_OUT="$BUILD_DIR/tidy-step.out"
  (nice -n 19 "$ROOT/deploy/tidy.sh" "$BUILD_DIR" >"$TIDY_OUT" 2>&1) &
  TIDY_PID=$!
}

tidy_wait() {
  local rc=0
  wait "$TIDY_PID" || rc=$?
  cat "$TIDY_OUT"
  return "$rc"
}

tsan_test() {
  (cd "$1" &&
    TSAN_OPTIONS="halt_on_error=1 suppressions=$ROOT/tests/tsan.supp" \
      ctest --output-on-failure --timeout 600 -R SharedStateTest)
}

# The include walls and the format of every C++ file git knows (or, outside
# a git checkout, every one under the source folders).
check() {
  local rc=0 files
  python3 "$ROOT/deploy/check_walls.py" "$ROOT" || rc=1
  if ! command -v clang-format >/dev/null; then
    echo "local.sh: clang-format is missing (deploy/install-deps.sh installs it)" >&2
    return 1
  fi
  if git -C "$ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git -C "$ROOT" ls-files '*.cc' '*.h')
  else
    files=$(cd "$ROOT" && find core proto plugins worker server client tests \
      -name '*.cc' -o -name '*.h')
  fi
  if ! (cd "$ROOT" && echo "$files" | xargs clang-format --dry-run --Werror); then
    echo "local.sh: these files are not clang-formatted (Google style," \
      ".clang-format); clang-format -i FILE formats one" >&2
    rc=1
  fi
  [ "$rc" -ne 0 ] || echo "local.sh: check passed: walls and format"
  return "$rc"
}

run_tests() {
  RUN_STARTED=$SECONDS
  trap report_steps EXIT
  local asan_dir="${BUILD_DIR}-asan" tsan_dir="${BUILD_DIR}-tsan"
  local built=1
  step "install and build" build || built=0
  # Needs no build, only clang-format, which the step above installs.
  step "walls and format" check || true
  if [ "$built" -ne 1 ]; then
    for later in tests "ASan + UBSan build" "ASan + UBSan tests" \
      "TSan build" "TSan shared-state test" "fuzz, 20 s per target" \
      "soak, 30 s" "clang-tidy"; do
      skip "$later" "needs the build"
    done
    exit 1
  fi
  step "tests" ctest_in "$BUILD_DIR" || true
  tidy_start
  if step "ASan + UBSan build" cmake_build "$asan_dir" Debug address,undefined \
    tkp_tests; then
    step "ASan + UBSan tests" asan_tests "$asan_dir" || true
  else
    skip "ASan + UBSan tests" "needs its build"
  fi
  if step "TSan build" cmake_build "$tsan_dir" RelWithDebInfo thread \
    shared_state_test; then
    step "TSan shared-state test" tsan_test "$tsan_dir" || true
  else
    skip "TSan shared-state test" "needs its build"
  fi
  step "fuzz, 20 s per target" "$ROOT/deploy/fuzz.sh" 20 || true
  step "soak, 30 s" "$BUILD_DIR/bin/tkp-soak" --seconds 30 || true
  step "clang-tidy" tidy_wait || true
  exit "$step_failed"
}

# cmake_build DIR BUILD_TYPE SANITIZERS [TARGET]: a sanitizer build.
cmake_build() {
  local dir=$1 type=$2 sanitize=$3 target=${4:-}
  cmake -S "$ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" \
    -DTKP_SANITIZE="$sanitize" &&
    cmake --build "$dir" -j "$JOBS" ${target:+--target "$target"}
}

run_server() {
  # The server, the CLI, the worker and the plugins; not the tests.
  build tkp_product
  cmake --install "$BUILD_DIR" --prefix "$PREFIX" >/dev/null
  local tkp="$PREFIX/bin/tkp"
  mkdir -p "$DATA_DIR"
  "$PREFIX/bin/tkp-server" --listen "$LISTEN" --data-dir "$DATA_DIR" \
    --http-listen "$HTTP_LISTEN" &
  local server_pid=$!
  trap 'kill -TERM "$server_pid" 2>/dev/null; wait "$server_pid"' INT TERM

  # Wait until it answers (exit code 78 = UNAVAILABLE: not up yet).
  local ready=0
  for _ in $(seq 1 100); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "local.sh: tkp-server did not start (is $LISTEN or $HTTP_LISTEN" \
        "in use? TKP_LISTEN and TKP_HTTP_LISTEN choose others)" >&2
      exit 1
    fi
    if "$tkp" --server "$LISTEN" --timeout 1 publications >/dev/null 2>&1; then
      ready=1
      break
    fi
    sleep 0.1
  done
  if [ "$ready" -ne 1 ]; then
    echo "local.sh: tkp-server did not answer on $LISTEN" >&2
    kill -TERM "$server_pid"
    exit 1
  fi

  # The samples; importing them again on a later run changes nothing. A data
  # dir that already holds another document for a sample's region and
  # quarter (an older sample, or your own) keeps it.
  local samples="$PREFIX/share/tkp/samples"
  import_sample() {
    local rc=0 err
    err="$("$tkp" --server "$LISTEN" import --no-progress "$@" 2>&1 >/dev/null)" \
      || rc=$?
    if [ "$rc" -eq 70 ]; then  # ALREADY_EXISTS
      echo "local.sh: kept what $DATA_DIR already holds for $(basename "$1")'s" \
        "region and quarter (remove it to load the sample)" >&2
    elif [ "$rc" -ne 0 ]; then
      echo "$err" >&2
      kill -TERM "$server_pid"
      exit 1
    fi
  }
  import_sample "$samples/groot-amsterdam-2023Q3.txt"
  import_sample "$samples/groot-amsterdam-2023Q4.tsv" --period 2023Q4
  import_sample "$samples/food-valley-2023Q4.txt"
  local quarter
  for quarter in 2021Q4 2022Q1 2022Q2; do
    import_sample "$samples/noordoost-brabant-$quarter.txt"
  done

  cat <<MSG

tkp-server is running on $LISTEN (data in $DATA_DIR) with the samples loaded.

Open the dashboard in a browser: http://$HTTP_LISTEN/
The same figures as JSON or CSV, for curl, Excel or Power BI:

  curl http://$HTTP_LISTEN/v1/coverage?period=2023Q4
  curl -o figures.csv "http://$HTTP_LISTEN/v1/export?format=csv"

Or the CLI, in another terminal:

  export PATH="$PREFIX/bin:\$PATH" TKP_SERVER=$LISTEN
  tkp publications
  tkp totals --region "Groot Amsterdam"
  tkp --format json totals --region "Groot-Amsterdam" --period 2023Q3
  tkp municipalities --region "Food Valley" --format csv
  tkp coverage --period 2023Q4
  tkp history --region "Groot Amsterdam"
  tkp changes --region Noordoost-Brabant --from 2021Q4 --to 2022Q1
  tkp history --municipality "Land van Cuijk"
  tkp export --out figures.csv
  tkp importers
  tkp import YOUR-FILE.txt [--period 2021Q1]

Press Ctrl-C to stop the server.
MSG
  wait "$server_pid"
}

case "${1:-}" in
  run) run_server ;;
  test) run_tests ;;
  check) check ;;
  build) build ;;
  tidy)
    build
    "$ROOT/deploy/tidy.sh" "$BUILD_DIR"
    ;;
  fuzz)
    build
    "$ROOT/deploy/fuzz.sh" "${2:-60}"
    ;;
  soak)
    build
    "$BUILD_DIR/bin/tkp-soak" --seconds "${2:-60}"
    ;;
  bench)
    # Release flags, as a production build would have (the tests' build
    # keeps debug info); the echo ceiling is built with the same ones.
    "$ROOT/deploy/install-deps.sh"
    bench_dir="${BUILD_DIR}-bench"
    cmake -S "$ROOT" -B "$bench_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
    cmake --build "$bench_dir" -j "$JOBS" --target tkp-bench
    "$bench_dir/bin/tkp-bench" "${@:2}"
    ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
