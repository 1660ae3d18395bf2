"""Starts the Modal test server (Tests/ModalTestServer/server.py) as a child process, talks to its control API,
reads its RPC log, and runs the official modal client against it in a separate process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "Tests" / "ModalTestServer" / "server.py"


class ModalServerProcess:
    def __init__(self, work_dir: Path, token_id: str = "ak-test", token_secret: str = "as-test") -> None:
        self.work_dir = work_dir
        self.address_file = work_dir / "address.json"
        self.log_path = work_dir / "rpc.jsonl"
        self.token_id = token_id
        self.token_secret = token_secret
        self.process: subprocess.Popen | None = None
        self.address: dict = {}

    def start(self, timeout: float = 60) -> ModalServerProcess:
        command = [sys.executable, str(SERVER), "--address-file", str(self.address_file), "--log", str(self.log_path),
                   "--token-id", self.token_id, "--token-secret", self.token_secret]
        self.stderr = open(self.work_dir / "server.stderr", "w")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.stderr)
        deadline = time.monotonic() + timeout
        while not self.address_file.exists():
            if self.process.poll() is not None:
                raise RuntimeError(f"test server exited with {self.process.returncode}: {self.server_stderr()}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"test server did not start within {timeout}s: {self.server_stderr()}")
            time.sleep(0.05)
        self.address = json.loads(self.address_file.read_text())
        assert self.address["pid"] == self.process.pid
        return self

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process is not None:
            self.stderr.close()

    def server_stderr(self) -> str:
        path = self.work_dir / "server.stderr"
        return path.read_text() if path.exists() else ""

    # control API

    def control(self, method: str, path: str, body=None) -> tuple[int, object]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.address["control_url"] + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read())

    def add_fault(self, **rule) -> None:
        status, body = self.control("POST", "/faults", rule)
        assert status == 200, body

    def settings(self, **values) -> None:
        status, body = self.control("POST", "/settings", values)
        assert status == 200, body

    def reset(self) -> None:
        status, body = self.control("POST", "/reset")
        assert status == 200, body

    # RPC log

    def records(self, after: int = 0) -> list[dict]:
        status, body = self.control("GET", "/log")
        assert status == 200, body
        return [record for record in body["records"] if record["seq"] > after]

    def last_seq(self) -> int:
        records = self.records()
        return records[-1]["seq"] if records else 0

    # the official client, in its own process with the environment a user would set

    def run_client(self, code: str, *, token_secret: str | None = None, payload_format: str = "cbor",
                   timeout: float = 120) -> dict:
        """Runs `code` (which must set a JSON-able `result`) in a new Python process with modal imported and the
        environment a user would set; returns {"result": ...} or {"error": class name, "message", "module"}."""
        script = "import json, sys, traceback\nimport modal\n" + "try:\n" + textwrap.indent(textwrap.dedent(code), "    ") + (
            "\n    print(json.dumps({'result': result}))\n"
            "except Exception as error:\n"
            "    print(json.dumps({'error': type(error).__name__, 'message': str(error),"
            " 'module': type(error).__module__}))\n"
        )
        env = {key: value for key, value in os.environ.items() if not key.startswith("MODAL_")}
        env.update({
            "MODAL_SERVER_URL": self.address["server_url"],
            "MODAL_TOKEN_ID": self.token_id,
            "MODAL_TOKEN_SECRET": token_secret or self.token_secret,
            "MODAL_PAYLOAD_FORMAT": payload_format,
            "MODAL_CONFIG_PATH": str(self.work_dir / "no-modal.toml"),
            "PYTHONDONTWRITEBYTECODE": "1",
        })
        completed = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                                   timeout=timeout, cwd=self.work_dir)
        lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
        if completed.returncode != 0 or not lines:
            raise AssertionError(f"client failed ({completed.returncode}):\n{completed.stdout}\n{completed.stderr}")
        return json.loads(lines[-1])
