#!/usr/bin/env bash
# Fuzzes every importer plugin's parser, the shared validation and the
# HTTP API's router with
# libFuzzer for SECONDS each (deploy/local.sh fuzz SECONDS; the test run
# does 20). Builds the targets with clang into build-fuzz/, seeds each from
# the sample documents, the office-written fixtures, a generated PDF and
# workbook, and the kept
# regressions, and prints executions, speed and coverage per target.
#
# A crash, a sanitizer report, a leak or an input slower than FUZZ_TIMEOUT
# seconds (default 10) fails the run; the input is copied to tests/fuzz/regressions/<target>/, where the
# test suite replays it from then on (commit it with the fix).
#
# Usage: deploy/fuzz.sh SECONDS   (needs a normal build in BUILD_DIR first)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"
FUZZ_DIR="${BUILD_DIR}-fuzz"
JOBS="${JOBS:-$(nproc)}"
SECONDS_EACH="${1:?usage: deploy/fuzz.sh SECONDS}"
TARGETS=(layout_a layout_b pdf xlsx ods csv long_format xls validation http)
# An input counts as a hang past this many seconds. Ten times what any
# input takes here, so that a slower or busier machine (the targets are
# ASan builds) never fails the run on speed alone; a true hang is endless.
TIMEOUT="${FUZZ_TIMEOUT:-10}"

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$FUZZ_DIR" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTKP_BUILD_TESTS=OFF -DTKP_FUZZ=ON \
  -DTKP_SANITIZE=fuzzer-no-link,address,undefined >/dev/null
cmake --build "$FUZZ_DIR" -j "$JOBS" --target fuzzers

