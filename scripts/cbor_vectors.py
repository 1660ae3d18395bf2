#!/usr/bin/env python3
"""Differential test peer for the Swift CBOR target: cbor2 is the oracle, in both directions.

generate --seed S --count N --out FILE
    Writes JSON lines of vectors made by Python (fixed seed, so every run sees the same values):
      {"id", "kind": "roundtrip", "json", "cbor"}     a random JSON-like value: its JSON text and cbor2.dumps(value).
                                                     Swift must decode the bytes to the same JSON, re-encode the
                                                     decoded item to the same bytes, and encode the JSON text to the
                                                     same bytes.
      {"id", "kind": "decode", "name", "cbor", "expected", "style"}
                                                     bytes cbor2 emits for things JSON lacks (NaN, bytes, sets,
                                                     datetimes, Decimal, UUID, non-text keys, unknown tags, shortest
                                                     floats, indefinite lengths) and the JSON the documented
                                                     mapping gives. style: how Swift re-encodes the decoded item to
                                                     the same bytes ("float64", "shortest", or null: no byte check).
check --input FILE
    Reads JSON lines {"id", "json", "cbor"} written by Swift and checks, for each, that cbor2.loads(cbor) is exactly
    json.loads(json) (same types, int vs float, float bits, key order) and that cbor2.dumps(json.loads(json))
    is byte-for-byte the Swift encoding. Prints one JSON summary line; exit status 1 when anything failed.
"""

import argparse
import base64
import datetime
import decimal
import fractions
import ipaddress
import json
import math
import random
import re
import struct
import sys
import uuid

import cbor2

if hasattr(sys, "set_int_max_str_digits"):
    sys.set_int_max_str_digits(0)

INT_EDGES = [
    0, 1, 23, 24, 255, 256, 65535, 65536, 2**31 - 1, 2**31, 2**32 - 1, 2**32, 2**53, 2**53 + 1,
    2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**64 + 1, 2**65, 2**128,
    -1, -24, -25, -256, -257, -65536, -65537, -(2**32), -(2**32) - 1,
    -(2**63), -(2**63) - 1, -(2**64) + 1, -(2**64), -(2**64) - 1, -(2**64) - 2, -(2**128),
]
FLOAT_EDGES = [
    0.0, -0.0, 1.0, -1.0, 1.5, 0.1, -0.1, 3.0, 100.0, 65504.0, 65505.0, 100000.0, 1e16, 1e15, 1e-4, 1e-5, 1e-7,
    1e308, -1e308, 1.7976931348623157e308, -1.7976931348623157e308, 5e-324, -5e-324, 1e-310, 2.2250738585072014e-308,
    2.225073858507201e-308, 2.0**53, 2.0**53 + 2, 2.0**64, -(2.0**64), 123456789.123456789, 3.4028234663852886e38,
    5.960464477539063e-08, 6.103515625e-05, 1.1, -4.1,
]
CHAR_POOLS = [
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "\"\\/\b\f\n\r\t\x00\x01\x1f\x7f",
    "éüßøñçÀÿ",
    "水漢字日本語한국어ﬁ€≠\u0301\u200b\ufeff\uffff",
    "😀🎉𝄞𐍈\U0001f9ea\U00010000\U0010ffff",
]


def random_string(rng):
    length = rng.choice([0, 1, 2, 3, 5, 8, 13, 24, 31, 40]) if rng.random() < 0.97 else rng.randint(200, 3000)
    pools = rng.sample(CHAR_POOLS, rng.randint(1, len(CHAR_POOLS)))
    return "".join(rng.choice(rng.choice(pools)) for _ in range(length))


def random_int(rng):
    choice = rng.random()
    if choice < 0.3:
        return rng.randint(-30, 30)
    if choice < 0.55:
        return rng.choice(INT_EDGES)
    if choice < 0.8:
        return rng.getrandbits(rng.randint(1, 64)) * rng.choice([1, -1])
    if choice < 0.97:
        return rng.getrandbits(rng.randint(65, 600)) * rng.choice([1, -1])
    return int("".join(rng.choice("0123456789") for _ in range(rng.randint(1000, 3000))) or "0") * rng.choice([1, -1])


def random_float(rng):
    choice = rng.random()
    if choice < 0.35:
        return rng.choice(FLOAT_EDGES)
    if choice < 0.55:
        return float(rng.randint(-1000, 1000)) / rng.choice([1, 2, 4, 10, 1000])
    while True:
        value = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if math.isfinite(value):
            return value


def random_value(rng, depth=0):
    choice = rng.random()
    if depth < 6 and choice < 0.3:
        if rng.random() < 0.5:
            return [random_value(rng, depth + 1) for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8]))]
        result = {}
        for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 8])):
            result[random_string(rng)] = random_value(rng, depth + 1)
        return result
    choice = rng.random()
    if choice < 0.08:
        return None
    if choice < 0.16:
        return rng.random() < 0.5
    if choice < 0.45:
        return random_int(rng)
    if choice < 0.72:
        return random_float(rng)
    return random_string(rng)


