#!/usr/bin/env python3
"""`make bench`: `bootstrap` side by side with the Python handler it replaces, in one run, against the same local
peers (moto Secrets Manager, the Modal test server) and one Runtime API harness (scripts/harness/runtime_api.py).

Sides: `bootstrap` (the static release build, same configuration as `make package`), `python-0.1.0`
(scripts/baseline/handler.py `handler`: what modal-bridge-constructs 0.1.0 does, per call `get_secret_value` + a
Modal client + `Function.from_name` + `.remote`/`.spawn`) and `python-cached` (`cached_handler`: token, client and
function kept), both under awslambdaric. The sides run one at a time, interleaved (the order rotates per repeat),
each in a fresh process per pattern.

Figures per side and pattern: init (exec → first GET /next), first invocation, warm p50/p99/p999 over N
invocations, CPU per invocation (utime+stime from /proc/PID/stat over the warm phase), the side's own share (mean
latency minus the time spent inside the Modal test server's handlers, GET /control/stats), peak RSS (VmHWM) and
RssAnon growth from invocation 1,000 to the last; then zip/binary sizes and, for bootstrap in record mode, a
10-record vs 1-record SQS batch. Medians over the repeats; ratios are computed within each repeat, then their
median is taken. Output: .build/bench/{results.json,bench.md,bench.png}. Benchmarks, never assertions: the exit
status only says whether every invocation succeeded.

Environment: BENCH_N (warm invocations, default 5000), BENCH_N_BASELINE (for python-0.1.0, default 2000: it is
~10x slower and leaks an fd per call), BENCH_REPEATS (3), BENCH_BATCH_N (batch invocations, 500),
BENCH_SIDES (comma list), BENCH_BOOTSTRAP (binary path), BENCH_ONLY_BATCH=1 (only the batch figure).

The batch figure runs bootstrap with MODAL_BRIDGE_BATCH=map (one Modal map call per batch) and =unary (one call per
record) in the same run, interleaved, BENCH_REPEATS times each; it reports the medians of both.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import importlib.metadata
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.peers import PYTHON, ROOT, Child, Peers  # noqa: E402
from harness.procstat import sample  # noqa: E402
from harness import lifecycle  # noqa: E402
from harness.runtime_api import RuntimeAPI  # noqa: E402

OUT = ROOT / ".build/bench"
EVENT = (ROOT / "events/unknown-order.json").read_bytes()
SIDES = ["bootstrap", "python-cached", "python-0.1.0"]
PATTERNS = ["remote", "spawn"]
BATCH_KINDS = ["map", "unary"]
# Packages the Lambda Python runtime already provides: not part of the baseline's zip.
LAMBDA_PROVIDED = {"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def side_argv(side: str, bootstrap: Path) -> tuple[list[str], dict[str, str]]:
    if side == "bootstrap":
        return [str(bootstrap)], {}
    handler = "handler.handler" if side == "python-0.1.0" else "handler.cached_handler"
    baseline = str(ROOT / "scripts/baseline")
    return [PYTHON, "-m", "awslambdaric", handler], {
        "PYTHONPATH": baseline, "LAMBDA_TASK_ROOT": baseline, "PYTHONDONTWRITEBYTECODE": "1",
        "MODAL_PAYLOAD_FORMAT": "cbor", "HOME": tempfile.gettempdir(),
    }


def succeeded(result) -> bool:
    if result.kind != "response":
        return False
    try:
        body = json.loads(result.body)
        return body.get("status") == "Success" or body.get("batchItemFailures") == []
    except (ValueError, AttributeError):
        return False


async def wait_ready(api: RuntimeAPI, child: Child, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while api.first_next is None:
        if api.init_error is not None or not child.running() or time.monotonic() > deadline:
            raise RuntimeError(f"{child.name} did not start: {api.init_error}\n{child.output()[-3000:]}")
        await asyncio.sleep(0.001)


def cpu_times() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields) - idle, sum(fields)


async def settle(limit: float = 15.0) -> None:
    """Waits (at most `limit` s) until the machine is ≥ 90% idle over 0.2 s. A side that stops leaves work behind in
    the peers (python-0.1.0 leaks a connection per call: 2,000 of them close when it exits), and the next side's
    init would be measured against it."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        busy, total = cpu_times()
        await asyncio.sleep(0.2)
        busy_after, total_after = cpu_times()
        if total_after > total and (busy_after - busy) / (total_after - total) <= 0.10:
            return


