#!/usr/bin/env python3
"""A client that is not ours: Python's grpcio (Debian python3-grpcio) with
stubs generated now, by protoc and grpc_python_plugin, from the protos that
`cmake --install` put under share/tkp/proto. It talks to the installed
tkp-server and checks reflection, health, a token-less call and the seed
figures.

Usage: python_client_test.py REPO_ROOT BUILD_DIR CMAKE
Prints "N passed, M failed" and exits non-zero on any failure.
"""

import csv
import io
import json
import os
import re
import signal
import subprocess
import sys
import tempfile

import grpc

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "support"))
from checks import check, finish  # noqa: E402

ROOT, BUILD, CMAKE = sys.argv[1], sys.argv[2], sys.argv[3]
READER = "python-reader-token-0123456789"
IMPORTER = "python-importer-token-0123456789"


def main(work):
    prefix = os.path.join(work, "prefix")
    subprocess.run([CMAKE, "--install", BUILD, "--prefix", prefix], check=True,
                   stdout=subprocess.DEVNULL)
    stubs = os.path.join(work, "stubs")
    os.mkdir(stubs)
    subprocess.run(
        ["protoc", "-I", os.path.join(prefix, "share/tkp/proto"),
         "-I", os.path.join(ROOT, "tests"),
         f"--python_out={stubs}", f"--grpc_python_out={stubs}",
         "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin",
         "tkp/v1/tkp.proto", "proto/health_client.proto",
         "proto/reflection_client.proto"], check=True)
    sys.path.insert(0, stubs)
    from proto import health_client_pb2, health_client_pb2_grpc
    from proto import reflection_client_pb2 as reflection
    from tkp.v1 import tkp_pb2, tkp_pb2_grpc

    tokens = os.path.join(work, "tokens")
    with open(tokens, "w") as f:
        f.write(f"{READER} reader\n{IMPORTER} importer\n")
    os.chmod(tokens, 0o600)
    server = subprocess.Popen(
        [os.path.join(prefix, "bin/tkp-server"), "--listen", "127.0.0.1:0",
         "--data-dir", os.path.join(work, "data"), "--tokens-file", tokens],
        stderr=subprocess.PIPE, text=True)
    try:
        log = ""
        while "serving on" not in log:
            line = server.stderr.readline()
            if not line:
                break
            log += line
        port = re.search(r"serving on \S+ \(port (\d+)\)", log)
        check("installed tkp-server starts", port is not None, log)
        if port is None:
            return
        channel = grpc.insecure_channel(f"127.0.0.1:{port.group(1)}")

        health = health_client_pb2_grpc.HealthStub(channel)
        answer = health.Check(health_client_pb2.HealthCheckRequest(), timeout=60)
        check("health check answers SERVING",
              answer.status == health_client_pb2.HealthCheckResponse.SERVING)

        reflect = channel.stream_stream(
            "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
            request_serializer=reflection.ReflectionRequest.SerializeToString,
            response_deserializer=reflection.ReflectionResponse.FromString)
        responses = list(reflect(iter([reflection.ReflectionRequest(
            list_services="")]), timeout=60))
        names = {s.name for r in responses
                 for s in r.list_services_response.service}
        check("reflection lists our services",
              {"tkp.v1.TransparencyService", "tkp.v1.ImportService"} <= names,
              str(names))

        # Clients that try reflection v1 first (grpcurl) fall back to
        # v1alpha when v1 answers UNIMPLEMENTED.
        reflect_v1 = channel.stream_stream(
            "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
            request_serializer=reflection.ReflectionRequest.SerializeToString,
            response_deserializer=reflection.ReflectionResponse.FromString)
        try:
            list(reflect_v1(iter([reflection.ReflectionRequest(
                list_services="")]), timeout=60))
            check("reflection v1 answers UNIMPLEMENTED", False, "it answered")
        except grpc.RpcError as e:
            check("reflection v1 answers UNIMPLEMENTED (clients fall back)",
                  e.code() == grpc.StatusCode.UNIMPLEMENTED, str(e.code()))

        reads = tkp_pb2_grpc.TransparencyServiceStub(channel)
        try:
            reads.ListPublications(tkp_pb2.ListPublicationsRequest(), timeout=60)
            check("a call without a token is refused", False, "it succeeded")
        except grpc.RpcError as e:
            check("a call without a token is refused",
                  e.code() == grpc.StatusCode.UNAUTHENTICATED, str(e.code()))

        seed = os.path.join(ROOT, "..", "shared", "seeds",
                            "000_5e3ee97a703f38bb.txt")
        sample = os.path.join(prefix, "share/tkp/samples",
                              "groot-amsterdam-2023Q3.txt")
        document, region, expected = (
            (seed, "Twente", (326, 1991, 5254, 598, 8169, 11031))
            if os.path.exists(seed) else
            (sample, "Groot Amsterdam", (604, 5014, 10607, 4261, 20486, 28853)))
        imports = tkp_pb2_grpc.ImportServiceStub(channel)
        with open(document, "rb") as f:
            imports.ImportDocument(
                tkp_pb2.ImportDocumentRequest(
                    content=f.read(), file_name=os.path.basename(document)),
                metadata=[("authorization", f"Bearer {IMPORTER}")], timeout=60)
        figures = reads.GetRegionTotals(
            tkp_pb2.GetRegionTotalsRequest(region=region),
            metadata=[("authorization", f"Bearer {READER}")], timeout=60)
        t = figures.totals
        got = (t.municipality_with_profile, t.municipality_without_profile,
               t.uwv_with_profile, t.uwv_without_profile, t.total,
               figures.register_size)
        check(f"a read returns the figures of {os.path.basename(document)}",
              got == expected, f"{got} != {expected}")
        check_export(prefix, port.group(1), reads, imports, tkp_pb2)
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=60)
        check("the server stops cleanly", code == 0, f"exit {code}")