def deep_value(rng):
    """A chain of nested arrays and objects, below cbor2's default max_depth of 400."""
    value = random_value(rng, 6)
    for _ in range(rng.randint(50, 390)):
        value = [value] if rng.random() < 0.5 else {random_string(rng): value}
    return value


# --- the documented CBOR → JSON mapping, applied to the Python values cbor2 encoded -------------------------------


def decimal_text(value):
    sign, digits, exponent = value.as_tuple()
    text = "".join(map(str, digits)).lstrip("0") or "0"
    prefix = "-" if sign and text != "0" else ""
    if exponent == 0:
        return prefix + text + ".0"
    if exponent > 0 or exponent < -64:
        return f"{prefix}{text}e{exponent}"
    places = -exponent
    if len(text) > places:
        return prefix + text[:-places] + "." + text[-places:]
    return prefix + "0." + "0" * (places - len(text)) + text


def utc_text(moment):
    moment = moment.astimezone(datetime.timezone.utc)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += ".%06d" % moment.microsecond
    return text + "Z"


class Number:
    """A JSON number given as exact text (for decimal fractions)."""

    def __init__(self, text):
        self.text = text


def expected(value):
    if value is None or value is cbor2.undefined:
        return None
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (list, tuple, set, frozenset)):
        return [expected(item) for item in value]
    if isinstance(value, dict):
        return {key_text(key): expected(item) for key, item in value.items()}
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return Number(decimal_text(value))
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, fractions.Fraction):
        return [value.numerator, value.denominator]
    if isinstance(value, re.Pattern):
        return value.pattern
    if isinstance(value, cbor2.CBORTag):
        return expected(value.value)
    if isinstance(value, cbor2.CBORSimpleValue):
        return value.value
    if hasattr(value, "packed"):  # ipaddress: tag 52/54 (cbor2 6) or 260 (cbor2 5) around the packed bytes
        return base64.b64encode(value.packed).decode("ascii")
    raise TypeError(f"no JSON mapping for {type(value)}")


def key_text(key):
    converted = expected(key)
    return converted if isinstance(converted, str) else to_json(converted)


def to_json(value):
    if isinstance(value, Number):
        return value.text
    if isinstance(value, list):
        return "[" + ",".join(to_json(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + to_json(v) for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def extras():
    """(name, bytes, expected JSON text, style) for what cbor2 emits beyond JSON."""
    utc = datetime.timezone.utc
    plus2 = datetime.timezone(datetime.timedelta(hours=2))
    values = {
        "nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"),
        "floats in a list": [1.5, float("nan"), -0.0, float("-inf")],
        "bytes": b"\x00\x01\xfe\xff", "empty bytes": b"", "bytes 1": b"a", "bytes 2": b"ab", "bytes 3": b"abc",
        "bytearray": bytearray(b"hello"),
        "tuple": (1, "two", 3.0), "set": {1, 2, 3}, "frozenset": frozenset(["a"]), "empty set": set(),
        "datetime utc": datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=utc),
        "datetime micro": datetime.datetime(2020, 1, 2, 3, 4, 5, 123, tzinfo=utc),
        "datetime +2": datetime.datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=plus2),
        "date": datetime.date(2024, 2, 29), "date min": datetime.date(1, 1, 1), "date max": datetime.date(9999, 12, 31),
        "decimal": decimal.Decimal("1.23"), "decimal neg": decimal.Decimal("-0.000123"),
        "decimal int": decimal.Decimal("100"), "decimal exp": decimal.Decimal("1E+5"),
        "decimal big": decimal.Decimal("123456789012345678901234567890.5"),
        "decimal tiny": decimal.Decimal("5E-100"),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"), "uuid zero": uuid.UUID(int=0),
        "fraction": fractions.Fraction(1, 3), "regex": re.compile("a+b*"),
        "unknown tag": cbor2.CBORTag(999, [1, "x"]), "nested tags": cbor2.CBORTag(1000, cbor2.CBORTag(70000, b"z")),
        "self-describe": cbor2.CBORTag(55799, {"a": 1}),
        "undefined": cbor2.undefined, "simple 99": cbor2.CBORSimpleValue(99), "simple 0": cbor2.CBORSimpleValue(0),
        "int keys": {1: "a", -5: "b", 2**70: "c"}, "tuple key": {(1, 2): "t"}, "none key": {None: 1},
        "bool key": {True: "yes"}, "float key": {2.5: "f", float("inf"): "i"}, "bytes key": {b"k": "v"},
        "frozenset key": {frozenset([7]): "s"}, "mixed keys": {"s": 1, 3: 2, (4,): 3},
        "big ints": [2**64, -(2**64) - 1, 2**200, -(2**200), 10**5000, -(10**5000)],
        "ip": ipaddress.ip_address("192.0.2.1"),
    }
    for name, value in values.items():
        yield name, cbor2.dumps(value), to_json(expected(value)), "float64"
    for name, seconds in [("epoch int", datetime.datetime(2021, 6, 1, 12, 0, 0, tzinfo=utc)),
                          ("epoch float", datetime.datetime(2021, 6, 1, 12, 0, 0, 250000, tzinfo=utc)),
                          ("epoch before 1970", datetime.datetime(1901, 3, 4, 5, 6, 7, 891011, tzinfo=utc)),
                          ("epoch odd micro", datetime.datetime(2038, 1, 19, 3, 14, 8, 1, tzinfo=utc))]:
        data = cbor2.dumps(seconds, datetime_as_timestamp=True)
        yield name, data, to_json(utc_text(cbor2.loads(data))), "float64"


