#!/usr/bin/env bash
# Installs every Debian 12 package tkp needs to build, test and run.
# Safe to run again: it installs only what is missing.
#
#   deploy/install-deps.sh           everything: build, tests, fuzzing,
#                                    benchmarks, buf (CI, local.sh test)
#   deploy/install-deps.sh --build   only what building the product needs
#                                    (-DTKP_BUILD_TESTS=OFF): the container
#                                    image's build stage; no npm, no tests
set -euo pipefail

MODE=all
case "${1:-}" in
  "") ;;
  --build) MODE=build ;;
  *) echo "usage: deploy/install-deps.sh [--build]" >&2; exit 2 ;;
esac

# Building the product: the toolchain and the libraries it links.
BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config binutils
  # gRPC and Protocol Buffers (protobuf-compiler-grpc: gRPC's CMake config
  # fails without its plugin)
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  # Abseil, Boost.DLL (header-only, with Boost.Filesystem's headers)
  libabsl-dev libboost-dev libboost-filesystem-dev
  # ICU (text decoding, name normalisation), OpenSSL (SHA-256), CLI11 (flags)
  libicu-dev libssl-dev libcli11-dev
  # the import worker's system-call allowlist (seccomp-bpf)
  libseccomp-dev
  # the PDF importer (poppler's own API: its private headers); the .xlsx
  # and .ods importers (zip + XML); FreeXL for the .xls importer
  libpoppler-private-dev libzip-dev libpugixml-dev libfreexl-dev
  # the long-format importer reads JSON lines (header-only)
  nlohmann-json3-dev
  # the store in PostgreSQL (tkp-server --database-url): libpq
  libpq-dev
)

# Testing, fuzzing and benchmarking it, on top of those.
TEST_PACKAGES=(
  # clang and its runtimes build the libFuzzer targets; clang-format checks
  # the format (deploy/local.sh check); clang-tidy the code (deploy/tidy.sh)
  clang libclang-rt-14-dev clang-format clang-tidy
  # tests: TLS certificates made with the openssl command; the deploy/
  # checks are a Python script reading YAML; a client that is not ours is
  # Python's grpcio
  openssl python3 python3-yaml python3-grpcio
  # tests render the SVG charts; the dashboard's tests drive a real browser
  # (with puppeteer-core from npm, below)
  librsvg2-bin chromium fonts-dejavu-core
  # tests of the store in PostgreSQL start a real server of their own
  postgresql
  # tests: PDFs drawn with cairo (and password-protected with qpdf),
  # workbooks written with libxlsxwriter
  libgtest-dev libgmock-dev libcairo2-dev libxlsxwriter-dev qpdf
  # tests: compression bombs deflated with zlib
  zlib1g-dev
  # benchmarks: Google Benchmark; h2load (nghttp2-client), the load
  # generator of deploy/local.sh bench
  libbenchmark-dev nghttp2-client
)

PACKAGES=("${BUILD_PACKAGES[@]}")
[ "$MODE" = all ] && PACKAGES+=("${TEST_PACKAGES[@]}")

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# From the npm registry into the checkout, pinned: buf, the protobuf
# linter, and puppeteer-core, which the dashboard's tests drive Debian's
# chromium with (tests/browser/package.json and its lock file).
BUF_VERSION=1.75.0
BUF="$ROOT/.local/buf/node_modules/.bin/buf"
BROWSER="$ROOT/.local/browser"
if [ "$MODE" = all ] && ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

# Runs npm, and where it fails says so with npm's own words (a proxy's
# certificate, a registry that cannot be reached), rather than only that a
# step ran.
npm_step() {
  local what="$1" log
  shift
  log=$(mktemp)
  if ! npm "$@" >"$log" 2>&1; then
    echo "install-deps: npm could not install $what:" >&2
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

install_npm_tools() {
  [ "$MODE" = all ] || return 0
  if ! { [ -x "$BUF" ] && [ "$("$BUF" --version)" = "$BUF_VERSION" ]; }; then
    echo "install-deps: installing buf $BUF_VERSION from npm"
    npm_step "buf $BUF_VERSION" install --no-audit --no-fund \
      --prefix "$ROOT/.local/buf" "@bufbuild/buf@$BUF_VERSION"
  fi
  # Again whenever the lock file changed.
  if ! cmp -s "$ROOT/tests/browser/package-lock.json" \
    "$BROWSER/package-lock.json" ||
    [ ! -d "$BROWSER/node_modules/puppeteer-core" ]; then
    echo "install-deps: installing puppeteer-core from npm (tests/browser)"
    mkdir -p "$BROWSER"
    cp "$ROOT/tests/browser/package.json" \
      "$ROOT/tests/browser/package-lock.json" "$BROWSER/"
    npm_step puppeteer-core ci --no-audit --no-fund --prefix "$BROWSER"
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  install_npm_tools
  exit 0
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "install-deps: missing ${missing[*]}; run this script as root" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get update -qq ||
  ! "${SUDO[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"; then
  echo "install-deps: apt-get could not install ${missing[*]} (its message" \
    "is above)" >&2
  exit 1
fi
install_npm_tools
