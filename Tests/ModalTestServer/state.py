"""Shared state of the Modal test server: settings, fault rules, tokens, blobs, function calls."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import itertools
import json
import os
import time
from dataclasses import dataclass, field
from typing import Any

from grpclib import GRPCError, Status
from modal_proto import api_pb2

from apps import DeployedFunction, deployed_functions
from rpclog import RpcLog

DEFAULT_SETTINGS: dict[str, Any] = {
    # INTERNAL_FAILURE attempts of `flaky` per input when the call does not say (option "failures").
    "internal_failures": 2,
    # Written into FunctionHandleMetadata when not null, and used as the output blob thresholds.
    "max_object_size_bytes": None,
    "max_async_object_size_bytes": None,
    # Lifetime of the JWTs AuthTokenGet hands out.
    "auth_token_ttl_secs": 3600,
    # false: FunctionMap answers without pipelined inputs, so clients must call FunctionPutInputs.
    "pipelined_inputs": True,
    # true: control-plane calls (except AuthTokenGet) need a valid x-modal-auth-token too.
    "require_auth_token_everywhere": False,
    "input_plane_region": "us-east",
    # Upper bound for the server side of FunctionGetOutputs / AttemptAwait long polls.
    "max_poll_secs": 55.0,
}

FAULT_CODES = {status.name: status for status in Status}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class FaultRule:
    """Lets the next `skip` matching calls through, then fails the next `count` ones with `code` (and an
    RPCRetryPolicy detail when retry_after_secs): `skip` = k - 1 fails exactly the k-th matching call."""

    code: Status
    count: int
    methods: list[str]
    plane: str | None
    message: str
    retry_after_secs: float | None
    skip: int = 0

    @classmethod
    def parse(cls, body: dict) -> FaultRule:
        code = str(body.get("code", "")).upper()
        if code not in FAULT_CODES or code == "OK":
            raise ValueError(f"unknown gRPC status code {body.get('code')!r}")
        retry_after = body.get("retry_after_secs")
        return cls(
            code=FAULT_CODES[code],
            count=int(body.get("count", 1)),
            methods=list(body.get("methods") or []),
            plane=body.get("plane"),
            message=str(body.get("message") or f"injected {code} (test server fault switch)"),
            retry_after_secs=None if retry_after is None else float(retry_after),
            skip=max(0, int(body.get("skip", 0))),
        )

    def as_json(self) -> dict:
        return {
            "code": self.code.name, "count": self.count, "methods": self.methods, "plane": self.plane,
            "message": self.message, "retry_after_secs": self.retry_after_secs, "skip": self.skip,
        }


@dataclass
class Blob:
    blob_id: str
    content_md5: str
    content_length: int
    data: bytes | None = None


@dataclass
class Input:
    input_id: str
    idx: int
    call: FunctionCall
    item: api_pb2.FunctionPutInputsItem
    attempt: int = 0
    output: api_pb2.FunctionGetOutputsItem | None = None
    cleared: bool = False
    task: asyncio.Task | None = None
    # Position of the output in its call's output stream (1, 2, ...): `last_entry_id` "N-0" is a cursor after it.
    entry_seq: int = 0


@dataclass
class FunctionCall:
    function_call_id: str
    function: DeployedFunction
    invocation_type: int
    inputs: list[Input] = field(default_factory=list)
    cancelled: bool = False
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    # Outputs written so far (the output stream's last entry id is f"{entries}-0").
    entries: int = 0
    # FunctionFinishInputs' num_inputs (an async map), None until sent.
    finished_inputs: int | None = None

    def notify(self) -> None:
        self.changed.set()
        self.changed = asyncio.Event()

    def put_output(self, entry: Input, output: api_pb2.FunctionGetOutputsItem) -> None:
        """Appends `output` to the call's output stream (as Modal does, one entry per output) and wakes pollers."""
        self.entries += 1
        entry.entry_seq = self.entries
        entry.output = output
        self.notify()

    @property
    def unfinished(self) -> int:
        return sum(1 for entry in self.inputs if entry.output is None)


