"""The local peers of the bridge, each a child process stopped by its PID: moto (Secrets Manager with IAM checks,
the Modal token stored as a secret, temporary STS credentials) and the Modal test server accepting that token.
`Peers` starts both and builds the environment Lambda would give `bootstrap`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


class Child:
    """A child process with stdout/stderr in files; `stop()` sends SIGTERM to its PID, then SIGKILL."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], work: Path, cwd: Path | None = None) -> None:
        self.name = name
        self.stdout_path = work / f"{name}.out"
        self.stderr_path = work / f"{name}.err"
        self._stdout = open(self.stdout_path, "wb")  # noqa: SIM115 (closed in stop)
        self._stderr = open(self.stderr_path, "wb")  # noqa: SIM115
        self.started = time.perf_counter()
        self.process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=self._stdout,
                                        stderr=self._stderr, start_new_session=True)
        self.pid = self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def output(self) -> str:
        return self.stdout_path.read_text(errors="replace") + self.stderr_path.read_text(errors="replace")

    def stop(self, grace: float = 3.0) -> int | None:
        if self.process.poll() is None:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                os.kill(self.pid, signal.SIGKILL)
                self.process.wait()
        self._stdout.close()
        self._stderr.close()
        return self.process.returncode

    def wait_for_line(self, prefix: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.stdout_path.read_text(errors="replace").splitlines():
                if line.startswith(prefix):
                    return line
            if not self.running():
                raise RuntimeError(f"{self.name} exited during start-up:\n{self.output()[-3000:]}")
            time.sleep(0.05)
        raise RuntimeError(f"{self.name} did not start within {timeout} s:\n{self.output()[-3000:]}")


def clean_environment() -> dict[str, str]:
    """This process's environment without AWS_/MODAL_ variables (the peers must not see a real account)."""
    return {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "MODAL_"))}


def real_modal_from_environment() -> dict[str, str] | None:
    """A real Modal workspace, when MODAL_TOKEN_ID, MODAL_TOKEN_SECRET, MODAL_APP_NAME and MODAL_FUNCTION_NAME are
    all set (MODAL_ENVIRONMENT_NAME and MODAL_SERVER_URL optional); else None (the local Modal test server)."""
    names = ("MODAL_TOKEN_ID", "MODAL_TOKEN_SECRET", "MODAL_APP_NAME", "MODAL_FUNCTION_NAME")
    if not all(os.environ.get(name) for name in names):
        return None
    optional = ("MODAL_ENVIRONMENT_NAME", "MODAL_SERVER_URL")
    return {name: os.environ[name] for name in names + optional if os.environ.get(name)}


class Peers:
    """moto + the Modal test server (or a real Modal workspace, see `real_modal_from_environment`). Use as a context
    manager or call `start()`/`stop()`; every child is stopped by PID."""

    def __init__(self, work: Path | None = None, settings: dict | None = None,
                 real_modal: dict[str, str] | None = None) -> None:
        self.work = Path(work or tempfile.mkdtemp(prefix="modal-bridge-peers-"))
        self.work.mkdir(parents=True, exist_ok=True)
        self.settings = settings or {}
        self.real_modal = real_modal
        self.children: list[Child] = []
        self.moto: dict = {}
        self.modal: dict = {}

    def __enter__(self) -> Peers:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        env = clean_environment() | {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}
        moto = Child("moto", [PYTHON, "-u", str(ROOT / "Tests/SecretsManagerTests/moto_harness.py")], env, self.work)
        self.children.append(moto)
        modal_args = [PYTHON, "-u", str(ROOT / "Tests/ModalTestServer/server.py"), "--log", str(self.work / "rpc.jsonl")]
        self.moto = json.loads(moto.wait_for_line("READY ", 180)[len("READY "):])
        if self.real_modal is not None:
            self._store_real_token()
            self.modal = {"server_url": self.real_modal.get("MODAL_SERVER_URL", "https://api.modal.com:443")}
            return
        modal_args += ["--token-id", self.moto["token"]["token_id"], "--token-secret", self.moto["token"]["token_secret"]]
        if self.settings:
            modal_args += ["--settings", json.dumps(self.settings)]
        modal = Child("modal-test-server", modal_args, env, self.work, cwd=self.work)
        self.children.append(modal)
        self.modal = json.loads(modal.wait_for_line("{", 120))

    def _store_real_token(self) -> None:
        """Puts the real token into moto's secret, signed with `bob` (allowed everything but GetSecretValue)."""
        import boto3

        bob = self.moto["bob"]
        client = boto3.client("secretsmanager", region_name="us-east-1",
                              endpoint_url=f"http://127.0.0.1:{self.moto['port']}",
                              aws_access_key_id=bob["access_key_id"], aws_secret_access_key=bob["secret_access_key"])
        token = {"MODAL_TOKEN_ID": self.real_modal["MODAL_TOKEN_ID"],
                 "MODAL_TOKEN_SECRET": self.real_modal["MODAL_TOKEN_SECRET"]}
        client.put_secret_value(SecretId=self.moto["token"]["arn"], SecretString=json.dumps(token))
        self.moto["token"]["token_id"] = token["MODAL_TOKEN_ID"]
        self.moto["token"]["token_secret"] = token["MODAL_TOKEN_SECRET"]

    def stop(self) -> None:
        for child in reversed(self.children):
            child.stop()
        self.children.clear()

    @property
    def secrets(self) -> list[str]:
        """Values that must never appear in any output."""
        if not self.moto:
            return []
        return [self.moto["token"]["token_id"], self.moto["token"]["token_secret"],
                self.moto["role"]["secret_access_key"], self.moto["role"]["session_token"]]

    def lambda_environment(self, function: str = "echo", pattern: str = "remote", mode: str = "event",
                           app: str = "test-app") -> dict[str, str]:
        """What Lambda would give the function: STS credentials, the secret ARN and the Modal contract."""
        role = self.moto["role"]
        if self.real_modal is not None:
            app = self.real_modal["MODAL_APP_NAME"]
            function = self.real_modal["MODAL_FUNCTION_NAME"]
        environment = {
            "PATH": "/usr/bin:/bin",
            "_HANDLER": "bootstrap",
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": role["access_key_id"],
            "AWS_SECRET_ACCESS_KEY": role["secret_access_key"],
            "AWS_SESSION_TOKEN": role["session_token"],
            "AWS_ENDPOINT_URL_SECRETS_MANAGER": f"http://127.0.0.1:{self.moto['port']}",
            "AWS_LAMBDA_LOG_FORMAT": "JSON",
            "AWS_LAMBDA_LOG_LEVEL": "INFO",
            "MODAL_SECRET_ARN": self.moto["token"]["arn"],
            "MODAL_SERVER_URL": self.modal["server_url"],
            "MODAL_APP_NAME": app,
            "MODAL_FUNCTION_NAME": function,
            "MODAL_INTEGRATION_PATTERN": pattern,
            "MODAL_BRIDGE_DISPATCH_MODE": mode,
            "PARAMETERS": '{"source":"local","ratio":1.0}',
        }
        if self.real_modal is not None and "MODAL_ENVIRONMENT_NAME" in self.real_modal:
            environment["MODAL_ENVIRONMENT_NAME"] = self.real_modal["MODAL_ENVIRONMENT_NAME"]
        return environment

    def control(self, method: str, path: str, body: dict | None = None) -> dict:
        """Calls the Modal test server's control API (`GET /control/stats`, `POST /control/faults`, …)."""
        import urllib.request

        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.modal["control_url"] + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())