def check_export(prefix, port, reads, imports, tkp_pb2):
    """`tkp export` read back with Python's csv and json modules gives, row
    for row, the figures ListMunicipalities serves."""
    as_reader = [("authorization", f"Bearer {READER}")]
    samples = os.path.join(prefix, "share/tkp/samples")
    for quarter in ("2021Q4", "2022Q1", "2022Q2"):
        name = f"noordoost-brabant-{quarter}.txt"
        with open(os.path.join(samples, name), "rb") as f:
            imports.ImportDocument(
                tkp_pb2.ImportDocumentRequest(content=f.read(), file_name=name),
                metadata=[("authorization", f"Bearer {IMPORTER}")], timeout=60)
    env = dict(os.environ, TKP_TOKEN=READER)
    tkp = [os.path.join(prefix, "bin/tkp"), "--server", f"127.0.0.1:{port}"]
    # Bytes, so the CSV's own line ends (CRLF) reach the csv module.
    csv_run = subprocess.run(tkp + ["export"], env=env, capture_output=True)
    check("tkp export exits 0", csv_run.returncode == 0, csv_run.stderr)
    rows = list(csv.DictReader(
        io.StringIO(csv_run.stdout.decode("utf-8"), newline="")))
    served = {}
    publications = reads.ListPublications(
        tkp_pb2.ListPublicationsRequest(), metadata=as_reader, timeout=60)
    for p in publications.publications:
        answer = reads.ListMunicipalities(
            tkp_pb2.ListMunicipalitiesRequest(region=p.region.key,
                                              period=p.period),
            metadata=as_reader, timeout=60)
        for m in answer.municipalities:
            c = m.counts
            served[(f"{p.period.year}Q{p.period.quarter}", m.name)] = {
                "municipality_code": m.code,
                "municipality_with_profile": str(c.municipality_with_profile),
                "municipality_without_profile":
                    str(c.municipality_without_profile),
                "uwv_with_profile": str(c.uwv_with_profile),
                "uwv_without_profile": str(c.uwv_without_profile),
                "total": str(c.total),
                "register_size": str(p.register_size),
            }
    check("the export has a row per municipality and quarter",
          len(rows) == len(served) and len(rows) > 0,
          f"{len(rows)} rows, {len(served)} served")
    mismatched = []
    for row in rows:
        want = served.get((row["period"], row["municipality_name"]))
        got = {k: row[k] for k in (want or {})}
        if want is None or got != want:
            mismatched.append((row, want))
    check("every exported row has the figures the RPCs serve",
          not mismatched, str(mismatched[:2]))
    cuijk = [r for r in rows if r["municipality_code"] == "GM1982"]
    check("Land van Cuijk is exported with its code and region",
          [(r["period"], r["region_cbs_code"], r["total"]) for r in cuijk]
          == [("2022Q1", "AM27", "1177"), ("2022Q2", "AM27", "1197")],
          str(cuijk))
    json_run = subprocess.run(
        tkp + ["--format", "json", "export", "--region", "AM27",
               "--from", "2022Q1"], env=env, capture_output=True, text=True)
    objects = [json.loads(line) for line in json_run.stdout.splitlines()]
    check("the JSON export is one object per line, filtered",
          json_run.returncode == 0 and len(objects) == 20 and
          all(o["regionCbsCode"] == "AM27" for o in objects),
          json_run.stderr or str(objects[:1]))


with tempfile.TemporaryDirectory() as work:
    main(work)
finish()
