#!/usr/bin/env bash
# Fuzzes every importer plugin's parser and the shared validation with
# libFuzzer for SECONDS each (deploy/local.sh fuzz SECONDS; the test run
# does 30). Builds the targets with clang into build-fuzz/, seeds each from
# the sample documents, the office-written fixtures, a generated PDF and
# workbook, and the kept
# regressions, and prints executions, speed and coverage per target.
#
# A crash, a sanitizer report, a leak or an input slower than 1 s fails the
# run; the input is copied to tests/fuzz/regressions/<target>/, where the
# test suite replays it from then on (commit it with the fix).
#
# Usage: deploy/fuzz.sh SECONDS   (needs a normal build in BUILD_DIR first)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
FUZZ_DIR="${BUILD_DIR}-fuzz"
JOBS="${JOBS:-$(nproc)}"
SECONDS_EACH="${1:?usage: deploy/fuzz.sh SECONDS}"
TARGETS=(layout_a layout_b pdf xlsx ods csv xls validation)

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$FUZZ_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTKP_BUILD_TESTS=OFF -DTKP_FUZZ=ON \
  -DTKP_SANITIZE=fuzzer-no-link,address,undefined >/dev/null
cmake --build "$FUZZ_DIR" -j "$JOBS" --target fuzzers

seeds="$FUZZ_DIR/seeds"
mkdir -p "$seeds"
cp "$ROOT"/deploy/samples/* "$seeds/"
# Documents written by LibreOffice and openpyxl (.xlsx, .ods, .xls, .csv).
cp "$ROOT"/tests/fixtures/documents/{calc,openpyxl,twee}-* "$seeds/"
"$BUILD_DIR/bin/make_fuzz_seeds" "$seeds" >/dev/null

# One target after another; each runs on one core.
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp"
summary=()
failed=0
for target in "${TARGETS[@]}"; do
  corpus="$FUZZ_DIR/corpus/$target"
  regressions="$ROOT/tests/fuzz/regressions/$target"
  artifacts="$FUZZ_DIR/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  cp "$seeds"/* "$corpus/"
  if [ -d "$regressions" ]; then cp "$regressions"/* "$corpus/" 2>/dev/null || true; fi
  log="$FUZZ_DIR/$target.log"
  echo "fuzz.sh: $target for ${SECONDS_EACH}s"
  status=0
  # Debian's FreeXL is not instrumented; what AddressSanitizer sees of it
  # is its calls (iconv, memcpy), and it reads past a buffer on crafted
  # workbooks (tests/fuzz/regressions/xls/). Those reports are FreeXL's, and
  # the worker contains them (office_formats_test); the fuzzer goes on
  # looking for tkp's own faults, and any crash still fails the run.
  asan_options=""
  if [ "$target" = xls ]; then
    asan_options="suppressions=$ROOT/tests/fuzz/freexl.asan.supp"
  fi
  ASAN_OPTIONS="$asan_options" "$FUZZ_DIR/tests/fuzz/fuzz_$target" "$corpus" \
    -max_total_time="$SECONDS_EACH" -timeout=1 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" \
    >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  summary+=("$(printf '%-12s %10s runs %7s/s  coverage %5s edges' \
    "$target" "${runs:-?}" "${speed:-?}" "${coverage:-?}")")
  if [ "$status" -ne 0 ]; then
    failed=1
    mkdir -p "$regressions"
    for found in "$artifacts"/*; do
      [ -e "$found" ] || continue
      cp "$found" "$regressions/"
      echo "fuzz.sh: $target failed on $(basename "$found"), kept in" \
        "tests/fuzz/regressions/$target/" >&2
    done
    grep -E "ERROR|SUMMARY|deadly|timeout" "$log" | head -5 >&2 || true
  fi
done

echo
echo "fuzz.sh: ${SECONDS_EACH}s per target (coverage counts tkp's own code;"
echo "Debian's poppler, libzip and pugixml are not instrumented)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
