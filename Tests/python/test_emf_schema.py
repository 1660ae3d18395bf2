"""The EMF validator the integration tests rely on must accept the specification's example and reject what the
specification forbids (otherwise a passing integration test would prove nothing)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from emf_schema import problems, validate_line

# The specification's own example document.
EXAMPLE = {
    "_aws": {
        "Timestamp": 1574109732004,
        "CloudWatchMetrics": [
            {
                "Namespace": "lambda-function-metrics",
                "Dimensions": [["functionVersion"]],
                "Metrics": [{"Name": "time", "Unit": "Milliseconds"}],
            }
        ],
    },
    "functionVersion": "$LATEST",
    "time": 100,
    "requestId": "989ffbf8-9ace-4817-a57c-e4dd734019ee",
}


def changed(edit):
    document = copy.deepcopy(EXAMPLE)
    edit(document)
    return document


def test_the_specifications_example_is_valid():
    assert problems(EXAMPLE) == []
    assert problems(changed(lambda d: d.update(time=[1, 2.5, 3]))) == []
    assert problems(changed(lambda d: d["_aws"]["CloudWatchMetrics"][0]["Dimensions"].append([]))) == []
    many = [f"D{i}" for i in range(30)]

    def thirty(d):
        d["_aws"]["CloudWatchMetrics"][0]["Dimensions"] = [many]
        d.update({name: "v" for name in many})

    assert problems(changed(thirty)) == []


def _directive(d):
    return d["_aws"]["CloudWatchMetrics"][0]


INVALID = {
    "no _aws": lambda d: d.pop("_aws"),
    "no Timestamp": lambda d: d["_aws"].pop("Timestamp"),
    "Timestamp not an integer": lambda d: d["_aws"].update(Timestamp=1.5),
    "no CloudWatchMetrics": lambda d: d["_aws"].pop("CloudWatchMetrics"),
    "no Namespace": lambda d: _directive(d).pop("Namespace"),
    "empty Namespace": lambda d: _directive(d).update(Namespace=""),
    "Namespace too long": lambda d: _directive(d).update(Namespace="n" * 256),
    "no Dimensions": lambda d: _directive(d).pop("Dimensions"),
    "no dimension set": lambda d: _directive(d).update(Dimensions=[]),
    "31 dimensions": lambda d: (
        _directive(d).update(Dimensions=[[f"D{i}" for i in range(31)]]),
        d.update({f"D{i}": "v" for i in range(31)}),
    ),
    "no Metrics": lambda d: _directive(d).pop("Metrics"),
    "101 metrics": lambda d: (
        _directive(d).update(Metrics=[{"Name": f"M{i}"} for i in range(101)]),
        d.update({f"M{i}": 1 for i in range(101)}),
    ),
    "unknown unit": lambda d: _directive(d)["Metrics"][0].update(Unit="Millisecond"),
    "bad storage resolution": lambda d: _directive(d)["Metrics"][0].update(StorageResolution=5),
    "extra member in a definition": lambda d: _directive(d)["Metrics"][0].update(Value=1),
    "missing dimension target": lambda d: d.pop("functionVersion"),
    "dimension target not a string": lambda d: d.update(functionVersion=3),
    "missing metric target": lambda d: d.pop("time"),
    "metric target a string": lambda d: d.update(time="100"),
    "metric target a boolean": lambda d: d.update(time=True),
    "101 values": lambda d: d.update(time=list(range(101))),
    "non-number in values": lambda d: d.update(time=[1, "2"]),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_what_the_specification_forbids_is_rejected(name):
    assert problems(changed(INVALID[name])) != []


def test_a_line_must_be_one_json_object_and_nothing_else():
    line = json.dumps(EXAMPLE)
    assert validate_line(line) == []
    assert validate_line("2024-11-02T16:51:31.587Z\tINFO\t" + line) != []
    assert validate_line(line + " trailing") != []
    assert validate_line("[1]") != []


def test_the_command_line_reports_each_line_and_fails_on_any_invalid_one():
    script = Path(__file__).resolve().parent / "emf_schema.py"
    good = json.dumps(EXAMPLE)
    bad = json.dumps(changed(lambda d: d.pop("time")))
    ok = subprocess.run([sys.executable, str(script)], input=good + "\n", capture_output=True, text=True)
    assert ok.returncode == 0 and json.loads(ok.stdout) == {"valid": True, "problems": []}
    failed = subprocess.run([sys.executable, str(script)], input=f"{good}\n{bad}\n", capture_output=True, text=True)
    assert failed.returncode == 1
    reports = [json.loads(line) for line in failed.stdout.splitlines()]
    assert [report["valid"] for report in reports] == [True, False]
