#!/usr/bin/env python3
"""Render AWS's own sample events from the aws-sam-cli wheel, without installing SAM.

    python scripts/render_sam_events.py OUTPUT_DIR [--cache DIR]

Downloads aws-sam-cli==1.170.0 once (``pip download --no-deps``) into the cache folder (default
``.build/sam-wheel``, git-ignored), checks its SHA-256, unpacks only the sample-event generator
(``samcli/lib/generated_sample_events``) and puts it on ``sys.path``. SAM's own ``Events.generate_event``
then renders the mustache templates with ``chevron`` (pinned in scripts/requirements-test.txt), exactly as
``sam local generate-event`` does.

Every event of the S3, SQS, SNS, API Gateway, ALB, CloudWatch (schedule), Kinesis and DynamoDB services is
rendered with SAM's defaults, plus a few variants that nest S3 notifications inside SQS and SNS or use keys that need encoding.
Each rendered event is written to OUTPUT_DIR as ``<service>--<event>[--<variant>].json``, and
``manifest.json`` lists them (file, service, event, template, variant). Exit status is non-zero on any
failure; messages go to stderr.
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

SAM_VERSION = "1.170.0"
WHEEL_NAME = f"aws_sam_cli-{SAM_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "24ebaf5ecba38dc1758089968cb89ab61e124b84e92a344fc7a2771a47f4d0bf"
SERVICES = ["s3", "sqs", "sns", "apigateway", "alb", "cloudwatch", "kinesis", "dynamodb"]
# Only what samcli.lib.generated_sample_events.events imports (it needs samcli.lib.utils.hash).
NEEDED = (
    "samcli/__init__.py",
    "samcli/lib/__init__.py",
    "samcli/lib/utils/__init__.py",
    "samcli/lib/utils/hash.py",
    "samcli/lib/generated_sample_events/",
)
REPO_ROOT = Path(__file__).resolve().parent.parent


def fail(message):
    print(f"render_sam_events: {message}", file=sys.stderr)
    sys.exit(1)


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def ensure_wheel(cache):
    """The verified wheel in `cache`, downloaded from PyPI when missing."""
    wheel = cache / WHEEL_NAME
    if wheel.exists() and sha256(wheel) == WHEEL_SHA256:
        return wheel
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache) as staging:
        command = [
            sys.executable, "-m", "pip", "download", f"aws-sam-cli=={SAM_VERSION}", "--no-deps",
            "--only-binary=:all:", "--disable-pip-version-check", "--quiet", "--dest", staging,
        ]
        completed = subprocess.run(command, capture_output=True, text=True)
        if completed.returncode != 0:
            fail(f"pip download failed (network to PyPI needed):\n{completed.stderr.strip()}")
        downloaded = Path(staging) / WHEEL_NAME
        if not downloaded.exists():
            fail(f"pip download did not produce {WHEEL_NAME}")
        actual = sha256(downloaded)
        if actual != WHEEL_SHA256:
            fail(f"{WHEEL_NAME} has SHA-256 {actual}, expected {WHEEL_SHA256}")
        os.replace(downloaded, wheel)
    return wheel


def ensure_unpacked(cache, wheel):
    """The folder holding the unpacked sample-event generator (unpacked once, atomically)."""
    target = cache / f"aws_sam_cli-{SAM_VERSION}"
    if (target / "samcli/lib/generated_sample_events/events.py").exists():
        return target
    staging = Path(tempfile.mkdtemp(dir=cache))
    try:
        with zipfile.ZipFile(wheel) as archive:
            members = [name for name in archive.namelist() if name.startswith(NEEDED)]
            archive.extractall(staging, members)
        try:
            os.replace(staging, target)
        except OSError:
            if not (target / "samcli/lib/generated_sample_events/events.py").exists():
                raise  # another run won the race otherwise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def cli_values(events, service, event, overrides):
    """The values `sam local generate-event` passes: every tag's default as a click keyword argument
    (`--account-id` becomes `account_id`), then the overrides (given with the tag names)."""
    values = {}
    for tag, properties in events.event_mapping[service][event]["tags"].items():
        values[tag.replace("-", "_")] = properties.get("default")
    for tag, value in overrides.items():
        values[tag.replace("-", "_")] = value
    return values


def json_string_content(text):
    """`text` escaped for a JSON string context (the templates put values inside quotes)."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


def variants(events):
    """Extra renderings: nested S3 notifications and keys that need encoding. (service, event, name, values)."""
    s3_values = {"bucket": "acme-uploads", "key": "incoming/red flower+1 café.jpg"}
    s3_put = events.generate_event("s3", "put", cli_values(events, "s3", "put", s3_values))
    compact_s3 = json.dumps(json.loads(s3_put), separators=(",", ":"), ensure_ascii=False)
    return [
        ("s3", "put", "encoded-key", s3_values),
        ("s3", "delete", "encoded-key", {"key": "a+b/c d=e:f.txt"}),
        ("sqs", "receive-message", "s3-body", {"body": json_string_content(compact_s3), "queue-name": "uploads"}),
        ("sns", "notification", "s3-message", {"message": json_string_content(compact_s3), "topic": "uploads"}),
        ("apigateway", "aws-proxy", "query", {
            "querystringparameters": json.dumps({"q": "red flower", "page": "2"}),
            "method": "GET", "path": "search",
        }),
        ("apigateway", "http-api-proxy", "get", {"method": "GET", "path": "items/42", "stage": "prod"}),
        ("alb", "request", "get", {"method": "GET", "path": "health"}),
        ("cloudwatch", "scheduled-event", "rule", {"rule": "nightly-report", "region": "eu-west-1"}),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="folder to write the rendered events to")
    parser.add_argument("--cache", type=Path, default=REPO_ROOT / ".build" / "sam-wheel")
    arguments = parser.parse_args()

    try:
        import chevron  # noqa: F401  (SAM's renderer needs it)
    except ImportError:
        fail("chevron is not installed: run `make venv` (scripts/requirements-test.txt pins chevron==0.14.0)")

    cache = arguments.cache.resolve()
    wheel = ensure_wheel(cache)
    sys.path.insert(0, str(ensure_unpacked(cache, wheel)))
    from samcli.lib.generated_sample_events.events import Events  # noqa: E402

    events = Events()
    arguments.output.mkdir(parents=True, exist_ok=True)
    jobs = []
    for service in SERVICES:
        for event in sorted(events.event_mapping[service]):
            jobs.append((service, event, None, {}))
    jobs += variants(events)

    manifest = []
    for service, event, variant, values in jobs:
        rendered = events.generate_event(service, event, cli_values(events, service, event, values))
        json.loads(rendered)  # must be JSON
        name = f"{service}--{event}" + (f"--{variant}" if variant else "") + ".json"
        (arguments.output / name).write_text(rendered + "\n", encoding="utf-8")
        manifest.append({
            "file": name,
            "service": service,
            "event": event,
            "template": events.event_mapping[service][event]["filename"],
            "variant": variant,
        })
    (arguments.output / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    print(f"rendered {len(manifest)} SAM {SAM_VERSION} sample events into {arguments.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
