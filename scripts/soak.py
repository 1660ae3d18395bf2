#!/usr/bin/env python3
"""`make soak`: a long run of the release `bootstrap` against the local peers, watching for leaks.

SOAK_N invocations (default 100,000) mixed across every fixture in `events/` (and the malformed bodies in
`events/invalid/`), split over four `bootstrap` processes, one per MODAL_INTEGRATION_PATTERN × dispatch mode
(remote/spawn × event/record: the environment is read at init), running concurrently, each with its own Runtime
API. Every SOAK_REPORT invocations in all (default 10,000) it prints per process RSS split into anonymous and
file-backed memory, open fds and threads. Every answer is checked against the demo's expectations
(scripts/demo.py `expected`).

Pass: in every process, anonymous memory grows by less than SOAK_MAX_GROWTH_MB (default 2) between the end of
warm-up (SOAK_WARMUP_FRACTION of its invocations, default 0.2) and its last invocation, its fds are the same and its
threads no more than after warm-up, and every answer was as expected. Otherwise it exits 1 and prints the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo import COMBOS, expected, fixtures, summarize  # noqa: E402
from harness.peers import ROOT, Child, Peers  # noqa: E402
from harness.procstat import sample  # noqa: E402
from harness import lifecycle  # noqa: E402
from harness.runtime_api import RuntimeAPI  # noqa: E402


class Segment:
    def __init__(self, pattern: str, mode: str, count: int) -> None:
        self.pattern, self.mode, self.count = pattern, mode, count
        self.done = 0
        self.unexpected: list[str] = []
        self.warm = None
        self.final = None
        self.samples = []
        self.api: RuntimeAPI | None = None
        self.child: Child | None = None

    @property
    def name(self) -> str:
        return f"{self.pattern}/{self.mode}"


async def drive(segment: Segment, events, params, warmup: int, progress) -> None:
    for index in range(segment.count):
        name, body = events[index % len(events)]
        result = await segment.api.invoke(body, timeout_ms=30_000)
        outcome, _ = summarize(name, result.body, result.kind, result.error_type, params)
        want = expected(name, segment.pattern, segment.mode)
        if outcome != want and len(segment.unexpected) < 20:
            segment.unexpected.append(f"{name}: {outcome} (expected {want})")
        segment.done += 1
        if segment.done == warmup:
            segment.warm = sample(segment.child.pid)
        progress()
        if not segment.child.running():
            segment.unexpected.append(f"bootstrap exited with {segment.child.process.poll()}")
            return
    segment.final = sample(segment.child.pid)  # before it idles while the other processes finish


def line(segment: Segment, stat) -> str:
    return (f"  {segment.name:14} {segment.done:>8}  anon {stat.rss_anon_kb / 1024:7.2f} MB  file "
            f"{stat.rss_file_kb / 1024:6.2f} MB  rss {stat.rss_kb / 1024:6.2f} MB  fds {stat.fds:3}  "
            f"threads {stat.threads:3}")


async def main_async(arguments, running: lifecycle.Running) -> int:
    children = running.children
    bootstrap = Path(arguments.bootstrap)
    if not bootstrap.is_file():
        print(f"no bootstrap at {bootstrap}", file=sys.stderr)
        return 2
    total = int(os.environ.get("SOAK_N") or 100_000)
    every = int(os.environ.get("SOAK_REPORT") or 10_000)
    limit_mb = float(os.environ.get("SOAK_MAX_GROWTH_MB") or 2)
    warm_fraction = float(os.environ.get("SOAK_WARMUP_FRACTION") or 0.2)
    events = [(name, path.read_bytes()) for name, path in fixtures(None)]
    segments = [Segment(pattern, mode, total // len(COMBOS) + (1 if i < total % len(COMBOS) else 0))
                for i, (pattern, mode) in enumerate(COMBOS)]
    work = Path(tempfile.mkdtemp(prefix="modal-bridge-soak-"))
    print(f"soak: {total} invocations over {len(segments)} bootstrap processes ({bootstrap}), {len(events)} "
          f"events in rotation; logs in {work}", flush=True)
    peers = Peers(work)
    running.peers.append(peers)
    peers.start()
    params = None
    for segment in segments:
        segment.api = await RuntimeAPI.start()
        env = peers.lambda_environment(function="echo", pattern=segment.pattern, mode=segment.mode)
        env |= {"AWS_LAMBDA_RUNTIME_API": segment.api.address, "AWS_LAMBDA_LOG_LEVEL": "WARN",
                "AWS_LAMBDA_LOG_FORMAT": "Text"}
        params = json.loads(env["PARAMETERS"])
        segment.child = Child(f"bootstrap-{segment.pattern}-{segment.mode}", [str(bootstrap)], env, work)
        children.append(segment.child)
    for segment in segments:
        deadline = time.monotonic() + 60
        while segment.api.first_next is None:
            if time.monotonic() > deadline or not segment.child.running():
                raise RuntimeError(f"{segment.name} did not start:\n{segment.child.output()[-2000:]}")
            await asyncio.sleep(0.01)
        segment.samples.append(sample(segment.child.pid))
    started = time.monotonic()
    state = {"done": 0, "next": every}

    def progress() -> None:
        state["done"] += 1
        if state["done"] >= state["next"] or state["done"] == total:
            state["next"] += every
            elapsed = time.monotonic() - started
            print(f"{state['done']:>7} invocations, {elapsed:6.1f} s ({state['done'] / elapsed:.0f}/s)", flush=True)
            for segment in segments:
                if segment.child.running():
                    stat = sample(segment.child.pid)
                    segment.samples.append(stat)
                    print(line(segment, stat), flush=True)

    await asyncio.gather(*(drive(s, events, params, max(1, int(s.count * warm_fraction)), progress) for s in segments))
    for segment in segments:
        segment.child.stop()
        children.remove(segment.child)
        await segment.api.close()
    output = "".join(segment.child.output() for segment in segments)
    leaked = [secret for secret in peers.secrets if secret in output]
    peers.stop()

    print(f"\nresult (growth measured from the end of warm-up, {warm_fraction:.0%} of each process's invocations):")
    failed = bool(leaked)
    for segment in segments:
        final = segment.final
        if final is None or segment.warm is None:
            print(f"  {segment.name}: FAILED, the process did not survive: {segment.unexpected[-1:]}")
            failed = True
            continue
        growth = (final.rss_anon_kb - segment.warm.rss_anon_kb) / 1024
        problems = []
        if growth >= limit_mb:
            problems.append(f"anonymous memory grew {growth:+.2f} MB (limit {limit_mb} MB)")
        if final.fds != segment.warm.fds:
            problems.append(f"fds {segment.warm.fds} → {final.fds}")
        if final.threads > segment.warm.threads:  # an idle pool retiring threads is fine; more threads are not
            problems.append(f"threads {segment.warm.threads} → {final.threads}")
        if segment.unexpected:
            problems.append(f"{len(segment.unexpected)}+ unexpected answers, e.g. {segment.unexpected[:3]}")
        failed |= bool(problems)
        print(f"  {segment.name:14} {segment.done} invocations; anon {segment.warm.rss_anon_kb / 1024:.2f} → "
              f"{final.rss_anon_kb / 1024:.2f} MB ({growth:+.2f}), file-backed {final.rss_file_kb / 1024:.2f} MB, "
              f"peak RSS {final.hwm_kb / 1024:.2f} MB, fds {segment.warm.fds} → {final.fds}, threads "
              f"{segment.warm.threads} → {final.threads}: {'; '.join(problems) if problems else 'ok'}")
    if leaked:
        print("  a secret appeared in the runtime's output")
    print("soak " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=os.environ.get("SOAK_BOOTSTRAP")
                        or str(ROOT / ".build-release/release/bootstrap"))
    arguments = parser.parse_args()
    return lifecycle.run(lambda running: main_async(arguments, running))

if __name__ == "__main__":
    sys.exit(main())
