"""CloudWatch Embedded Metric Format (EMF) validation, written from AWS's published specification
("Specification: Embedded metric format", CloudWatch User Guide).

Two layers, both from the specification:
- SCHEMA: the JSON schema of an EMF document (the one the specification publishes, with the limits of its
  current text: at most 30 dimension keys per DimensionSet, 100 MetricDefinitions per directive, an optional
  StorageResolution of 1 or 60; and its rule that the objects it defines carry no other members).
- reference rules a JSON schema cannot express: every dimension and metric a directive names is a member of the
  root node; a dimension target is a string; a metric target is a number or an array of at most 100 numbers.

Used by the Swift integration tests on the real bootstrap's lines (`python emf_schema.py < lines`: prints one JSON
report per input line, exit status 1 when any line is invalid) and tested on its own by test_emf_schema.py.
"""

from __future__ import annotations

import json
import sys

import jsonschema

UNITS = [
    "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits",
    "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
    "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
    "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
]

_NAME = {"type": "string", "minLength": 1, "maxLength": 255}

SCHEMA = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "title": "Root Node",
    "required": ["_aws"],
    "properties": {
        "_aws": {
            "type": "object",
            "title": "Metadata",
            "required": ["Timestamp", "CloudWatchMetrics"],
            "properties": {
                "Timestamp": {"type": "integer", "minimum": 0},
                "CloudWatchMetrics": {
                    "type": "array",
                    "title": "MetricDirectives",
                    "items": {
                        "type": "object",
                        "title": "MetricDirective",
                        "required": ["Namespace", "Dimensions", "Metrics"],
                        "properties": {
                            "Namespace": {**_NAME, "pattern": r"^(.*)$"},
                            "Dimensions": {
                                "type": "array",
                                "minItems": 1,
                                "items": {
                                    "type": "array",
                                    "title": "DimensionSet",
                                    "minItems": 0,
                                    "maxItems": 30,
                                    "items": {**_NAME, "title": "DimensionReference"},
                                },
                            },
                            "Metrics": {
                                "type": "array",
                                "maxItems": 100,
                                "items": {
                                    "type": "object",
                                    "title": "MetricDefinition",
                                    "required": ["Name"],
                                    "properties": {
                                        "Name": _NAME,
                                        "Unit": {"type": "string", "enum": UNITS},
                                        "StorageResolution": {"type": "integer", "enum": [1, 60]},
                                    },
                                    "additionalProperties": False,
                                },
                            },
                        },
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
    },
}


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def problems(document) -> list[str]:
    """Everything that makes `document` (a parsed JSON value) an invalid EMF document; empty when valid."""
    validator = jsonschema.Draft7Validator(SCHEMA)
    found = [f"{'/'.join(map(str, error.path)) or '(root)'}: {error.message}" for error in validator.iter_errors(document)]
    if found:
        return found
    for directive in document["_aws"]["CloudWatchMetrics"]:
        for dimension_set in directive["Dimensions"]:
            for name in dimension_set:
                if name not in document:
                    found.append(f"dimension {name!r} is not a member of the root node")
                elif not isinstance(document[name], str):
                    found.append(f"dimension {name!r} must have a string value, not {document[name]!r}")
        for definition in directive["Metrics"]:
            name = definition["Name"]
            value = document.get(name)
            if name not in document:
                found.append(f"metric {name!r} is not a member of the root node")
            elif isinstance(value, list):
                if len(value) > 100:
                    found.append(f"metric {name!r} has {len(value)} values; at most 100")
                if not all(_is_number(item) for item in value):
                    found.append(f"metric {name!r} has a value that is not a number")
            elif not _is_number(value):
                found.append(f"metric {name!r} must be a number or an array of numbers, not {value!r}")
    return found


def validate_line(line: str) -> list[str]:
    """The problems of one log line, which must be exactly one JSON object (no text before or after it)."""
    try:
        document = json.loads(line)
    except json.JSONDecodeError as error:
        return [f"not a JSON object: {error}"]
    if not isinstance(document, dict):
        return ["not a JSON object"]
    return problems(document)


def main() -> int:
    invalid = 0
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        found = validate_line(line)
        invalid += bool(found)
        print(json.dumps({"valid": not found, "problems": found}))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
