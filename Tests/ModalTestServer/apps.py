"""The apps "deployed" on the Modal test server, and the Python functions behind them.

Every function is plain Python, called as `f(*args, **kwargs)` with the arguments a Modal container would decode
from the input (cbor2 for CBOR, pickle for PICKLE). Options such as a sleep time are read by `option()`: a keyword
argument, else the first positional argument when it has the wanted type, else that key in the first dict argument
(so a bridge call `f(event, params)` can pass `{"seconds": 2}` as the event), else a default.
"""

from __future__ import annotations

import datetime
import decimal
import math
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from modal_proto import api_pb2

CONTROL_APP = "test-app"
INPUT_PLANE_APP = "ip-app"
ENVIRONMENTS = ("", "main")
BIG_OUTPUT_DEFAULT = 3 * 1024 * 1024

PICKLE = api_pb2.DATA_FORMAT_PICKLE
CBOR = api_pb2.DATA_FORMAT_CBOR
ASGI = api_pb2.DATA_FORMAT_ASGI
GENERATOR_DONE = api_pb2.DATA_FORMAT_GENERATOR_DONE


def option(args: tuple, kwargs: dict, key: str, kind: type | tuple[type, ...], default: Any) -> Any:
    if key in kwargs:
        return kwargs[key]
    if args and isinstance(args[0], kind) and not isinstance(args[0], bool):
        return args[0]
    for value in args:
        if isinstance(value, dict) and key in value:
            return value[key]
    # A record-mode payload carries the message's JSON body one level down (e.g. SQS `bodyJSON`).
    for value in args:
        if isinstance(value, dict):
            for nested in value.values():
                if isinstance(nested, dict) and key in nested:
                    return nested[key]
    return default


def echo(*args, **kwargs):
    return {"args": list(args), "kwargs": kwargs}


def slow(*args, **kwargs):
    seconds = float(option(args, kwargs, "seconds", (int, float), 2.0))
    time.sleep(seconds)
    return {"slept": seconds}


def fail(*args, **kwargs):
    raise ValueError(option(args, kwargs, "message", str, "boom from the test server"))


def fail_marked(*args, **kwargs):
    """Raises when the text FAIL appears anywhere in the arguments (one failing record in a batch), else echoes;
    sleeps `seconds` (default 0) first, so a batch's outputs can be made to arrive out of order."""
    time.sleep(float(option(args, kwargs, "seconds", (int, float), 0.0)))
    if "FAIL" in repr((args, kwargs)):
        raise ValueError("record marked FAIL")
    return echo(*args, **kwargs)


def flaky(*args, **kwargs):
    return echo(*args, **kwargs)


def big(*args, **kwargs):
    return "x" * int(option(args, kwargs, "size", int, BIG_OUTPUT_DEFAULT))


def gen(*args, **kwargs):
    for index in range(int(option(args, kwargs, "count", int, 3))):
        yield index


def types(*args, **kwargs):
    """One of everything cbor2 emits that a JSON client has to map (tags 0, 2/3, 4, 37, 258, 1004, floats)."""
    return {
        "int": 1,
        "float": 1.0,
        "negative_zero": -0.0,
        "nan": math.nan,
        "infinity": math.inf,
        "negative_infinity": -math.inf,
        "big": 2**70,
        "negative_big": -(2**70),
        "bytes": b"\x00\xff",
        "datetime": datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc),
        "date": datetime.date(2024, 1, 2),
        "decimal": decimal.Decimal("1.25"),
        "uuid": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "set": {1, 2},
        "int_keys": {1: "one"},
        "tuple_keys": {(1, 2): "pair"},
        "none": None,
        "text": "héllo ✓",
    }


def unserializable(*args, **kwargs):
    return datetime.datetime(2024, 1, 2, 3, 4, 5)  # naive: cbor2 refuses it, as in a real container


@dataclass
class DeployedFunction:
    app_name: str
    name: str
    impl: Callable[..., Any]
    input_formats: list[int] = field(default_factory=lambda: [PICKLE, CBOR])
    output_formats: list[int] = field(default_factory=lambda: [PICKLE, CBOR])
    is_generator: bool = False
    web: bool = False
    input_plane: bool = False
    # INTERNAL_FAILURE for the first N attempts of every input (N: option "failures", else the server setting).
    internal_failures: bool = False
    # A fixed non-success status instead of running the function (e.g. TIMEOUT).
    forced_status: int | None = None
    retries: int = 0
    sync_client_retries_enabled: bool = False

    @property
    def function_id(self) -> str:
        return f"fu-{self.app_name}-{self.name}".replace("_", "-")


CLASSES = {(CONTROL_APP, "Model")}


def deployed_functions() -> list[DeployedFunction]:
    def common(app: str, input_plane: bool) -> list[DeployedFunction]:
        return [
            DeployedFunction(app, "echo", echo, input_plane=input_plane),
            DeployedFunction(app, "slow", slow, input_plane=input_plane),
            DeployedFunction(app, "raise", fail, input_plane=input_plane),
            DeployedFunction(app, "fail_marked", fail_marked, input_plane=input_plane),
            DeployedFunction(
                app, "flaky", flaky, input_plane=input_plane, internal_failures=True,
                retries=3, sync_client_retries_enabled=True,
            ),
            DeployedFunction(app, "big", big, input_plane=input_plane),
            DeployedFunction(app, "types", types, input_plane=input_plane),
            DeployedFunction(app, "unserializable", unserializable, input_plane=input_plane),
            DeployedFunction(
                app, "timeout", echo, input_plane=input_plane,
                forced_status=api_pb2.GenericResult.GENERIC_STATUS_TIMEOUT,
            ),
        ]

    return [
        *common(CONTROL_APP, input_plane=False),
        DeployedFunction(CONTROL_APP, "pickle_only", echo, input_formats=[PICKLE], output_formats=[PICKLE]),
        DeployedFunction(
            CONTROL_APP, "restricted", echo, output_formats=[CBOR]
        ),  # `_experimental_restrict_output=True`: CBOR results even for pickle inputs
        DeployedFunction(CONTROL_APP, "web", echo, input_formats=[ASGI], output_formats=[ASGI, GENERATOR_DONE], web=True),
        DeployedFunction(
            CONTROL_APP, "gen", gen, output_formats=[PICKLE, CBOR, GENERATOR_DONE], is_generator=True
        ),
        *common(INPUT_PLANE_APP, input_plane=True),
    ]
