"""How long the visitor's data stay on the result screen: a countdown on an injectable tick.

Why injectable: the kiosk counts real seconds (a QTimer); tests pass a tick they fire by
hand, or a fast QTimer, and still see whether the countdown started at all.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

logger = logging.getLogger(__name__)


class Ticker(Protocol):
    """A repeating one-second tick (a `QTimer` in the kiosk, a hand-fired fake in tests)."""

    @property
    def timeout(self) -> SignalInstance: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


def second_ticker(parent: QObject) -> QTimer:
    timer = QTimer(parent)
    timer.setInterval(1000)
    return timer


class Countdown(QObject):
    """Counts whole seconds down to zero.

    Signals: tick(int seconds_left) after every second but the last; expired() at zero.
    """

    tick = Signal(int)
    expired = Signal()

    def __init__(self, ticker: Ticker | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticker = ticker if ticker is not None else second_ticker(self)
        self._ticker.timeout.connect(self._on_tick)
        self._left = 0

    @property
    def seconds_left(self) -> int:
        return self._left

    def start(self, seconds: int) -> None:
        self._left = seconds
        self._ticker.start()

    def stop(self) -> None:
        self._ticker.stop()
        self._left = 0

    def _on_tick(self) -> None:
        if self._left <= 0:
            self._ticker.stop()
            return
        self._left -= 1
        if self._left > 0:
            self.tick.emit(self._left)
            return
        self._ticker.stop()
        self.expired.emit()
