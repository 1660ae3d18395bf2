"""Fixtures: one Modal test server per test session (started and stopped by PID here), reset between tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))

from modal_server_process import ModalServerProcess  # noqa: E402


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    process = ModalServerProcess(tmp_path_factory.mktemp("modal-test-server")).start()
    yield process
    process.stop()


@pytest.fixture(autouse=True)
def fresh_switches(request):
    yield
    if "server" in request.fixturenames:
        request.getfixturevalue("server").reset()


@pytest.fixture
def mark(server) -> int:
    """The last RPC log sequence number before the test: `server.records(after=mark)` are this test's calls."""
    return server.last_seq()
