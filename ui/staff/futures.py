"""Hands the result of a worker's `Future` back to the GUI thread.

Why: statistics and exports run on worker threads (`concurrent.futures`), but only the GUI
thread may touch widgets; a queued Qt signal carries the finished future across.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

logger = logging.getLogger(__name__)

Done = Callable[[Any, BaseException | None], None]


class FutureBridge(QObject):
    """`when_done(future, callback)`: `callback(result, error)` later, on this object's thread."""

    _done = Signal(object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def when_done(self, future: Future[Any], callback: Done) -> None:
        future.add_done_callback(lambda finished: self._done.emit(finished, callback))

    def _deliver(self, future: Future[Any], callback: Done) -> None:
        try:
            result, error = future.result(), None
        except Exception as failure:  # the callback shows it; the kiosk goes on
            result, error = None, failure
        callback(result, error)
