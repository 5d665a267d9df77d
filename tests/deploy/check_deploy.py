#!/usr/bin/env python3
"""Checks what can be checked of deploy/ without a container engine: the
manifests parse; every flag they pass exists in `tkp-server --help`; ports,
probes and volumes line up; and the systemd unit's ExecStart really starts a
server (with the paths mapped to the build tree).

Usage: check_deploy.py REPO_ROOT TKP_SERVER_BINARY
Prints "N passed, M failed" and exits non-zero on any failure.
"""

import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile
import time

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from checks import check, finish  # noqa: E402

ROOT, SERVER = sys.argv[1], sys.argv[2]
DEPLOY = os.path.join(ROOT, "deploy")


help_text = subprocess.run([SERVER, "--help"], capture_output=True, text=True,
                           check=True).stdout
known_flags = set(re.findall(r"(--[a-z][a-z-]+)", help_text))


def flags_exist(where, args):
    used = {a.split("=", 1)[0] for a in args if a.startswith("--")}
    unknown = used - known_flags
    check(f"{where}: every flag is one tkp-server has", not unknown,
          f"unknown: {sorted(unknown)}")
    return used


def flag_value(args, flag):
    for i, a in enumerate(args):
        if a.startswith(flag + "="):
            return a.split("=", 1)[1]
        if a == flag and i + 1 < len(args):
            return args[i + 1]
    return None


def port_of(address):
    return int(address.rsplit(":", 1)[1])


# --- Kubernetes -------------------------------------------------------------
def load_manifests(folder):
    """Every document of the YAML files directly in `folder` (as `kubectl
    apply -f` reads it: not its subfolders), by (kind, name)."""
    docs = {}
    for name in sorted(os.listdir(os.path.join(DEPLOY, folder))):
        path = os.path.join(DEPLOY, folder, name)
        if not os.path.isfile(path):
            continue
        try:
            loaded = [d for d in yaml.safe_load_all(open(path)) if d]
            check(f"{folder}/{name} parses", True)
        except yaml.YAMLError as e:
            check(f"{folder}/{name} parses", False, str(e))
            continue
        for d in loaded:
            docs[(d["kind"], d["metadata"]["name"])] = d
    return docs


def check_secret_key(where, docs, secret, key):
    check(f"{where}: secret {secret} has an example", ("Secret", secret) in docs)
    check(f"{where}: secret {secret} holds {key}",
          key in docs.get(("Secret", secret), {}).get("stringData", {}))