class ServerState:
    def __init__(self, token_id: str, token_secret: str, log: RpcLog) -> None:
        self.token_id = token_id
        self.token_secret = token_secret
        self.log = log
        self.settings: dict[str, Any] = dict(DEFAULT_SETTINGS)
        self.faults: list[FaultRule] = []
        self.functions = {(f.app_name, f.name): f for f in deployed_functions()}
        self.functions_by_id = {f.function_id: f for f in self.functions.values()}
        self.calls: dict[str, FunctionCall] = {}
        self.inputs: dict[str, Input] = {}
        self.blobs: dict[str, Blob] = {}
        self.counters: dict[str, int] = {}
        self.http_url = ""
        self.input_plane_url = ""
        self._ids = itertools.count(1)
        self._jwt_key = os.urandom(32)

    # ids and tokens

    def new_id(self, prefix: str) -> str:
        return f"{prefix}-{next(self._ids):06d}"

    def sign(self, claims: dict) -> str:
        header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
        payload = b64url(json.dumps(claims, separators=(",", ":"), sort_keys=True).encode())
        signature = hmac.new(self._jwt_key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
        return f"{header}.{payload}.{b64url(signature)}"

    def verify(self, token: str, kind: str) -> dict:
        """The claims of a token this server signed, or GRPCError (UNAUTHENTICATED for auth tokens)."""
        failure = Status.UNAUTHENTICATED if kind == "auth" else Status.INVALID_ARGUMENT
        try:
            header, payload, signature = token.split(".")
            expected = hmac.new(self._jwt_key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
            if not hmac.compare_digest(expected, b64url_decode(signature)):
                raise ValueError("bad signature")
            claims = json.loads(b64url_decode(payload))
        except (ValueError, UnicodeDecodeError) as error:
            raise GRPCError(failure, f"invalid {kind} token") from error
        if claims.get("typ") != kind:
            raise GRPCError(failure, f"not a {kind} token")
        if "exp" in claims and claims["exp"] <= time.time():
            raise GRPCError(failure, f"expired {kind} token")
        return claims

    def new_auth_token(self) -> str:
        now = int(time.time())
        ttl = int(self.settings["auth_token_ttl_secs"])
        return self.sign({"typ": "auth", "sub": self.token_id, "iat": now, "exp": now + ttl, "jti": self.new_id("at")})

    def check_auth(self, plane: str, method: str, metadata: dict[str, str]) -> None:
        token_id, secret = metadata.get("x-modal-token-id"), metadata.get("x-modal-token-secret")
        if not token_id or not secret:
            raise GRPCError(Status.UNAUTHENTICATED, "missing x-modal-token-id / x-modal-token-secret")
        if token_id != self.token_id or not hmac.compare_digest(secret.encode(), self.token_secret.encode()):
            raise GRPCError(Status.UNAUTHENTICATED, "Invalid token id or secret")
        jwt = metadata.get("x-modal-auth-token")
        needs_jwt = plane == "input" or (self.settings["require_auth_token_everywhere"] and method != "AuthTokenGet")
        if needs_jwt and not jwt:
            raise GRPCError(Status.UNAUTHENTICATED, "missing x-modal-auth-token")
        if jwt:
            self.verify(jwt, "auth")

    # fault switches

    def take_fault(self, plane: str, method: str) -> FaultRule | None:
        for rule in self.faults:
            if rule.count > 0 and (not rule.methods or method in rule.methods) and rule.plane in (None, plane):
                if rule.skip > 0:
                    rule.skip -= 1
                    return None
                rule.count -= 1
                return rule
        return None

    # lookups

    def function(self, function_id: str) -> DeployedFunction:
        function = self.functions_by_id.get(function_id)
        if function is None:
            raise GRPCError(Status.NOT_FOUND, f"Function {function_id} not found")
        return function

    def call(self, function_call_id: str) -> FunctionCall:
        call = self.calls.get(function_call_id)
        if call is None:
            raise GRPCError(Status.NOT_FOUND, f"Function call {function_call_id} not found")
        return call

    def input_for_token(self, token: str, kind: str) -> tuple[Input, int]:
        claims = self.verify(token, kind)
        entry = self.inputs.get(claims.get("in", ""))
        if entry is None:
            raise GRPCError(Status.NOT_FOUND, f"input of {kind} token not found")
        return entry, int(claims.get("attempt", 0))

    def input_jwt(self, entry: Input) -> str:
        return self.sign({"typ": "input", "fc": entry.call.function_call_id, "in": entry.input_id, "attempt": entry.attempt})

    def attempt_token(self, entry: Input) -> str:
        return self.sign({"typ": "attempt", "fc": entry.call.function_call_id, "in": entry.input_id, "attempt": entry.attempt})

    def function_call_jwt(self, call: FunctionCall) -> str:
        return self.sign({"typ": "function_call", "fc": call.function_call_id})

    def output_limit(self, invocation_type: int) -> int:
        sync_limit = self.settings["max_object_size_bytes"] or 2 * 1024 * 1024
        if invocation_type == api_pb2.FUNCTION_CALL_INVOCATION_TYPE_ASYNC:
            return min(sync_limit, self.settings["max_async_object_size_bytes"] or 8 * 1024)
        return sync_limit

    def store_blob(self, data: bytes) -> str:
        blob_id = self.new_id("bl")
        md5 = base64.b64encode(hashlib.md5(data).digest()).decode()
        self.blobs[blob_id] = Blob(blob_id, md5, len(data), data)
        return blob_id

    def blob_url(self, blob_id: str) -> str:
        return f"{self.http_url}/blobs/{blob_id}"

    def snapshot(self) -> dict:
        return {
            "settings": self.settings,
            "faults": [rule.as_json() for rule in self.faults if rule.count > 0],
            "functions": sorted(f"{f.app_name}/{f.name}" for f in self.functions.values()),
            "calls": {
                call.function_call_id: {
                    "function": f"{call.function.app_name}/{call.function.name}",
                    "cancelled": call.cancelled,
                    "invocation_type": call.invocation_type,
                    "finished_inputs": call.finished_inputs,
                    "inputs": [{"input_id": e.input_id, "idx": e.idx, "attempt": e.attempt, "done": e.output is not None,
                                "cleared": e.cleared}
                               for e in call.inputs],
                }
                for call in self.calls.values()
            },
            "blobs": {blob.blob_id: {"length": blob.content_length, "uploaded": blob.data is not None}
                      for blob in self.blobs.values()},
        }