seeds="$FUZZ_DIR/seeds"
mkdir -p "$seeds"
cp "$ROOT"/deploy/samples/* "$seeds/"
# Documents written by LibreOffice and openpyxl (.xlsx, .ods, .xls, .csv),
# and long-format files (Calc CSV, UTF-16 text, tkp export).
cp "$ROOT"/tests/fixtures/documents/{calc,openpyxl,twee,long}-* "$seeds/"
"$BUILD_DIR/bin/make_fuzz_seeds" "$seeds" >/dev/null
# Requests for the HTTP API's router ("METHOD TARGET").
n=0
for request in "GET /v1/publications?region=Groot%20Amsterdam" \
  "GET /v1/regions/AM18/totals?period=2023Q3" \
  "HEAD /v1/regions/Groot+Amsterdam/municipalities" \
  "GET /v1/coverage?period=2023Q3&sort=profile_share"; do
  n=$((n + 1))
  printf '%s' "$request" >"$seeds/http-request-$n"
done

# Whether an input the xls fuzzer kept fails inside FreeXL: run again, the
# first frame of its stack in FreeXL or in tkp's sources is FreeXL's
# ("freexl"); it passes now ("gone"); or it is tkp's ("tkp").
in_freexl() {
  local binary=$1 input=$2 asan_options=$3 out
  if out=$(ASAN_OPTIONS="$asan_options" "$binary" -timeout="$TIMEOUT" \
    -rss_limit_mb=2048 "$input" 2>&1); then
    echo gone
    return
  fi
  echo "$out" | awk '
    /^ +#[0-9]+ / && !found {
      if ($0 ~ /libfreexl\.so/) { found = "freexl" }
      else if ($0 ~ /\/(plugins|tests\/fuzz)\/[^ ]*\.(cc|h):[0-9]+/) {
        found = "tkp"
      }
    }
    END { print found ? found : "tkp" }'
}

# fuzz_target TARGET: fuzzes one target on one core; writes its summary
# line to build-fuzz/TARGET.summary; fails if the target found something.
fuzz_target() {
  local target=$1 corpus regressions artifacts log status asan_options mode
  local runs speed coverage found freexl
  corpus="$FUZZ_DIR/corpus/$target"
  regressions="$ROOT/tests/fuzz/regressions/$target"
  artifacts="$FUZZ_DIR/artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  cp "$seeds"/* "$corpus/"
  if [ -d "$regressions" ]; then cp "$regressions"/* "$corpus/" 2>/dev/null || true; fi
  log="$FUZZ_DIR/$target.log"
  echo "fuzz.sh: $target for ${SECONDS_EACH}s"
  status=0
  # Debian's FreeXL is not instrumented, and on crafted workbooks it crashes,
  # reads past its buffers and asks for gigabytes within a second
  # (tests/fuzz/regressions/xls/). That is FreeXL's to fix, and the import
  # worker contains it (office_formats_test replays the findings through a
  # worker). So xls is fuzzed in libFuzzer's fork mode, which goes on past
  # a crash; what ASan sees of FreeXL through its calls is left aside
  # (tests/fuzz/freexl.asan.supp), and each crash or out-of-memory input is
  # run again: one that ends in FreeXL's code is counted, any other fails
  # the run as ever.
  asan_options=""
  mode=()
  if [ "$target" = xls ]; then
    asan_options="suppressions=$ROOT/tests/fuzz/freexl.asan.supp"
    mode=(-fork=1 -ignore_crashes=1)
  fi
  ASAN_OPTIONS="$asan_options" "$FUZZ_DIR/tests/fuzz/fuzz_$target" "$corpus" \
    "${mode[@]}" \
    -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" \
    >"$log" 2>&1 || status=$?
  if [ "$target" = xls ]; then
    # Fork mode ends non-zero after any crash; it must have run to the end.
    status=0
    grep -q "INFO: fuzzed for" "$log" || status=1
    freexl=0
    for found in "$artifacts"/*; do
      [ -e "$found" ] || continue
      case "$(in_freexl "$FUZZ_DIR/tests/fuzz/fuzz_xls" "$found" "$asan_options")" in
        freexl) freexl=$((freexl + 1)); rm "$found" ;;
        gone) echo "fuzz.sh: xls: $(basename "$found") did not fail again" >&2
              rm "$found" ;;
        *) status=1 ;;
      esac
    done
    echo "fuzz.sh: xls: $freexl input(s) crashed or exhausted memory inside FreeXL"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  # Fork mode prints its count on its progress lines ("#164720: cov: ...").
  [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  [ -n "$speed" ] || speed=$(( ${runs:-0} / SECONDS_EACH ))
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  printf '%-12s %10s runs %7s/s  coverage %5s edges\n' \
    "$target" "${runs:-?}" "${speed:-?}" "${coverage:-?}" \
    >"$FUZZ_DIR/$target.summary"
  if [ "$status" -ne 0 ]; then
    mkdir -p "$regressions"
    for found in "$artifacts"/*; do
      [ -e "$found" ] || continue
      cp "$found" "$regressions/"
      echo "fuzz.sh: $target failed on $(basename "$found"), kept in" \
        "tests/fuzz/regressions/$target/" >&2
    done
    grep -E "ERROR|SUMMARY|deadly|timeout" "$log" | head -5 >&2 || true
  fi
  return "$status"
}

# JOBS targets at a time, each on a core of its own.
export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp"
for target in "${TARGETS[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n || true; done
  rm -f "$FUZZ_DIR/$target.failed" "$FUZZ_DIR/$target.summary"
  (fuzz_target "$target" || touch "$FUZZ_DIR/$target.failed") &
done
wait
summary=()
failed=0
for target in "${TARGETS[@]}"; do
  summary+=("$(cat "$FUZZ_DIR/$target.summary" 2>/dev/null || echo "$target ?")")
  [ ! -e "$FUZZ_DIR/$target.failed" ] || failed=1
done

echo
echo "fuzz.sh: ${SECONDS_EACH}s per target (coverage counts tkp's own code;"
echo "Debian's poppler, libzip, pugixml and FreeXL are not instrumented)"
printf '  %s\n' "${summary[@]}"
exit "$failed"