async def run_side(side: str, pattern: str, n: int, peers: Peers, bootstrap: Path, work: Path,
                   children: list[Child], mode: str = "event", events: list[bytes] | None = None,
                   environment: dict | None = None) -> dict:
    await settle()
    api = await RuntimeAPI.start()
    argv, extra = side_argv(side, bootstrap)
    env = peers.lambda_environment(function="echo", pattern=pattern, mode=mode) | extra | (environment or {})
    env["AWS_LAMBDA_RUNTIME_API"] = api.address
    env["AWS_LAMBDA_LOG_FORMAT"] = "Text"
    env["AWS_LAMBDA_LOG_LEVEL"] = "WARN"
    started = time.perf_counter()
    child = Child(f"{side}-{pattern}-{mode}", argv, env, work)
    children.append(child)
    try:
        await wait_ready(api, child)
        figures = {"init_ms": (api.first_next - started) * 1000}
        events = events or [EVENT]
        first = await api.invoke(events[0])
        figures["first_ms"] = first.latency * 1000
        errors = 0 if succeeded(first) else 1
        before, stats_before = sample(child.pid), peers.control("GET", "/stats")
        at_1000 = None
        latencies = []
        for index in range(n):
            result = await api.invoke(events[index % len(events)])
            latencies.append(result.latency)
            if not succeeded(result):
                errors += 1
            if index + 1 == 1000:
                at_1000 = sample(child.pid)
        after, stats_after = sample(child.pid), peers.control("GET", "/stats")
    finally:
        child.stop()
        children.remove(child)
        await api.close()
    server = stats_after["handler_seconds"] - stats_before["handler_seconds"]
    figures |= {
        "n": n, "errors": errors,
        "p50_ms": percentile(latencies, 0.50) * 1000, "p99_ms": percentile(latencies, 0.99) * 1000,
        "p999_ms": percentile(latencies, 0.999) * 1000, "mean_ms": statistics.fmean(latencies) * 1000,
        "cpu_ms": (after.cpu - before.cpu) / n * 1000,
        "own_ms": (sum(latencies) - server) / n * 1000,
        "server_rpcs": (stats_after["calls"] - stats_before["calls"]) / n,
        "peak_rss_mb": after.hwm_kb / 1024, "rss_mb": after.rss_kb / 1024, "rss_anon_mb": after.rss_anon_kb / 1024,
        "anon_growth_mb": (after.rss_anon_kb - at_1000.rss_anon_kb) / 1024 if at_1000 else None,
        "fds": after.fds, "threads": after.threads,
    }
    return figures


def batch_lines(b: dict) -> list[str]:
    lines = [f"SQS batch in record mode (bootstrap, remote, `echo`, {b['n']} invocations each, medians of "
             f"{b['repeats']} repeats; Python handlers make one call per batch):", "",
             "| MODAL_BRIDGE_BATCH | 1 record p50 (ms) | 10 records p50 (ms) | 10 ÷ 1 | 10 records: bootstrap CPU (ms) "
             "| 10 records: Modal RPCs |", "|---|---|---|---|---|---|"]
    for kind in BATCH_KINDS:
        k = b[kind]
        lines.append(f"| `{kind}` | {k['one_p50_ms']:.2f} | {k['ten_p50_ms']:.2f} | **{k['ratio']:.2f}×** "
                     f"| {k['ten_cpu_ms']:.2f} | {k['ten_rpcs']:.1f} |")
    return lines


async def batch_figures(batch_n: int, repeats: int, peers: Peers, bootstrap: Path, work: Path,
                        children: list[Child]) -> dict:
    """10-record vs 1-record SQS batch for each MODAL_BRIDGE_BATCH value, interleaved, ratios per repeat."""
    runs: dict[str, list[dict]] = {kind: [] for kind in BATCH_KINDS}
    for repeat in range(repeats):
        for kind in BATCH_KINDS[repeat % 2:] + BATCH_KINDS[:repeat % 2]:
            environment = {"MODAL_BRIDGE_BATCH": kind}
            one = await run_side("bootstrap", "remote", batch_n, peers, bootstrap, work, children, mode="record",
                                 events=[sqs_batch(1)], environment=environment)
            ten = await run_side("bootstrap", "remote", batch_n, peers, bootstrap, work, children, mode="record",
                                 events=[sqs_batch(10)], environment=environment)
            runs[kind].append({"one": one["p50_ms"], "ten": ten["p50_ms"], "ratio": ten["p50_ms"] / one["p50_ms"],
                               "ten_cpu": ten["cpu_ms"], "ten_rpcs": ten["server_rpcs"],
                               "errors": one["errors"] + ten["errors"]})
            print(f"  [{repeat + 1}/{repeats}] batch {kind:5}  1 record p50 {one['p50_ms']:6.2f} ms  "
                  f"10 records p50 {ten['p50_ms']:6.2f} ms  ratio {ten['p50_ms'] / one['p50_ms']:5.2f}", flush=True)
    figures: dict = {"n": batch_n, "repeats": repeats, "errors": 0}
    for kind, kind_runs in runs.items():
        figures[kind] = {"one_p50_ms": statistics.median(r["one"] for r in kind_runs),
                         "ten_p50_ms": statistics.median(r["ten"] for r in kind_runs),
                         "ratio": statistics.median(r["ratio"] for r in kind_runs),
                         "ten_cpu_ms": statistics.median(r["ten_cpu"] for r in kind_runs),
                         "ten_rpcs": statistics.median(r["ten_rpcs"] for r in kind_runs), "runs": kind_runs}
        figures["errors"] += sum(r["errors"] for r in kind_runs)
    return figures


