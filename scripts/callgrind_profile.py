#!/usr/bin/env python3
"""`make callgrind-profile`: instructions the release `bootstrap` executes, counted by valgrind's callgrind.

Instruction counts do not move with the machine's load (latency and CPU time do), so two builds can be compared
exactly on a busy machine. Two phases, each in its own process:

- init: exec until the first `GET /next`. The Runtime API stub closes the connection at once, the runtime reports
  the lost connection and exits; everything it executed is counted (the exit path is small next to init).
- warm: against the same local peers as `make bench` (moto, the Modal test server, the asyncio Runtime API), function
  `echo`, event `events/unknown-order.json`: PROFILE_WARM invocations uninstrumented, then PROFILE_N instrumented.

Prints instructions in all and per invocation, the functions with the most inclusive instructions, and how the
exclusive instructions split over modules (Swift runtime, standard library, NIO, gRPC, this project's targets).
valgrind 3.19 cannot read the DWARF 5 debug info the Swift toolchain writes, so the binary is profiled with its debug
info stripped (its symbol table kept). Environment: PROFILE_N (default 300), PROFILE_WARM (100), PROFILE_PATTERNS
(remote,spawn), PROFILE_TOP (25 functions).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.peers import ROOT, Child, Peers  # noqa: E402
from harness import lifecycle  # noqa: E402
from harness.runtime_api import RuntimeAPI  # noqa: E402

OURS = ["Bootstrap", "Bridge", "EventDispatch", "LambdaRuntime", "RuntimeAPI", "ModalClient", "ModalProto", "JSON",
        "CBOR", "LambdaEvents", "Primitives", "SecretsManager", "SigV4"]
GROUPS = {
    "gRPC (grpc-swift-2, nio transport, protobuf glue)": ["GRPCCore", "GRPCNIOTransportCore", "GRPCNIOTransportHTTP2",
                                                          "GRPCNIOTransportHTTP2Posix", "GRPCProtobuf"],
    "NIO HTTP/2 + HPACK": ["NIOHTTP2", "NIOHPACK"],
    "NIO core, event loop, HTTP/1": ["NIOCore", "NIOPosix", "NIOHTTP1", "NIOConcurrencyHelpers", "_NIODataStructures",
                                     "DequeModule", "InternalCollectionsUtilities"],
    "SwiftProtobuf": ["SwiftProtobuf"],
    "Swift standard library": ["Swift", "_Concurrency", "Synchronization"],
    "this project's targets": OURS,
}
MODULE = re.compile(r"\b(" + "|".join(sorted({m for ms in GROUPS.values() for m in ms}, key=len, reverse=True))
                    + r")\.")


def stripped_copy(binary: Path, work: Path) -> Path:
    copy = work / "bootstrap"
    subprocess.run(["strip", "--strip-debug", "-o", str(copy), str(binary)], check=True)
    return copy


def annotate(out: Path, inclusive: bool) -> list[tuple[int, str]]:
    args = ["callgrind_annotate", "--threshold=100", str(out)]
    if inclusive:
        args.insert(1, "--inclusive=yes")
    text = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    rows = []
    for line in text.splitlines():
        match = re.match(r"\s*([\d,]+) \(\s*[\d.]+%\)\s+\S*?:(.*) \[.*\]$", line)
        if match:
            rows.append((int(match.group(1).replace(",", "")), match.group(2)))
    return rows


def demangled(names: list[str]) -> list[str]:
    swift = shutil.which("swift")
    if swift is None:
        return names
    result = subprocess.run([swift, "demangle", "--simplified"], input="\n".join(names), capture_output=True,
                            text=True)
    lines = result.stdout.splitlines()
    return lines if len(lines) == len(names) else names


def module_split(out: Path) -> list[tuple[str, float]]:
    rows = annotate(out, inclusive=False)
    total = sum(cost for cost, _ in rows) or 1
    compact = subprocess.run([shutil.which("swift") or "swift", "demangle", "--compact"],
                             input="\n".join(name for _, name in rows), capture_output=True, text=True).stdout
    names = compact.splitlines() if compact else [name for _, name in rows]
    by_group: collections.Counter[str] = collections.Counter()
    for (cost, raw), name in zip(rows, names):
        if raw.startswith("$s") or raw.startswith("_$s"):
            found = MODULE.search(name)
            module = found.group(1) if found else None
            group = next((g for g, modules in GROUPS.items() if module in modules), "other Swift packages")
        elif "swift" in raw.lower():
            group = "Swift runtime (retain/release, metadata, casts, exclusivity, tasks)"
        else:
            group = "libc and the rest"
        by_group[group] += cost
    return [(group, 100 * cost / total) for group, cost in by_group.most_common()]


def report(title: str, out: Path, divisor: int, top: int) -> None:
    rows = annotate(out, inclusive=True)
    total = sum(cost for cost, _ in annotate(out, inclusive=False))
    print(f"\n### {title}\n")
    print(f"instructions: {total:,} in all, **{total / divisor:,.0f} per {'invocation' if divisor > 1 else 'run'}**\n")
    print("| exclusive instructions by module | share |\n|---|---:|")
    for group, share in module_split(out):
        print(f"| {group} | {share:.1f}% |")
    skip = re.compile(r"thunk|partial apply|swift_job_run|runJobInEstablished|start_thread|ThreadOps|NIOThread|"
                      r"setupThreadAndEventLoop|SelectableEventLoop\.run\(|__libc_start|_start$|main$")
    names = demangled([name for _, name in rows])
    print(f"\n| top inclusive functions | per {'invocation' if divisor > 1 else 'run'} | share |\n|---|---:|---:|")
    shown = 0
    for (cost, _), name in zip(rows, names):
        if skip.search(name):
            continue
        print(f"| `{name[:110]}` | {cost / divisor:,.0f} | {100 * cost / max(total, 1):.1f}% |")
        shown += 1
        if shown >= top:
            break


def profile_init(binary: Path, work: Path, top: int) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]

    def refuse() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connection.recv(65536)
            connection.close()

    threading.Thread(target=refuse, daemon=True).start()
    out = work / "callgrind-init.out"
    env = {"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{port}", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "AWS_LAMBDA_LOG_LEVEL": "FATAL", "_HANDLER": "bootstrap", "MODAL_APP_NAME": "app",
           "MODAL_FUNCTION_NAME": "echo", "MODAL_INTEGRATION_PATTERN": "remote", "MODAL_TOKEN_ID": "ak-profile",
           "MODAL_TOKEN_SECRET": "as-profile", "MODAL_SERVER_URL": "http://127.0.0.1:9"}
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", str(binary)], env=env,
                   capture_output=True, timeout=600)
    listener.close()
    report("init: exec → first `/next` (and the exit after the stub closes it)", out, 1, top)


async def profile_warm(pattern: str, binary: Path, peers: Peers, work: Path, running: lifecycle.Running,
                       warm: int, n: int, top: int) -> None:
    event = (ROOT / "events/unknown-order.json").read_bytes()
    api = await RuntimeAPI.start()
    env = peers.lambda_environment(function="echo", pattern=pattern, mode="event")
    env |= {"AWS_LAMBDA_RUNTIME_API": api.address, "AWS_LAMBDA_LOG_FORMAT": "Text", "AWS_LAMBDA_LOG_LEVEL": "WARN"}
    out = work / f"callgrind-{pattern}.out"
    child = Child(f"callgrind-{pattern}", ["valgrind", "--tool=callgrind", "--instr-atstart=no",
                                           f"--callgrind-out-file={out}", str(binary)], env, work)
    running.children.append(child)
    try:
        while api.first_next is None:
            if not child.running():
                raise RuntimeError(child.output()[-3000:])
            await asyncio.sleep(0.01)
        for _ in range(warm):
            await api.invoke(event, timeout_ms=600_000)
        subprocess.run(["callgrind_control", "--instr=on", str(child.pid)], check=True, capture_output=True)
        for _ in range(n):
            result = await api.invoke(event, timeout_ms=600_000)
            if result.kind != "response":
                raise RuntimeError(f"invocation failed: {result}")
        subprocess.run(["callgrind_control", "--instr=off", str(child.pid)], check=True, capture_output=True)
        subprocess.run(["callgrind_control", "--dump", str(child.pid)], check=True, capture_output=True)
    finally:
        child.stop()
        running.children.remove(child)
        await api.close()
    dumps = sorted(work.glob(f"callgrind-{pattern}.out.*"), key=lambda p: p.stat().st_size)
    if not dumps:
        raise RuntimeError("callgrind wrote no dump")
    report(f"warm `{pattern}`: {n} invocations after {warm} uninstrumented", dumps[-1], n, top)


async def main_async(arguments, running: lifecycle.Running) -> int:
    for tool in ("valgrind", "callgrind_annotate", "callgrind_control", "strip"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: apt-get install valgrind binutils", file=sys.stderr)
            return 2
    work = Path(tempfile.mkdtemp(prefix="modal-bridge-callgrind-"))
    binary = stripped_copy(Path(arguments.bootstrap), work)
    top = int(os.environ.get("PROFILE_TOP") or 25)
    print(f"bootstrap {arguments.bootstrap} (debug info stripped for valgrind), work {work}")
    profile_init(binary, work, top)
    peers = Peers(work)
    running.peers.append(peers)
    peers.start()
    n, warm = int(os.environ.get("PROFILE_N") or 300), int(os.environ.get("PROFILE_WARM") or 100)
    for pattern in (os.environ.get("PROFILE_PATTERNS") or "remote,spawn").split(","):
        await profile_warm(pattern, binary, peers, work, running, warm, n, top)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=str(ROOT / ".build-release/release/bootstrap"))
    arguments = parser.parse_args()
    return lifecycle.run(lambda running: main_async(arguments, running))


if __name__ == "__main__":
    sys.exit(main())
