#!/usr/bin/env bash
# Builds the container image (deploy/Dockerfile) and checks that it runs as
# deploy/compose.yaml runs it: a read-only root with an exec tmpfs on /tmp,
# the data on a volume. The server imports a sample and reads it back, its
# log lists every worker protection in force and none missing, it restarts
# at once and still serves the import, and it stops with exit code 0.
# Prints the image's size and the build's time. Too slow for every CI run
# (minutes of building): run it before a release.
#
#   deploy/container-check.sh          docker or podman, whichever is there
#
# Where no image registry is reachable, set TKP_BOOTSTRAP_MIRROR to a Debian
# mirror (the one apt uses): the debian:12 and debian:12-slim base images
# are then made with debootstrap (root only).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGE="${TKP_IMAGE:-tkp:check}"
NAME="tkp-check-$$"
VOLUME="tkp-check-data-$$"

# The first engine that answers (a docker client without its daemon does
# not).
ENGINE=
for engine in docker podman; do
  if command -v "$engine" >/dev/null && "$engine" info >/dev/null 2>&1; then
    ENGINE=$engine
    break
  fi
done
if [ -z "$ENGINE" ]; then
  echo "container-check: neither docker nor podman is installed and working" >&2
  exit 1
fi

fail() {
  echo "container-check: FAILED: $*" >&2
  echo "--- server log:" >&2
  "$ENGINE" logs "$NAME" >&2 2>&1 || true
  exit 1
}

cleanup() {
  "$ENGINE" rm -f "$NAME" >/dev/null 2>&1 || true
  "$ENGINE" volume rm -f "$VOLUME" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# The Debian base images, made from a mirror where no registry answers.
if [ -n "${TKP_BOOTSTRAP_MIRROR:-}" ] &&
  ! "$ENGINE" image inspect debian:12 >/dev/null 2>&1; then
  rootfs=$(mktemp -d)
  echo "container-check: making debian:12 with debootstrap"
  debootstrap --variant=minbase bookworm "$rootfs" "$TKP_BOOTSTRAP_MIRROR" \
    >/dev/null
  cp -r /etc/apt/sources.list.d/. "$rootfs/etc/apt/sources.list.d/"
  tar -C "$rootfs" -c . | "$ENGINE" import - docker.io/library/debian:12 \
    >/dev/null
  "$ENGINE" tag docker.io/library/debian:12 docker.io/library/debian:12-slim
  rm -rf "$rootfs"
fi

started=$(date +%s)
"$ENGINE" build -f "$ROOT/deploy/Dockerfile" -t "$IMAGE" "$ROOT"
build_seconds=$(($(date +%s) - started))

# As compose.yaml runs it (ports are not needed: the image's own tkp talks
# to the server inside the container).
run() {
  "$ENGINE" run -d --name "$NAME" --read-only \
    --tmpfs /tmp:exec,nosuid,nodev,mode=1777,size=64m \
    -v "$VOLUME:/var/lib/tkp" \
    -v "$ROOT/deploy/samples:/samples:ro" "$IMAGE" >/dev/null
}
tkp() { "$ENGINE" exec "$NAME" /opt/tkp/bin/tkp --server 127.0.0.1:50051 "$@"; }

# Waits until the server answers (it restores its data dir first).
await_serving() {
  for _ in $(seq 300); do
    if tkp importers >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  fail "the server did not answer within a minute"
}

run
await_serving
tkp import /samples/food-valley-2023Q4.txt >/dev/null ||
  fail "importing the sample"
tkp totals --region "Food Valley" --period 2023Q4 | grep -q "5406\|5\.406" ||
  fail "reading the import back"
log=$("$ENGINE" logs "$NAME" 2>&1)
echo "$log" | grep -q "import workers: " ||
  fail "the log lists no worker protection"
if echo "$log" | grep -q "run without a protection"; then
  fail "a worker protection is missing"
fi

# A restart at once: the ports the stopped server held must be free again,
# and the import still there.
"$ENGINE" restart -t 10 "$NAME" >/dev/null
await_serving
tkp totals --region "Food Valley" --period 2023Q4 >/dev/null ||
  fail "the import is gone after the restart"

"$ENGINE" stop -t 10 "$NAME" >/dev/null
code=$("$ENGINE" inspect -f '{{.State.ExitCode}}' "$NAME")
[ "$code" = 0 ] || fail "the server stopped with exit code $code"

size=$("$ENGINE" image inspect -f '{{.Size}}' "$IMAGE")
echo "container-check: passed ($ENGINE): built in ${build_seconds} s," \
  "image $((size / 1000000)) MB; imported, read back, restarted at once," \
  "stopped with exit code 0; every worker protection in force"