def generate(seed, count, out):
    rng = random.Random(seed)
    records = []
    for index in range(count):
        value = deep_value(rng) if index % 50 == 0 else random_value(rng)
        text = json.dumps(value, ensure_ascii=rng.random() < 0.5, allow_nan=False)
        records.append({"kind": "roundtrip", "json": text, "cbor": cbor2.dumps(value).hex()})
        if index % 5 == 1:
            # Shortest floats (half/single/double) and sorted keys; what cbor2 itself decodes is the expectation.
            data = cbor2.dumps(value, canonical=True)
            records.append({"kind": "decode", "name": f"canonical {index}", "cbor": data.hex(),
                            "expected": json.dumps(cbor2.loads(data), allow_nan=False), "style": "shortest"})
        if index % 7 == 2:
            try:
                data = cbor2.dumps(value, indefinite_containers=True)
            except TypeError:  # cbor2 without the option
                continue
            records.append({"kind": "decode", "name": f"indefinite {index}", "cbor": data.hex(),
                            "expected": text, "style": None})
    for name, data, expected_text, style in extras():
        records.append({"kind": "decode", "name": name, "cbor": data.hex(), "expected": expected_text,
                        "style": style})
    with open(out, "w", encoding="utf-8") as handle:
        for number, record in enumerate(records):
            record["id"] = number
            handle.write(json.dumps(record) + "\n")
    print(json.dumps({"records": len(records), "cbor2": cbor2_version()}))


def same(left, right, path="$"):
    """None when left and right are the same JSON-like Python values (types, float bits, key order)."""
    if type(left) is not type(right):
        return f"{path}: {type(left).__name__} vs {type(right).__name__}"
    if isinstance(left, float):
        return None if struct.pack("<d", left) == struct.pack("<d", right) else f"{path}: {left!r} vs {right!r}"
    if isinstance(left, list):
        if len(left) != len(right):
            return f"{path}: {len(left)} vs {len(right)} elements"
        for position, (a, b) in enumerate(zip(left, right)):
            problem = same(a, b, f"{path}[{position}]")
            if problem:
                return problem
        return None
    if isinstance(left, dict):
        if list(left) != list(right):
            return f"{path}: keys {list(left)[:5]!r} vs {list(right)[:5]!r}"
        for key in left:
            problem = same(left[key], right[key], f"{path}.{key!r}")
            if problem:
                return problem
        return None
    return None if left == right else f"{path}: {left!r} vs {right!r}"


def check(path):
    checked = 0
    failures = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            checked += 1
            data = bytes.fromhex(record["cbor"])
            try:
                want = json.loads(record["json"])
                got = cbor2.loads(data)
                problem = same(want, got)
                if problem is None and cbor2.dumps(want) != data:
                    problem = f"bytes differ: cbor2 {cbor2.dumps(want).hex()[:120]} swift {data.hex()[:120]}"
            except Exception as error:  # noqa: BLE001 - every failure is reported, not raised
                problem = f"{type(error).__name__}: {error}"
            if problem:
                failures.append({"id": record["id"], "problem": problem[:500]})
    print(json.dumps({"checked": checked, "failed": len(failures), "failures": failures[:10],
                      "cbor2": cbor2_version()}))
    return 1 if failures else 0


def cbor2_version():
    try:
        from importlib.metadata import version

        return version("cbor2")
    except Exception:  # noqa: BLE001
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    generate_parser = commands.add_parser("generate")
    generate_parser.add_argument("--seed", type=int, default=8949)
    generate_parser.add_argument("--count", type=int, default=2000)
    generate_parser.add_argument("--out", required=True)
    check_parser = commands.add_parser("check")
    check_parser.add_argument("--input", required=True)
    arguments = parser.parse_args()
    if arguments.command == "generate":
        generate(arguments.seed, arguments.count, arguments.out)
        return 0
    return check(arguments.input)


if __name__ == "__main__":
    sys.exit(main())
