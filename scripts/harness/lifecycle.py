"""Every process a script starts is registered here and stopped by PID when the script ends, fails, or gets
Ctrl-C / SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable

from .peers import Child, Peers


class Running:
    """What is running right now: bare children (bootstrap, awslambdaric) and peer sets (moto + Modal server)."""

    def __init__(self) -> None:
        self.children: list[Child] = []
        self.peers: list[Peers] = []

    def stop_all(self) -> None:
        for child in list(self.children):
            child.stop()
        self.children.clear()
        for peers in self.peers:
            peers.stop()


def run(main: Callable[[Running], Awaitable[int]]) -> int:
    """Runs `main(running)` in an event loop; whatever way it ends, everything in `running` is stopped."""
    running = Running()

    def interrupted(signal_number, _frame):
        running.stop_all()
        print(f"\ninterrupted (signal {signal_number}); every server was stopped", file=sys.stderr)
        raise SystemExit(130)

    signal.signal(signal.SIGINT, interrupted)
    signal.signal(signal.SIGTERM, interrupted)
    try:
        return asyncio.run(main(running))
    finally:
        running.stop_all()