async def init_floor(runs: int, work: Path, children: list[Child]) -> float | None:
    """Median init the harness measures for scripts/harness/init_floor.c, a C program that only connects and sends
    GET /next: the part of every side's init figure that is exec and the harness, not the runtime."""
    compiler = shutil.which("cc") or shutil.which("clang")
    if compiler is None or runs <= 0:
        return None
    binary = OUT / "init-floor"
    subprocess.run([compiler, "-O2", "-o", str(binary), str(ROOT / "scripts/harness/init_floor.c")], check=True)
    values = []
    for index in range(runs):
        await settle()
        api = await RuntimeAPI.start()
        started = time.perf_counter()
        child = Child(f"init-floor-{index}", [str(binary)], {"AWS_LAMBDA_RUNTIME_API": api.address}, work)
        children.append(child)
        try:
            await wait_ready(api, child)
            values.append((api.first_next - started) * 1000)
        finally:
            child.stop()
            children.remove(child)
            await api.close()
    return statistics.median(values)


def sqs_batch(records: int) -> bytes:
    return json.dumps({"Records": [{
        "messageId": f"m-{index}", "receiptHandle": "rh", "body": json.dumps({"order": index}), "attributes": {},
        "messageAttributes": {}, "md5OfBody": "x", "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:orders", "awsRegion": "us-east-1",
    } for index in range(records)]}).encode()


