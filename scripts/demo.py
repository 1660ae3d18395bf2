#!/usr/bin/env python3
"""`make demo`: the real `bootstrap` end to end on this machine, with no AWS and no Modal account.

Starts moto (Secrets Manager holding the Modal token; IAM signatures checked; temporary STS credentials with a
session token), the Modal test server accepting that token, and a local Lambda Runtime API; then runs `bootstrap`
over every fixture in `events/` (and the malformed bodies in `events/invalid/`) in the four combinations of
MODAL_INTEGRATION_PATTERN (remote, spawn) and MODAL_BRIDGE_DISPATCH_MODE (event, record), and prints one table row
per invocation: event, source (as the bridge logged it), mode, outcome, result or call id, latency.

Every row is checked against `expected()` below; the exit status is 0 only when every row matches and no secret
(Modal token, AWS secret key, session token) appeared in any output. Every child is stopped by PID at the end, also
on Ctrl-C or SIGTERM.

A real Modal workspace instead of the test server: set MODAL_TOKEN_ID, MODAL_TOKEN_SECRET, MODAL_APP_NAME and
MODAL_FUNCTION_NAME (optionally MODAL_ENVIRONMENT_NAME, MODAL_SERVER_URL). The token then goes into moto's secret and
`bootstrap` calls that function; the expectations hold for a function `f(event, params)` that returns a JSON-able
value without a `statusCode` (an echo is ideal).

Options: --bootstrap PATH (default .build-release/release/bootstrap when present, else .build/debug/bootstrap),
--only SUBSTRING (fixtures whose name contains it), --combos remote/event,spawn/record (subset), --quiet (failures
and the summary only), --function NAME (default echo, the function the expectations describe).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness.peers import ROOT, Child, Peers, real_modal_from_environment  # noqa: E402
from harness import lifecycle  # noqa: E402
from harness.runtime_api import RuntimeAPI  # noqa: E402

COMBOS = [("remote", "event"), ("remote", "record"), ("spawn", "event"), ("spawn", "record")]
HTTP_SOURCES = {"apigateway-v1", "apigateway-v2", "function-url", "alb"}

# Fixture → the source label the bridge must log (`event.source`). Malformed bodies are rejected before classification.
SOURCES = {
    "alb-health-check.json": "alb", "alb-multi-value-headers.json": "alb", "alb.json": "alb",
    "apigw-v1-null-maps-base64.json": "apigateway-v1", "apigw-v1-payload-1.0-no-base64-flag.json": "apigateway-v1",
    "apigw-v1.json": "apigateway-v1", "apigw-v2-cookies.json": "apigateway-v2", "apigw-v2.json": "apigateway-v2",
    "eventbridge-custom.json": "eventbridge", "eventbridge-ec2-state-change.json": "eventbridge",
    "eventbridge-schedule.json": "eventbridge-schedule",
    "eventbridge-scheduler-json-string-detail.json": "eventbridge-scheduler",
    "eventbridge-scheduler-string-detail.json": "eventbridge-scheduler",
    "function-url-iam-base64.json": "function-url", "function-url.json": "function-url",
    "s3-delete.json": "s3", "s3-eventbridge-object-created.json": "s3-eventbridge",
    "s3-eventbridge-object-deleted.json": "s3-eventbridge", "s3-multipart-large.json": "s3",
    "s3-put-encoded-keys.json": "s3", "s3-put.json": "s3", "s3-test-event.json": "s3-test-event",
    "sns-s3-test-event.json": "sns", "sns-s3.json": "sns", "sns-signing-cert-url-upper.json": "sns", "sns.json": "sns",
    "sqs-eventbridge.json": "sqs", "sqs-fifo.json": "sqs", "sqs-malformed-records.json": "sqs",
    "sqs-s3-test-event.json": "sqs", "sqs-s3.json": "sqs", "sqs-sns-s3.json": "sqs", "sqs-sns.json": "sqs",
    "sqs.json": "sqs",
    "unknown-apigw-request-authorizer.json": "unknown", "unknown-apigw-websocket-connect.json": "unknown",
    "unknown-array.json": "unknown", "unknown-direct-invoke.json": "unknown",
    "kinesis.json": "kinesis", "kinesis-malformed-record.json": "kinesis",
    "dynamodb-stream-insert.json": "dynamodb-stream", "dynamodb-stream-types.json": "dynamodb-stream",
    "dynamodb-stream-malformed-record.json": "dynamodb-stream",
    "unknown-empty-object.json": "unknown", "unknown-order.json": "unknown",
    "unknown-scheduler-custom-input.json": "unknown", "unknown-string.json": "unknown",
}
# Records each fixture carries in `record` mode for S3/SNS (one call each, or a skipped s3:TestEvent).
RECORD_COUNTS = {"s3-delete.json": 2, "s3-put-encoded-keys.json": 3}
# SQS messages reported in batchItemFailures in record mode: the two malformed records (null and numeric body).
SQS_FAILURES = {"sqs-malformed-records.json": 2}
# Streams in record mode stop at the first failure and report only its sequence number.
STREAM_FAILURES = {"kinesis-malformed-record.json": 1, "dynamodb-stream-malformed-record.json": 1}
TEST_EVENTS = {"s3-test-event.json", "sqs-s3-test-event.json", "sns-s3-test-event.json"}


def expected(name: str, pattern: str, mode: str) -> str:
    """The outcome label a fixture must produce (see docs/events.md for each rule)."""
    if name.startswith("invalid/"):
        return "error Bridge.InvalidEvent"
    source = SOURCES[name]
    if source in HTTP_SOURCES:
        if name == "alb-health-check.json":
            return "HTTP 200 (health check)"
        return "HTTP 200" if pattern == "remote" else "HTTP 202"
    call = "result" if pattern == "remote" else "spawned"
    if name in TEST_EVENTS:
        if mode == "event" or source == "s3-test-event":
            return "skipped s3:TestEvent"
        return "batch ok (0 failed)" if source == "sqs" else "records 0 called, 1 skipped"
    if mode == "record" and source == "sqs":
        failed = SQS_FAILURES.get(name, 0)
        return f"batch partial ({failed} failed)" if failed else "batch ok (0 failed)"
    if mode == "record" and source in ("kinesis", "dynamodb-stream"):
        failed = STREAM_FAILURES.get(name, 0)
        return f"batch partial ({failed} failed)" if failed else "batch ok (0 failed)"
    if mode == "record" and source in ("s3", "sns"):
        return f"records {RECORD_COUNTS.get(name, 1)} {call}"
    return call


@dataclass
class Row:
    event: str
    pattern: str
    mode: str
    source: str
    outcome: str
    detail: str
    latency_ms: float
    expected: str
    expected_source: str

    @property
    def ok(self) -> bool:
        return self.outcome == self.expected and self.source == self.expected_source


def summarize(name: str, raw: bytes, kind: str, error_type: str | None, params: dict) -> tuple[str, str]:
    """(outcome label, short detail) of one answer."""
    if kind == "timeout":
        return "no answer", ""
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return "unparseable answer", raw[:60].decode(errors="replace")
    if kind == "error":
        error_type = error_type or (body or {}).get("errorType")
        return f"error {error_type}", str((body or {}).get("errorMessage", ""))[:60]
    if isinstance(body, dict) and "statusCode" in body:
        label = f"HTTP {body['statusCode']}"
        if name == "alb-health-check.json":
            label += " (health check)"
        return label, str(body.get("body") or "")[:60]
    if isinstance(body, dict) and "batchItemFailures" in body:
        failed = [item.get("itemIdentifier") for item in body["batchItemFailures"]]
        return (f"batch {'partial' if failed else 'ok'} ({len(failed)} failed)",
                ("failed: " + ", ".join(map(str, failed)))[:60] if failed else "")
    response = body.get("response") if isinstance(body, dict) and body.get("status") == "Success" else None
    if not isinstance(response, dict):
        return "unexpected answer", json.dumps(body)[:60]
    if "skipped" in response:
        return f"skipped {response['skipped']}", ""
    if "function_call_id" in response:
        return "spawned", response["function_call_id"]
    if "records" in response:
        records = response["records"]
        called = [r for r in records if "result" in r or "function_call_id" in r]
        skipped = len(records) - len(called)
        verb = "spawned" if any("function_call_id" in r for r in called) else "result"
        label = f"records {len(called)} {verb}" + (f", {skipped} skipped" if skipped else "")
        if not called and skipped:
            label = f"records 0 called, {skipped} skipped"
        ids = [r.get("function_call_id") for r in called if "function_call_id" in r]
        return label, (", ".join(ids) if ids else f"{len(called)} results")[:60]
    if "result" in response:
        result = response["result"]
        args = result.get("args") if isinstance(result, dict) else None
        echoed = isinstance(args, list) and len(args) == 2 and args[1] == params
        return "result", ("echo(event, params) " if echoed else "") + json.dumps(result)[:40]
    return "unexpected answer", json.dumps(body)[:60]


def fixtures(only: str | None) -> list[tuple[str, Path]]:
    valid = sorted((ROOT / "events").glob("*.json"))
    invalid = sorted(path for path in (ROOT / "events/invalid").iterdir() if path.is_file())
    chosen = [(path.name, path) for path in valid] + [(f"invalid/{path.name}", path) for path in invalid]
    missing = [name for name, _ in chosen if not name.startswith("invalid/") and name not in SOURCES]
    if missing:
        sys.exit(f"fixtures without an expectation in scripts/demo.py: {missing}")
    return [(name, path) for name, path in chosen if only is None or only in name]


def sources_from_logs(output: str) -> dict[str, str]:
    """requestId → the `event.source` the bridge logged (JSON log lines)."""
    sources = {}
    for line in output.splitlines():
        if not line.startswith("{"):
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "event.source" in record and "requestId" in record:
            sources[record["requestId"]] = record["event.source"]
    return sources


async def run_combo(bootstrap: Path, peers: Peers, function: str, pattern: str, mode: str, chosen, work: Path,
                    children: list[Child]) -> tuple[list[Row], str]:
    api = await RuntimeAPI.start()
    env = peers.lambda_environment(function=function, pattern=pattern, mode=mode) | {
        "AWS_LAMBDA_RUNTIME_API": api.address,
        "AWS_LAMBDA_LOG_LEVEL": "DEBUG",  # the ALB health check logs its source at debug level only
    }
    params = json.loads(env["PARAMETERS"])
    child = Child(f"bootstrap-{pattern}-{mode}", [str(bootstrap)], env, work)
    children.append(child)
    answered = []
    try:
        waiter = asyncio.ensure_future(api.first_next_event.wait())
        init_failed = asyncio.ensure_future(api.init_error_event.wait())
        await asyncio.wait([waiter, init_failed], timeout=60, return_when=asyncio.FIRST_COMPLETED)
        waiter.cancel(), init_failed.cancel()
        if api.first_next is None:
            raise RuntimeError(f"bootstrap did not reach /next ({pattern}/{mode}): {api.init_error}\n{child.output()[-2000:]}")
        for name, path in chosen:
            result = await api.invoke(path.read_bytes(), timeout_ms=30_000)
            answered.append((name, result))
    finally:
        child.stop()
        children.remove(child)
        await api.close()
    output = child.output()
    sources = sources_from_logs(output)
    rows = []
    for name, result in answered:
        outcome, detail = summarize(name, result.body, result.kind, result.error_type, params)
        expected_source = "-" if name.startswith("invalid/") else SOURCES[name]
        rows.append(Row(name, pattern, mode, sources.get(result.request_id, "-"), outcome, detail,
                        result.latency * 1000, expected(name, pattern, mode), expected_source))
    return rows, output


def print_table(rows: list[Row], quiet: bool) -> None:
    header = ("event", "source", "mode", "outcome", "result or call id", "ms", "")
    table = [header] + [
        (row.event, row.source, f"{row.pattern}/{row.mode}", row.outcome, row.detail, f"{row.latency_ms:.1f}",
         "ok" if row.ok else f"EXPECTED {row.expected} from {row.expected_source}")
        for row in rows if not quiet or not row.ok
    ]
    widths = [min(max(len(str(line[i])) for line in table), limit)
              for i, limit in enumerate((44, 22, 13, 28, 60, 8, 80))]
    for index, line in enumerate(table):
        cells = [str(cell)[:width].ljust(width) if i != 5 else str(cell).rjust(width)
                 for i, (cell, width) in enumerate(zip(line, widths))]
        print("  ".join(cells).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


async def main_async(arguments, running: lifecycle.Running) -> int:
    children = running.children
    bootstrap = Path(arguments.bootstrap)
    if not bootstrap.is_file():
        print(f"no bootstrap at {bootstrap}: run `make build` (or `make package`)", file=sys.stderr)
        return 2
    combos = COMBOS if not arguments.combos else [tuple(c.split("/")) for c in arguments.combos.split(",")]
    chosen = fixtures(arguments.only)
    work = Path(tempfile.mkdtemp(prefix="modal-bridge-demo-"))
    print(f"bootstrap: {bootstrap}", flush=True)
    print("starting moto (Secrets Manager, IAM enforced, STS session credentials) and the Modal test server …",
          flush=True)
    real = real_modal_from_environment()
    peers = Peers(work, real_modal=real)
    running.peers.append(peers)
    peers.start()
    print(f"  moto        pid {peers.children[0].pid}  http://127.0.0.1:{peers.moto['port']}  secret "
          f"{peers.moto['token']['arn']}")
    if real:
        print(f"  Modal       {peers.modal['server_url']} (a real workspace)  app {real['MODAL_APP_NAME']}, "
              f"function {real['MODAL_FUNCTION_NAME']}\n", flush=True)
    else:
        print(f"  Modal test  pid {peers.modal['pid']}  {peers.modal['server_url']}  app test-app, function "
              f"{arguments.function}\n", flush=True)
    rows: list[Row] = []
    outputs = []
    for pattern, mode in combos:
        combo_rows, output = await run_combo(bootstrap, peers, arguments.function, pattern, mode, chosen, work,
                                              children)
        rows += combo_rows
        outputs.append(output)
    print_table(rows, arguments.quiet)
    leaked = [secret for secret in peers.secrets if any(secret in output for output in outputs)]
    failed = [row for row in rows if not row.ok]
    latencies = sorted(row.latency_ms for row in rows)
    print(f"\n{len(rows)} invocations ({len(chosen)} events × {len(combos)} pattern/mode combinations), "
          f"{len(rows) - len(failed)} as expected, {len(failed)} not; median latency "
          f"{latencies[len(latencies) // 2]:.1f} ms" if rows else "no invocations")
    if leaked:
        print(f"a secret appeared in the runtime's output ({len(leaked)} of {len(peers.secrets)})")
    print(f"logs: {work}")
    return 1 if failed or leaked or not rows else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    release = ROOT / ".build-release/release/bootstrap"
    parser.add_argument("--bootstrap", default=str(release if release.is_file() else ROOT / ".build/debug/bootstrap"))
    parser.add_argument("--only")
    parser.add_argument("--combos")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--function", default="echo", help="the Modal test server's function (the expectations "
                        "describe `echo`; any other one shows how a failing row looks)")
    arguments = parser.parse_args()
    return lifecycle.run(lambda running: main_async(arguments, running))

if __name__ == "__main__":
    sys.exit(main())
