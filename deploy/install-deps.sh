#!/usr/bin/env bash
# Installs every Debian 12 package tkp needs to build, test and run.
# Safe to run again: it installs only what is missing.
set -euo pipefail

PACKAGES=(
  # toolchain; clang and its runtimes build the libFuzzer targets
  g++ cmake ninja-build pkg-config binutils clang libclang-rt-14-dev
  # tests: TLS certificates made with the openssl command; the deploy/
  # checks are a Python script reading YAML; a client that is not ours is
  # Python's grpcio
  openssl python3 python3-yaml python3-grpcio
  # tests render the SVG charts
  librsvg2-bin
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
  # tests: PDFs drawn with cairo (and password-protected with qpdf),
  # workbooks written with libxlsxwriter
  libgtest-dev libgmock-dev libcairo2-dev libxlsxwriter-dev qpdf
  # tests: compression bombs deflated with zlib
  zlib1g-dev
  # benchmarks: Google Benchmark; h2load (nghttp2-client), the load
  # generator of deploy/local.sh bench
  libbenchmark-dev nghttp2-client
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
      grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# buf, the protobuf linter, comes from the npm registry into the checkout.
BUF_VERSION=1.75.0
BUF="$ROOT/.local/buf/node_modules/.bin/buf"
if ! command -v npm >/dev/null; then
  missing+=(nodejs npm)
fi

install_buf() {
  if [ -x "$BUF" ] && [ "$("$BUF" --version)" = "$BUF_VERSION" ]; then
    return
  fi
  echo "install-deps: installing buf $BUF_VERSION from npm"
  npm install --no-audit --no-fund --silent --prefix "$ROOT/.local/buf" \
    "@bufbuild/buf@$BUF_VERSION" >/dev/null
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages are installed"
  install_buf
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
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
install_buf
