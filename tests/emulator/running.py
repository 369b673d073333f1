"""The in-process emulator for tests whose client runs on the Qt event loop."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from eid.emulator.server import EmulatorServer

STOP_TIMEOUT_MS = 20000


def running_emulator(qtbot: Any, **options: Any) -> Iterator[EmulatorServer]:
    """For a fixture's ``yield from``: the emulator started with these options, and after the
    test stopped in a thread while Qt keeps running, so the client can answer the close."""
    server = EmulatorServer(**options)
    server.start()
    yield server
    stopper = threading.Thread(target=server.stop)
    stopper.start()
    qtbot.waitUntil(lambda: not stopper.is_alive(), timeout=STOP_TIMEOUT_MS)
