"""A small, fast Lambda Runtime API on 127.0.0.1 (asyncio, HTTP/1.1 keep-alive) that both the Swift `bootstrap` and
Python's awslambdaric can poll. It behaves like AWS's where it matters for a benchmark and a demo: absolute
`Lambda-Runtime-Deadline-Ms`, request id, function ARN and trace id headers, 202 on `/response` and `/error`, 400 for
an unknown request id, `/runtime/init/error` recorded. One invocation is in flight at a time per `invoke` caller.
"""

from __future__ import annotations

import asyncio
import itertools
import time
import uuid
from dataclasses import dataclass, field

PREFIX = "/2018-06-01/runtime"
FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:modal-bridge-local"


@dataclass
class Result:
    """How one invocation ended: `kind` is `response`, `error` or `timeout` (no answer in time)."""

    request_id: str
    kind: str
    body: bytes
    error_type: str | None
    latency: float  # seconds from queuing the event to the runtime's answer


@dataclass
class _Pending:
    request_id: str
    body: bytes
    deadline_ms: int
    queued: float
    done: asyncio.Future = field(default=None)  # type: ignore[assignment]


class RuntimeAPI:
    """`await RuntimeAPI.start()`, point `AWS_LAMBDA_RUNTIME_API` at `.address`, then `await invoke(event)`."""

    def __init__(self) -> None:
        self._events: asyncio.Queue[_Pending] = asyncio.Queue()
        self._inflight: dict[str, _Pending] = {}
        self._server: asyncio.base_events.Server | None = None
        self._ids = itertools.count(1)
        self.first_next: float | None = None  # perf_counter() of the first GET /next
        self.first_next_event = asyncio.Event()
        self.init_error: tuple[str | None, bytes] | None = None
        self.init_error_event = asyncio.Event()
        self.port = 0
        self._connections: set[asyncio.Task] = set()

    @classmethod
    async def start(cls) -> RuntimeAPI:
        api = cls()
        api._server = await asyncio.start_server(api._serve, "127.0.0.1", 0)
        api.port = api._server.sockets[0].getsockname()[1]
        return api

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    async def close(self) -> None:
        """Stops listening and ends every connection (a runtime may still be waiting in GET /next)."""
        if self._server is not None:
            self._server.close()
        for pending in self._inflight.values():
            if not pending.done.done():
                pending.done.cancel()
        for task in list(self._connections):
            task.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)

    def reset_first_next(self) -> None:
        self.first_next = None
        self.first_next_event.clear()

    async def invoke(self, body: bytes, *, timeout_ms: int = 60_000, wait: float | None = None) -> Result:
        """Queues one event and waits for its answer (at most `wait` seconds, default the deadline + 5 s)."""
        request_id = f"{uuid.uuid4()}"
        deadline_ms = int(time.time() * 1000) + timeout_ms
        pending = _Pending(request_id, body, deadline_ms, time.perf_counter(), asyncio.get_running_loop().create_future())
        self._inflight[request_id] = pending
        await self._events.put(pending)
        try:
            return await asyncio.wait_for(asyncio.shield(pending.done), wait if wait is not None else timeout_ms / 1000 + 5)
        except TimeoutError:
            return Result(request_id, "timeout", b"", None, time.perf_counter() - pending.queued)
        finally:
            self._inflight.pop(request_id, None)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._connections.add(task)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await self._read_body(reader, headers)
                await self._route(method, path, headers, body, writer)
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError, asyncio.CancelledError):
            pass
        finally:
            self._connections.discard(task)
            writer.close()

    @staticmethod
    async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str]) -> bytes:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    await reader.readuntil(b"\r\n")
                    return b"".join(chunks)
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
        length = int(headers.get("content-length", "0") or 0)
        return await reader.readexactly(length) if length else b""

    @staticmethod
    def _write(writer: asyncio.StreamWriter, status: str, body: bytes, extra: dict[str, str] | None = None) -> None:
        lines = [f"HTTP/1.1 {status}", "Content-Type: application/json", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in (extra or {}).items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    async def _route(self, method: str, path: str, headers: dict[str, str], body: bytes, writer) -> None:
        if method == "GET" and path == f"{PREFIX}/invocation/next":
            if self.first_next is None:
                self.first_next = time.perf_counter()
                self.first_next_event.set()
            pending = await self._events.get()
            self._write(writer, "200 OK", pending.body, {
                "Lambda-Runtime-Aws-Request-Id": pending.request_id,
                "Lambda-Runtime-Deadline-Ms": str(pending.deadline_ms),
                "Lambda-Runtime-Invoked-Function-Arn": FUNCTION_ARN,
                "Lambda-Runtime-Trace-Id": f"Root=1-{int(time.time()):08x}-{uuid.uuid4().hex[:24]};Sampled=0",
            })
        elif method == "POST" and path == f"{PREFIX}/init/error":
            self.init_error = (headers.get("lambda-runtime-function-error-type"), body)
            self.init_error_event.set()
            self._write(writer, "202 Accepted", b'{"status":"OK"}')
        elif method == "POST" and path.startswith(f"{PREFIX}/invocation/") and path.rsplit("/", 1)[1] in ("response", "error"):
            request_id, verb = path[len(f"{PREFIX}/invocation/"):].rsplit("/", 1)
            pending = self._inflight.get(request_id)
            if pending is None or pending.done.done():
                self._write(writer, "400 Bad Request", b'{"errorMessage":"Invalid request ID","errorType":"InvalidRequestID"}')
            else:
                latency = time.perf_counter() - pending.queued
                error_type = headers.get("lambda-runtime-function-error-type") if verb == "error" else None
                pending.done.set_result(Result(request_id, verb, body, error_type, latency))
                self._write(writer, "202 Accepted", b'{"status":"OK"}')
        else:
            self._write(writer, "404 Not Found", b'{"errorMessage":"unknown path"}')
        await writer.drain()
