#!/usr/bin/env python3
"""`make test-cargo-lambda`: `bootstrap` under cargo-lambda's Lambda emulator, a Runtime API we did not write.

For each case a fresh emulator (`cargo-lambda lambda watch --only-lambda-apis`, run in a throw-away folder holding a
dummy Cargo.toml that is never built) and a fresh `bootstrap` pointed at its `/.rt` prefix:
  1. `_HANDLER=echo`: single, repeated, concurrent and 1 MB events come back byte-identical over the emulator's
     invoke API (`POST /2015-03-31/functions/_/invocations`);
  2. the bridge (moto Secrets Manager + the Modal test server, remote, event mode): an S3 event reaches `echo`
     unchanged, and a failing function surfaces as an error.
Deviations of the emulator tolerated here (docs/demo-and-bench.md, cargo-lambda notes): the deadline header carries the timeout
(600000), not an epoch; errors reach the caller as HTTP 500 without `X-Amz-Function-Error`; `/response` answers 200.
Exit 0 when every check passed; every process is stopped by PID.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import lifecycle  # noqa: E402
from harness.peers import ROOT, Child, Peers, clean_environment  # noqa: E402

CARGO_LAMBDA = Path(sys.executable).parent / "cargo-lambda"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Emulator:
    def __init__(self, running: lifecycle.Running, work: Path, name: str) -> None:
        self.port = free_port()
        project = work / f"{name}-project"
        (project / "src").mkdir(parents=True)
        (project / "Cargo.toml").write_text('[package]\nname = "dummy"\nversion = "0.1.0"\nedition = "2021"\n')
        (project / "src/main.rs").write_text("fn main() {}\n")
        self.child = Child(f"{name}-emulator", [str(CARGO_LAMBDA), "lambda", "watch", "--only-lambda-apis",
                                                "-A", "127.0.0.1", "-P", str(self.port)],
                           clean_environment(), work, cwd=project)
        running.children.append(self.child)
        deadline = time.monotonic() + 60
        while "starting Runtime server" not in self.child.output():
            if not self.child.running() or time.monotonic() > deadline:
                raise RuntimeError(f"cargo-lambda did not start:\n{self.child.output()[-2000:]}")
            time.sleep(0.05)

    @property
    def runtime_api(self) -> str:
        return f"http://127.0.0.1:{self.port}/.rt"

    def invoke(self, body: bytes, timeout: float = 60) -> tuple[int, bytes, dict]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/2015-03-31/functions/_/invocations",
                                         data=body, method="POST", headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read(), dict(error.headers)


class Checks:
    def __init__(self) -> None:
        self.failed = 0

    def check(self, name: str, ok: bool, detail: str = "") -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""), flush=True)
        self.failed += 0 if ok else 1


def start_bootstrap(running, bootstrap: Path, emulator: Emulator, env: dict[str, str], work: Path, name: str) -> Child:
    env = env | {"AWS_LAMBDA_RUNTIME_API": emulator.runtime_api, "AWS_LAMBDA_FUNCTION_NAME": "_",
                 "AWS_LAMBDA_FUNCTION_VERSION": "1", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "4096"}
    child = Child(name, [str(bootstrap)], env, work)
    running.children.append(child)
    return child


async def echo_case(running, bootstrap: Path, work: Path, checks: Checks) -> None:
    print("echo handler under cargo-lambda:")
    emulator = Emulator(running, work, "echo")
    child = start_bootstrap(running, bootstrap, emulator, {"PATH": "/usr/bin:/bin", "_HANDLER": "echo"}, work,
                            "bootstrap-echo")
    fixture = (ROOT / "events/sqs.json").read_bytes()
    status, body, _ = await asyncio.to_thread(emulator.invoke, fixture)
    checks.check("single event answered byte-identical", status == 200 and body == fixture, f"{status} {body[:200]!r}")
    repeated = [await asyncio.to_thread(emulator.invoke, json.dumps({"n": n}).encode()) for n in range(20)]
    checks.check("20 events in a row", all(s == 200 and json.loads(b) == {"n": n} for n, (s, b, _) in enumerate(repeated)),
                 str(repeated[:2]))
    concurrent = await asyncio.gather(*(asyncio.to_thread(emulator.invoke, json.dumps({"c": n}).encode())
                                        for n in range(8)))
    checks.check("8 concurrent events, each answered with its own body",
                 sorted(json.loads(b)["c"] for s, b, _ in concurrent if s == 200) == list(range(8)), str(concurrent[:2]))
    large = json.dumps({"data": "x" * (1024 * 1024)}).encode()
    status, body, _ = await asyncio.to_thread(emulator.invoke, large)
    checks.check("1 MB event byte-identical", status == 200 and body == large, f"{status} {len(body)} bytes")
    checks.check("bootstrap still running on one connection", child.running(), child.output()[-1000:])
    child.stop()
    emulator.child.stop()


async def bridge_case(running, bootstrap: Path, work: Path, checks: Checks) -> None:
    print("bridge (moto + Modal test server) under cargo-lambda:")
    peers = Peers(work / "peers")
    running.peers.append(peers)
    peers.start()
    for function, check in (("echo", "remote call returns the event unchanged"),
                            ("raise", "a failing function is an invocation error (HTTP 500)")):
        emulator = Emulator(running, work, f"bridge-{function}")
        env = peers.lambda_environment(function=function, pattern="remote", mode="event")
        child = start_bootstrap(running, bootstrap, emulator, env, work, f"bootstrap-bridge-{function}")
        fixture = (ROOT / "events/s3-put.json").read_bytes()
        status, body, _ = await asyncio.to_thread(emulator.invoke, fixture)
        if function == "echo":
            try:
                result = json.loads(body)["response"]["result"]
                ok = status == 200 and result["args"][0] == json.loads(fixture)
            except (ValueError, KeyError, TypeError, IndexError):
                ok = False
        else:
            ok = status == 500 and b"Modal.RemoteError" in body
        checks.check(check, ok, f"{status} {body[:300]!r}")
        leaked = [secret for secret in peers.secrets if secret in child.output()]
        checks.check("no secret in the runtime's output", not leaked)
        child.stop()
        emulator.child.stop()
    peers.stop()


async def main_async(arguments, running: lifecycle.Running) -> int:
    bootstrap = Path(arguments.bootstrap)
    if not bootstrap.is_file():
        print(f"no bootstrap at {bootstrap}", file=sys.stderr)
        return 2
    if not CARGO_LAMBDA.is_file():
        print("cargo-lambda missing: `make test-cargo-lambda` installs scripts/requirements-cargo-lambda.txt",
              file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="modal-bridge-cargo-lambda-"))
    checks = Checks()
    await echo_case(running, bootstrap, work, checks)
    await bridge_case(running, bootstrap, work, checks)
    print(f"cargo-lambda smoke test: {'passed' if not checks.failed else f'{checks.failed} check(s) FAILED'}")
    if not checks.failed:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"logs: {work}")
    return 1 if checks.failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=str(ROOT / ".build/debug/bootstrap"))
    arguments = parser.parse_args()
    return lifecycle.run(lambda running: main_async(arguments, running))


if __name__ == "__main__":
    sys.exit(main())
