"""`make demo` (scripts/demo.py) against the debug `bootstrap`: every fixture in every pattern/mode is as expected,
and a run whose answers differ from the expectations fails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = Path(os.environ.get("MODAL_BRIDGE_BIN_DIR") or ROOT / ".build/debug") / "bootstrap"

pytestmark = pytest.mark.skipif(not BOOTSTRAP.is_file(), reason=f"no bootstrap at {BOOTSTRAP} (swift build first)")


def demo(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts/demo.py"), "--bootstrap", str(BOOTSTRAP), *arguments],
                          capture_output=True, text=True, timeout=900)


def test_every_fixture_in_every_pattern_and_mode_is_as_expected():
    result = demo("--quiet")
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-3000:]
    fixtures = len(list((ROOT / "events").glob("*.json"))) + len(list((ROOT / "events/invalid").iterdir()))
    assert f"{fixtures * 4} invocations ({fixtures} events × 4 pattern/mode combinations), {fixtures * 4} as expected, 0 not" in result.stdout


def test_a_row_that_differs_from_its_expectation_fails_the_demo():
    result = demo("--only", "s3-put.json", "--combos", "remote/event", "--function", "raise")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error Modal.RemoteError" in result.stdout
    assert "EXPECTED result from s3" in result.stdout