def check_deployment(where, docs, shared):
    """The checks both variants share (`shared`: the manifests of deploy/k8s,
    whose TLS and token Secrets both use); returns the container, its args,
    mounts and volumes for the variant's own checks."""
    deployment = docs[("Deployment", "tkp")]
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    args = container["args"]
    flags_exist(f"{where} Deployment", args)
    check(f"{where}: Deployment has three replicas", spec["replicas"] == 3)
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    for port, flag in (("grpc", "--listen"), ("health", "--health-listen"),
                       ("metrics", "--metrics-listen")):
        check(f"{where}: {port} port is the one {flag} names",
              ports.get(port) == port_of(flag_value(args, flag)))
    for probe in ("readinessProbe", "livenessProbe"):
        check(f"{where}: {probe} is a native gRPC probe on the health port",
              container.get(probe, {}).get("grpc", {}).get("port") ==
              ports["health"])
    resources = container.get("resources", {})
    check(f"{where}: resources have requests and limits",
          {"cpu", "memory"} <= set(resources.get("requests", {})) and
          {"cpu", "memory"} <= set(resources.get("limits", {})))
    security = container.get("securityContext", {})
    check(f"{where}: root filesystem is read-only",
          security.get("readOnlyRootFilesystem") is True)
    check(f"{where}: runs as non-root",
          pod.get("securityContext", {}).get("runAsNonRoot") is True)
    mounts = {m["name"]: m["mountPath"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    check(f"{where}: /tmp is an emptyDir (plugins load from copies there)",
          "emptyDir" in volumes.get(
              next((n for n, m in mounts.items() if m == "/tmp"), "?"), {}))
    for flag, volume in (("--tls-cert", "tls"), ("--tls-key", "tls"),
                         ("--tokens-file", "tokens")):
        value = flag_value(args, flag) or ""
        check(f"{where}: {flag} lies in the mounted secret '{volume}'",
              value.startswith(mounts.get(volume, "?") + "/") and
              "secret" in volumes.get(volume, {}))
        secret = volumes[volume]["secret"]["secretName"]
        check_secret_key(where, {**shared, **docs}, secret,
                         os.path.basename(value))
    return container, args, mounts, volumes


docs = load_manifests("k8s")
container, args, mounts, volumes = check_deployment("k8s", docs, docs)
ports = {p["name"] for p in container["ports"]}
check("k8s: the data dir is the mounted volume",
      mounts.get("data") == flag_value(args, "--data-dir"))
claim = volumes["data"]["persistentVolumeClaim"]["claimName"]
check("k8s: the data volume is ReadWriteMany",
      "ReadWriteMany" in docs[("PersistentVolumeClaim", claim)]["spec"]["accessModes"])
for (kind, name), d in docs.items():
    if kind != "Service":
        continue
    for p in d["spec"]["ports"]:
        check(f"Service {name} targets a named container port",
              p["targetPort"] in ports)

# The database variant: stateless replicas, the connection string from a
# Secret in the environment (never a flag: it holds the password), the
# Secret either CloudNativePG's for the Cluster beside it or the example's.
pg_docs = load_manifests("k8s/postgres")
container, args, mounts, volumes = check_deployment("k8s/postgres", pg_docs,
                                                    docs)
check("k8s/postgres: no volume claim, no data dir",
      not any("persistentVolumeClaim" in v for v in volumes.values())
      and not any(kind == "PersistentVolumeClaim" for kind, _ in pg_docs)
      and flag_value(args, "--data-dir") is None)
check("k8s/postgres: no --database-url on the command line",
      flag_value(args, "--database-url") is None)
env = {e["name"]: e for e in container.get("env", [])}
check("k8s/postgres: tkp-server --help names TKP_DATABASE_URL",
      "TKP_DATABASE_URL" in help_text)
url_ref = env.get("TKP_DATABASE_URL", {}).get("valueFrom", {}).get(
    "secretKeyRef", {})
check("k8s/postgres: TKP_DATABASE_URL comes from a Secret",
      bool(url_ref.get("name")) and bool(url_ref.get("key")))
clusters = [n for k, n in pg_docs if k == "Cluster"]
check("k8s/postgres: a CloudNativePG Cluster example",
      len(clusters) == 1 and pg_docs[("Cluster", clusters[0])]["apiVersion"]
      .startswith("postgresql.cnpg.io/"))
# CloudNativePG names its Secrets <cluster>-app (key uri) and <cluster>-ca.
check("k8s/postgres: the URL Secret is the Cluster's <name>-app, key uri",
      clusters and url_ref == {"name": clusters[0] + "-app", "key": "uri"})
check_secret_key("k8s/postgres", pg_docs, url_ref.get("name"), "uri")
root_cert = env.get("PGSSLROOTCERT", {}).get("value", "")
check("k8s/postgres: libpq verifies the database (PGSSLMODE verify-full)",
      env.get("PGSSLMODE", {}).get("value") == "verify-full")
ca_volume = next((n for n, m in mounts.items()
                  if root_cert.startswith(m + "/")), None)
ca_secret = volumes.get(ca_volume, {}).get("secret", {})
check("k8s/postgres: PGSSLROOTCERT lies in the mounted CA secret",
      bool(ca_secret))
check("k8s/postgres: the CA Secret is the Cluster's <name>-ca",
      clusters and ca_secret.get("secretName") == clusters[0] + "-ca")
check("k8s/postgres: only the CA's certificate is mounted, not its key",
      [i["key"] for i in ca_secret.get("items", [])] ==
      [os.path.basename(root_cert)])
check_secret_key("k8s/postgres", pg_docs, ca_secret.get("secretName"),
                 os.path.basename(root_cert))

# --- Dockerfile and compose -------------------------------------------------
dockerfile = open(os.path.join(DEPLOY, "Dockerfile")).read()
check("Dockerfile installs the build packages with deploy/install-deps.sh "
      "--build (no test libraries, no npm)",
      "deploy/install-deps.sh --build" in dockerfile)
check("Dockerfile builds the product without its tests, in Release",
      "-DTKP_BUILD_TESTS=OFF" in dockerfile
      and "-DCMAKE_BUILD_TYPE=Release" in dockerfile)
check("Dockerfile installs stripped binaries",
      re.search(r"cmake --install .*--strip", dockerfile) is not None)
check("Dockerfile runs as a non-root user", re.search(r"^USER\s+(?!root|0\b)\S+",
                                                       dockerfile, re.M) is not None)
entry = re.search(r"^ENTRYPOINT\s+(\[.*\])", dockerfile, re.M)
entry_args = yaml.safe_load(entry.group(1)) if entry else []
flags_exist("Dockerfile ENTRYPOINT", entry_args)
exposed = {int(p) for p in re.findall(r"^EXPOSE\s+(.*)$", dockerfile, re.M)[0].split()}
for flag in ("--listen", "--health-listen", "--metrics-listen"):
    check(f"Dockerfile exposes the {flag} port",
          port_of(flag_value(entry_args, flag)) in exposed)
# The run-time stage installs the package of every library the server and
# the plugins link directly (the build stage's -dev packages pull them in
# there, the slim image has nothing).
runtime = dockerfile.split("FROM", 2)[-1]
plugin_dir = os.path.join(os.path.dirname(SERVER), "..", "lib/tkp/plugins")
binaries = [SERVER, os.path.join(os.path.dirname(SERVER), "tkp")] + [
    os.path.join(plugin_dir, f)
                       for f in sorted(os.listdir(plugin_dir))
                       if f.endswith(".so")]
libraries = {}
for line in subprocess.run(["ldconfig", "-p"], capture_output=True,
                           text=True).stdout.splitlines():
    parts = line.strip().split(" => ")
    if len(parts) == 2 and "x86-64" in parts[0]:
        libraries.setdefault(parts[0].split()[0], parts[1])
BASE = {"libc6", "libstdc++6", "libgcc-s1"}  # in every Debian image
for binary in binaries:
    dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True,
                             text=True).stdout
    for needed in re.findall(r"\(NEEDED\).*\[(.+)\]", dynamic):
        path = libraries.get(needed)
        if path is None:
            continue  # e.g. the sanitizer runtimes of a test build
        owner = subprocess.run(["dpkg", "-S", os.path.realpath(path)],
                               capture_output=True, text=True).stdout
        package = owner.split(":")[0]
        if not package or package in BASE or package.startswith("libasan") \
                or package.startswith("libubsan"):
            continue
        check(f"the image installs {package} ({needed}, needed by "
              f"{os.path.basename(binary)})", package in runtime)

compose = yaml.safe_load(open(os.path.join(DEPLOY, "compose.yaml")))
service = compose["services"]["tkp"]
check("compose builds deploy/Dockerfile",
      service["build"]["dockerfile"] == "deploy/Dockerfile")
for mapping in service["ports"]:
    check(f"compose port {mapping} is exposed by the image",
          int(mapping.rsplit(":", 1)[1]) in exposed)
# Plugins load from copies in /tmp: with a read-only root, compose must give
# a tmpfs there that allows executing (Docker's tmpfs is noexec by default).
tmp_mounts = [t for t in service.get("tmpfs", []) if t.split(":")[0] == "/tmp"]
check("compose mounts a tmpfs on /tmp when the root is read-only",
      not service.get("read_only") or len(tmp_mounts) == 1)
check("compose's /tmp tmpfs allows executing (plugins load from it)",
      all(":" in t and "exec" in t.split(":", 1)[1].split(",")
          for t in tmp_mounts))

# The database beside it only on request: a plain `up` is one server on its
# data dir, and a password is never on the server's command line.
database = compose["services"].get("postgres", {})
check("compose's postgres service starts only with --profile postgres",
      database.get("profiles") == ["postgres"])
check("compose passes the database URL in the environment, empty by default",
      service.get("environment", {}).get("TKP_DATABASE_URL") ==
      "${TKP_DATABASE_URL:-}")
check("compose passes no --database-url on a command line",
      "--database-url" not in " ".join(service.get("command", [])))

# --- systemd: the unit's ExecStart runs ------------------------------------
unit = open(os.path.join(DEPLOY, "systemd", "tkp-server.service")).read()
exec_start = shlex.split(re.search(r"^ExecStart=(.*)$", unit, re.M).group(1))
flags_exist("systemd ExecStart", exec_start)
check("systemd ExecStart runs the installed binary",
      exec_start[0] == "/opt/tkp/bin/tkp-server")
with tempfile.TemporaryDirectory() as data:
    command = [SERVER] + exec_start[1:]
    for i, a in enumerate(command):
        if a == "/var/lib/tkp":
            command[i] = data
        elif re.fullmatch(r"127\.0\.0\.1:\d+", a):
            command[i] = "127.0.0.1:0"
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    log = ""
    deadline = time.time() + 120
    while time.time() < deadline and "serving on" not in log:
        line = process.stderr.readline()
        if not line:
            break
        log += line
    check("systemd ExecStart starts a serving server", "serving on" in log, log)
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        code = -1
    check("it stops with exit code 0 on SIGTERM", code == 0, f"exit {code}")

finish()
