"""Blocking waits that keep the Qt event loop turning, for command-line runs only.

The self-test and the one-shot health run have no GUI: they wait for a condition the
client's signals will make true, so the loop must run meanwhile. Never call this on the
kiosk's GUI thread (it would stall the screens until the condition or the time is up).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer

logger = logging.getLogger(__name__)

POLL_MS = 20


def wait_until(predicate: Callable[[], bool], timeout_s: float, *, poll_ms: int = POLL_MS) -> bool:
    """Run the Qt event loop until ``predicate()`` holds or the time is up (then False)."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not predicate():
        if time.monotonic() >= deadline:
            return False
        QTimer.singleShot(poll_ms, loop.quit)
        loop.exec()
    return True