def sizes(bootstrap: Path) -> dict:
    """Binary and zip sizes: bootstrap packed like `make package`, the baseline as handler + modal's closure."""
    stage = OUT / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    (stage / "lib").mkdir(parents=True)
    subprocess.run(["strip", "-o", str(stage / "bootstrap"), str(bootstrap)], check=True)
    libz = subprocess.run([str(ROOT / "scripts/find-libz.sh")], check=True, capture_output=True, text=True).stdout.strip()
    shutil.copy(libz, stage / "lib/libz.so.1")
    zip_path = OUT / "bootstrap.zip"
    zip_path.unlink(missing_ok=True)
    subprocess.run(["zip", "-q", "-9", "-X", str(zip_path), "bootstrap", "lib/libz.so.1"], cwd=stage, check=True)
    if shutil.which("advzip"):  # as `make package` does
        subprocess.run(["advzip", "-q", "-z", "-3", str(zip_path)], check=True)
    result = {"bootstrap_binary_mb": bootstrap.stat().st_size / 1e6,
              "bootstrap_stripped_mb": (stage / "bootstrap").stat().st_size / 1e6,
              "bootstrap_zip_mb": zip_path.stat().st_size / 1e6}
    seen, todo, files = set(), ["modal"], []
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen or name in LAMBDA_PROVIDED:
            continue
        seen.add(name)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        files += [dist.locate_file(f) for f in dist.files or [] if "__pycache__" not in str(f)]
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            todo.append(requirement.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0]
                        .split("!")[0].split("~")[0].strip())
    python_zip = OUT / "python-baseline.zip"
    with zipfile.ZipFile(python_zip, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.write(ROOT / "scripts/baseline/handler.py", "handler.py")
        for path in files:
            path = Path(path)
            if path.is_file():
                site = next(p for p in path.parents if p.name == "site-packages")
                archive.write(path, str(path.relative_to(site)))
    result["python_zip_mb"] = python_zip.stat().st_size / 1e6
    result["python_packages"] = sorted(seen - LAMBDA_PROVIDED)
    return result


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    return (f"{platform.machine()}, {os.cpu_count()} cores ({model}), {memory:.0f} GiB, Linux {platform.release()}, "
            f"load {os.getloadavg()[0]:.1f} at start")


FIGURES = [  # (key, label, unit format)
    ("init_ms", "init, exec → first /next (ms)", "{:.1f}"),
    ("first_ms", "first invocation (ms)", "{:.1f}"),
    ("p50_ms", "warm p50 (ms)", "{:.2f}"),
    ("p99_ms", "warm p99 (ms)", "{:.2f}"),
    ("p999_ms", "warm p99.9 (ms)", "{:.2f}"),
    ("cpu_ms", "CPU per invocation (ms)", "{:.2f}"),
    ("own_ms", "own share: latency − time in the test server (ms)", "{:.2f}"),
    ("peak_rss_mb", "peak RSS (MB)", "{:.1f}"),
    ("anon_growth_mb", "RssAnon growth, invocation 1,000 → last (MB)", "{:+.1f}"),
]


def median_or_none(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def report(runs: list[dict], extras: dict, sides: list[str], settings: dict) -> str:
    lines = [f"Run {settings['date']} on {settings['machine']}; {settings['repeats']} interleaved repeats, medians; "
             f"warm N = {settings['n']} (python-0.1.0: {settings['n_baseline']}); event `events/unknown-order.json`, "
             "function `echo`, event mode.", ""]
    ratio_sides = [side for side in sides if side != "bootstrap"] if "bootstrap" in sides else []
    header = "| figure | pattern | " + " | ".join(sides) + "".join(f" | {s} ÷ bootstrap" for s in ratio_sides) + " |"
    lines += [header, "|" + "---|" * (2 + len(sides) + len(ratio_sides))]
    for key, label, fmt in FIGURES:
        for pattern in PATTERNS:
            cells = []
            for side in sides:
                value = median_or_none([r[key] for r in runs if r["side"] == side and r["pattern"] == pattern])
                cells.append("–" if value is None else fmt.format(value))
            for side in ratio_sides:
                ratios = []
                for repeat in {r["repeat"] for r in runs}:
                    mine = [r[key] for r in runs if (r["side"], r["pattern"], r["repeat"]) == ("bootstrap", pattern, repeat)]
                    theirs = [r[key] for r in runs if (r["side"], r["pattern"], r["repeat"]) == (side, pattern, repeat)]
                    if mine and theirs and mine[0] and theirs[0] is not None and key != "anon_growth_mb":
                        ratios.append(theirs[0] / mine[0])
                value = median_or_none(ratios)
                cells.append("–" if value is None else f"{value:.1f}×")
            lines.append(f"| {label} | {pattern} | " + " | ".join(cells) + " |")
    errors = {side: sum(r["errors"] for r in runs if r["side"] == side) for side in sides}
    if extras.get("sizes"):
        s = extras["sizes"]
        lines += ["", "| size | bootstrap | python-0.1.0 |", "|---|---|---|"]
        lines.append(f"| zip (MB) | {s['bootstrap_zip_mb']:.1f} | {s['python_zip_mb']:.1f} (handler + "
                     f"{len(s['python_packages'])} packages; boto3 comes with the Lambda runtime) |")
        lines.append(f"| binary (MB) | {s['bootstrap_stripped_mb']:.1f} stripped "
                     f"({s['bootstrap_binary_mb']:.1f} unstripped) | – |")
    if extras.get("init_floor_ms") is not None:
        lines += ["", f"Init floor of the harness: {extras['init_floor_ms']:.1f} ms for a C program that only connects and "
                  "sends `GET /next` (`scripts/harness/init_floor.c`, median of "
                  f"{10 * settings['repeats']}); every init figure above includes it."]
    if extras.get("batch"):
        lines += [""] + batch_lines(extras["batch"])
    lines += ["", "Failed invocations: " + ", ".join(f"{side} {count}" for side, count in errors.items()) + "."]
    return "\n".join(lines) + "\n"


def chart(runs: list[dict], sides: list[str], path: Path) -> str:
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return "matplotlib missing (run `make bench-deps`): no chart"
    panels = [("init_ms", "init (ms, log)"), ("p50_ms", "warm p50 (ms)"), ("cpu_ms", "CPU per invocation (ms)"),
              ("peak_rss_mb", "peak RSS (MB)")]
    figure, axes = plt.subplots(1, len(panels), figsize=(4 * len(panels), 3.6))
    width = 0.8 / len(sides)
    for axis, (key, title) in zip(axes, panels):
        for index, side in enumerate(sides):
            values = [median_or_none([r[key] for r in runs if r["side"] == side and r["pattern"] == p]) or 0
                      for p in PATTERNS]
            axis.bar([x + index * width for x in range(len(PATTERNS))], values, width, label=side)
        axis.set_xticks([x + width * (len(sides) - 1) / 2 for x in range(len(PATTERNS))], PATTERNS)
        axis.set_title(title, fontsize=10)
        if key == "init_ms":
            axis.set_yscale("log")
    axes[0].legend(fontsize=8)
    figure.suptitle("modal-bridge: bootstrap vs the Python handler (medians)", fontsize=11)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    return f"chart: {path}"


async def main_async(arguments, running: lifecycle.Running) -> int:
    children = running.children
    bootstrap = Path(arguments.bootstrap)
    sides = [s for s in (os.environ.get("BENCH_SIDES") or ",".join(SIDES)).split(",") if s]
    if "bootstrap" in sides and not bootstrap.is_file():
        print(f"no release bootstrap at {bootstrap}: `make bench` builds it like `make package`", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    n, n_baseline = env_int("BENCH_N", 5000), env_int("BENCH_N_BASELINE", 2000)
    repeats, batch_n = env_int("BENCH_REPEATS", 3), env_int("BENCH_BATCH_N", 500)
    settings = {"date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(),
                "n": n, "n_baseline": n_baseline, "repeats": repeats, "bootstrap": str(bootstrap)}
    print(f"bench: {settings['machine']}\n  bootstrap {bootstrap}; N={n}, baseline N={n_baseline}, repeats={repeats}",
          flush=True)
    work = Path(tempfile.mkdtemp(prefix="modal-bridge-bench-"))
    peers = Peers(work)
    running.peers.append(peers)
    peers.start()
    if os.environ.get("BENCH_ONLY_BATCH") == "1":
        batch = await batch_figures(batch_n, repeats, peers, bootstrap, work, children)
        peers.stop()
        (OUT / "batch.json").write_text(json.dumps({"settings": settings, "batch": batch}, indent=1))
        print("\n" + "\n".join(batch_lines(batch)))
        return 1 if batch["errors"] else 0
    runs = []
    for repeat in range(repeats):
        order = sides[repeat % len(sides):] + sides[:repeat % len(sides)]
        for pattern in PATTERNS:
            for side in order:
                count = n_baseline if side == "python-0.1.0" else n
                figures = await run_side(side, pattern, count, peers, bootstrap, work, children)
                figures |= {"side": side, "pattern": pattern, "repeat": repeat}
                runs.append(figures)
                print(f"  [{repeat + 1}/{repeats}] {side:14} {pattern:6} init {figures['init_ms']:7.1f} ms  "
                      f"p50 {figures['p50_ms']:6.2f}  p99 {figures['p99_ms']:6.2f}  cpu {figures['cpu_ms']:5.2f} ms  "
                      f"own {figures['own_ms']:5.2f} ms  peak {figures['peak_rss_mb']:5.1f} MB  errors {figures['errors']}",
                      flush=True)
    extras = {"init_floor_ms": await init_floor(10 * repeats, work, children)}
    if "bootstrap" in sides and batch_n > 0:
        extras["batch"] = await batch_figures(batch_n, repeats, peers, bootstrap, work, children)
    peers.stop()
    extras["sizes"] = sizes(bootstrap) if bootstrap.is_file() else None
    (OUT / "results.json").write_text(json.dumps({"settings": settings, "runs": runs, "extras": extras}, indent=1))
    table = report(runs, extras, sides, settings)
    (OUT / "bench.md").write_text(table)
    print("\n" + table)
    print(chart(runs, sides, OUT / "bench.png"))
    for readme in arguments.readme or []:
        update_readme(Path(readme), table)
    failures = sum(r["errors"] for r in runs) + extras.get("batch", {}).get("errors", 0)
    return 1 if failures else 0


def update_readme(path: Path, table: str) -> None:
    text = path.read_text()
    start, end = "<!-- bench-table:start -->", "<!-- bench-table:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        path.write_text(head + start + "\n" + table + rest[rest.index(end):])
        print(f"updated the table in {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bootstrap", default=os.environ.get("BENCH_BOOTSTRAP")
                        or str(ROOT / ".build-release/release/bootstrap"))
    parser.add_argument("--readme", action="append",
                        help="replace the table between the bench-table markers of this file (repeatable)")
    arguments = parser.parse_args()
    return lifecycle.run(lambda running: main_async(arguments, running))

if __name__ == "__main__":
    sys.exit(main())
