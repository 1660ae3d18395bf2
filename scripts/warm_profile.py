#!/usr/bin/env python3
"""`make warm-profile`: what one warm invocation of the release `bootstrap` costs, in figures that the machine's
load hardly moves: CPU time, syscalls (strace -c, attached after the warm-up), context switches and how the CPU
time is spread over the process's threads (a hop between threads costs a futex wake and a context switch).

Runs against the same local peers as `make bench` (moto, the Modal test server, the asyncio Runtime API), function
`echo`, event `events/unknown-order.json`, for each pattern (remote, spawn): WARM invocations first, then N measured
without strace (CPU, context switches, threads), then N under `strace -f -c` (syscall counts; strace slows the
process, so its counts are the only figure taken from that phase). Prints a markdown table per pattern.

Environment: PROFILE_N (measured invocations, default 2000), PROFILE_WARM (warm-up, 300), PROFILE_PATTERNS
(comma list, default remote,spawn), PROFILE_REPEATS (1), PROFILE_STRACE (0 skips the strace phase), PROFILE_MODE (event or record), PROFILE_EVENT (a file; default the SQS
3-record batch events/sqs.json in record mode, events/unknown-order.json otherwise).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.peers import ROOT, Child, Peers  # noqa: E402
from harness.procstat import TICKS, sample  # noqa: E402
from harness import lifecycle  # noqa: E402
from harness.runtime_api import RuntimeAPI  # noqa: E402

# Syscalls worth a row of their own (the rest are summed).
SHOWN = ["futex", "epoll_wait", "epoll_pwait", "epoll_ctl", "timerfd_settime", "read", "write", "readv", "writev",
         "sendmsg", "recvmsg", "getrandom", "eventfd2", "mmap", "munmap", "madvise", "clock_gettime"]


def threads(pid: int) -> dict[str, dict]:
    """Per thread: name, CPU seconds and context switches (voluntary + involuntary)."""
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as handle:
                raw = handle.read()
            name = raw[raw.index("(") + 1:raw.rindex(")")]
            fields = raw.rsplit(")", 1)[1].split()
            status = Path(f"/proc/{pid}/task/{tid}/status").read_text()
            switches = sum(int(m) for m in re.findall(r"(?:non)?voluntary_ctxt_switches:\s+(\d+)", status))
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
        result[tid] = {"name": name, "cpu": (int(fields[11]) + int(fields[12])) / TICKS, "switches": switches}
    return result


def strace_counts(path: Path) -> dict[str, int]:
    counts = {}
    for line in path.read_text().splitlines():
        parts = line.split()
        # % time, seconds, usecs/call, calls, [errors], syscall
        if len(parts) >= 5 and parts[0][0].isdigit() and parts[-1] != "total":
            try:
                counts[parts[-1]] = int(parts[3])
            except ValueError:
                continue
    return counts


async def profile(pattern: str, mode: str, event: bytes, warm: int, n: int, peers: Peers, bootstrap: Path, work: Path,
                  running: lifecycle.Running, trace_syscalls: bool = True) -> dict:
    api = await RuntimeAPI.start()
    env = peers.lambda_environment(function="echo", pattern=pattern, mode=mode)
    env |= {"AWS_LAMBDA_RUNTIME_API": api.address, "AWS_LAMBDA_LOG_FORMAT": "Text", "AWS_LAMBDA_LOG_LEVEL": "WARN"}
    child = Child(f"profile-{pattern}", [str(bootstrap)], env, work)
    running.children.append(child)
    try:
        while api.first_next is None:
            if not child.running():
                raise RuntimeError(child.output()[-3000:])
            await asyncio.sleep(0.001)
        for _ in range(warm):
            await api.invoke(event)
        before_threads, before = threads(child.pid), sample(child.pid)
        for _ in range(n):
            result = await api.invoke(event)
            if result.kind != "response":
                raise RuntimeError(f"invocation failed: {result}")
        after_threads, after = threads(child.pid), sample(child.pid)
        syscalls = {}
        if trace_syscalls:
            trace = work / f"strace-{pattern}.txt"
            tracer = subprocess.Popen(["strace", "-f", "-c", "-o", str(trace), "-p", str(child.pid)],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            await asyncio.sleep(1.0)  # strace attaches to every thread
            for _ in range(n):
                await api.invoke(event)
            tracer.send_signal(signal.SIGINT)
            tracer.wait(30)
            syscalls = strace_counts(trace)
    finally:
        child.stop()
        running.children.remove(child)
        await api.close()
    per_thread = []
    for tid, figures in after_threads.items():
        old = before_threads.get(tid, {"cpu": 0.0, "switches": 0})
        per_thread.append((figures["name"], figures["cpu"] - old["cpu"], figures["switches"] - old["switches"]))
    busy = sorted((t for t in per_thread if t[1] > 0 or t[2] > 0), key=lambda t: -t[1])
    cpu = after.cpu - before.cpu
    return {"pattern": pattern, "n": n, "cpu_ms": cpu / n * 1000, "threads": after.threads,
            "switches": sum(t[2] for t in per_thread) / n,
            "thread_share": [(name, 100 * used / cpu if cpu else 0.0, sw / n) for name, used, sw in busy],
            "syscalls": {name: count / n for name, count in syscalls.items()},
            "rss_anon_mb": after.rss_anon_kb / 1024, "peak_rss_mb": after.hwm_kb / 1024}


def table(figures: dict) -> str:
    lines = [f"### {figures['pattern']} ({figures['n']} invocations after warm-up)", "",
             f"CPU {figures['cpu_ms']:.3f} ms per invocation; {figures['switches']:.1f} context switches per "
             f"invocation; {figures['threads']} threads; RssAnon {figures['rss_anon_mb']:.1f} MB, peak RSS "
             f"{figures['peak_rss_mb']:.1f} MB", "",
             "| thread | share of CPU | context switches / invocation |", "|---|---:|---:|"]
    lines += [f"| {name} | {share:.0f}% | {switches:.1f} |" for name, share, switches in figures["thread_share"]]
    syscalls = figures["syscalls"]
    if not syscalls:
        return "\n".join(lines + [""])
    lines += ["", "| syscall | per invocation |", "|---|---:|"]
    for name in SHOWN:
        if name in syscalls:
            lines.append(f"| {name} | {syscalls[name]:.1f} |")
    rest = sum(count for name, count in syscalls.items() if name not in SHOWN)
    lines += [f"| other | {rest:.1f} |", f"| **total** | **{sum(syscalls.values()):.1f}** |", ""]
    return "\n".join(lines)


async def main_async(arguments, running: lifecycle.Running) -> int:
    trace_syscalls = os.environ.get("PROFILE_STRACE", "1") != "0"
    if trace_syscalls and shutil.which("strace") is None:
        print("strace is missing: apt-get install strace", file=sys.stderr)
        return 2
    bootstrap = Path(arguments.bootstrap)
    mode = os.environ.get("PROFILE_MODE", "event")
    default_event = "events/sqs.json" if mode == "record" else "events/unknown-order.json"
    event = (ROOT / os.environ.get("PROFILE_EVENT", default_event)).read_bytes()
    n, warm = int(os.environ.get("PROFILE_N") or 2000), int(os.environ.get("PROFILE_WARM") or 300)
    work = Path(tempfile.mkdtemp(prefix="modal-bridge-profile-"))
    peers = Peers(work)
    running.peers.append(peers)
    peers.start()
    print(f"bootstrap {bootstrap}, mode {mode}, load {os.getloadavg()[0]:.1f}\n")
    bootstraps = [bootstrap] + [Path(other) for other in arguments.compare]
    for repeat in range(int(os.environ.get("PROFILE_REPEATS") or 1)):
        for pattern in (os.environ.get("PROFILE_PATTERNS") or "remote,spawn").split(","):
            for binary in bootstraps:
                figures = await profile(pattern, mode, event, warm, n, peers, binary, work, running, trace_syscalls)
                print(f"[{repeat + 1}] {binary}\n" + table(figures), flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=str(ROOT / ".build-release/release/bootstrap"))
    parser.add_argument("--compare", nargs="*", default=[], help="more binaries, run interleaved with --bootstrap")
    arguments = parser.parse_args()
    return lifecycle.run(lambda running: main_async(arguments, running))


if __name__ == "__main__":
    sys.exit(main())
