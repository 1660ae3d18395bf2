"""The RPC log of the Modal test server: one JSON object per line (JSONL), appended as each call completes.

Record fields (gRPC calls):
  seq       arrival order (1, 2, ...). Records are written when a call ENDS, so sort by `seq` for the call order.
  time      arrival time, epoch seconds
  duration  seconds the server spent in the handler (from the request message to the answer)
  plane     "control" (the MODAL_SERVER_URL port) or "input" (the input_plane_url port)
  method    RPC name, e.g. "FunctionMap"
  metadata  request headers, lower-case names; `x-modal-token-secret` is replaced by "<redacted>"
  request   the request message as protobuf JSON with proto field names (strings over 4096 characters are replaced
            by {"$truncated": length, "sha256": hex of the original string})
  inputs    for calls that carry inputs: [{"idx", "data_format", "args", "kwargs"}] decoded as a Modal container
            decodes them (see `to_jsonable` for how Python values are written), or {"error": ...}
  status    "OK" or the gRPC status name ("UNAVAILABLE", "NOT_FOUND", ...); "CANCELLED" when the client went away
  message   the status message, for errors
  fault     true when a fault switch produced the status
  response  the response message (as `request`), for OK
HTTP requests to the blob store are logged too: plane "http", method "PUT"/"GET", plus path, headers, status, bytes.
`stats()` (GET /control/stats) totals the gRPC calls and their handler time, so a benchmark can subtract the time a
client spent waiting inside the server.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
import math
import threading
import time
from typing import Any

from google.protobuf import json_format
from google.protobuf.message import Message

MAX_TEXT = 4096
REDACTED_HEADERS = {"x-modal-token-secret"}


def truncated(text: str | bytes) -> dict:
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return {"$truncated": len(text), "sha256": hashlib.sha256(raw).hexdigest()}


def to_jsonable(value: Any) -> Any:
    """Python values as JSON: bytes {"$bytes": base64}, non-finite floats {"$float": "nan"|"inf"|"-inf"},
    sets {"$set": [...]}, maps with non-text keys {"$map": [[key, value], ...]}, anything else {"$repr": repr}.
    Text and bytes longer than 4096 become {"$truncated": length, "sha256": hex}. Integers and floats keep their
    kind: 1 stays 1 and 1.0 stays 1.0."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        if math.isfinite(value):
            return value
        return {"$float": "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")}
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else truncated(value)
    if isinstance(value, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(value).decode()} if len(value) <= MAX_TEXT else truncated(bytes(value))
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return {"$set": [to_jsonable(item) for item in value]}
    if isinstance(value, dict):
        if all(isinstance(key, str) for key in value):
            return {key: to_jsonable(item) for key, item in value.items()}
        return {"$map": [[to_jsonable(key), to_jsonable(item)] for key, item in value.items()]}
    return {"$repr": repr(value)}


def _shorten(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_TEXT:
        return truncated(value)
    if isinstance(value, list):
        return [_shorten(item) for item in value]
    if isinstance(value, dict):
        return {key: _shorten(item) for key, item in value.items()}
    return value


def message_json(message: Message) -> dict:
    return _shorten(json_format.MessageToDict(message, preserving_proto_field_name=True))


def metadata_json(metadata) -> dict:
    headers: dict[str, Any] = {}
    for key, value in metadata.items():
        key = key.lower()
        if key in REDACTED_HEADERS:
            value = "<redacted>"
        elif isinstance(value, bytes):
            value = {"$bytes": base64.b64encode(value).decode()}
        if key in headers:
            previous = headers[key]
            headers[key] = (previous if isinstance(previous, list) else [previous]) + [value]
        else:
            headers[key] = value
    return headers


class RpcLog:
    def __init__(self, path: str) -> None:
        self.path = path
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (open for the server's lifetime)
        self._calls = 0
        self._handler_seconds = 0.0

    def begin(self, plane: str, method: str, metadata, request: Message | None) -> dict:
        record = {"seq": next(self._seq), "time": round(time.time(), 6), "plane": plane, "method": method,
                  "metadata": metadata_json(metadata), "_started": time.perf_counter()}
        if request is not None:
            record["request"] = message_json(request)
        return record

    def finish(self, record: dict, status: str, *, message: str | None = None, response: Message | None = None,
               fault: bool = False) -> None:
        duration = time.perf_counter() - record.pop("_started")
        record["duration"] = round(duration, 6)
        with self._lock:
            self._calls += 1
            self._handler_seconds += duration
        record["status"] = status
        if message is not None:
            record["message"] = message
        if fault:
            record["fault"] = True
        if response is not None:
            record["response"] = message_json(response)
        self.write(record)

    def http(self, method: str, path: str, headers, status: int, size: int) -> None:
        record = {"seq": next(self._seq), "time": round(time.time(), 6), "plane": "http", "method": method,
                  "path": path, "headers": metadata_json(headers), "status": status, "bytes": size}
        self.write(record)

    def write(self, record: dict) -> None:
        line = json.dumps(record, separators=(",", ":"), allow_nan=False)
        with self._lock:
            self._file.write(line + "\n")
            self._file.flush()

    def stats(self) -> dict:
        """`{"calls": n, "handler_seconds": s}`: gRPC calls finished so far and the time spent in their handlers."""
        with self._lock:
            return {"calls": self._calls, "handler_seconds": round(self._handler_seconds, 6)}

    def records(self) -> list[dict]:
        with self._lock, open(self.path, encoding="utf-8") as handle:
            return sorted((json.loads(line) for line in handle if line.strip()), key=lambda r: r["seq"])

    def close(self) -> None:
        self._file.close()
