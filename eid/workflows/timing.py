"""The kiosk's own input timeout for a workflow, on an injectable scheduler.

Why the kiosk needs its own: AusweisApp 2.1 dropped the old 5-minute limit on PIN entry, so
a visitor who walks away from an open PIN request (or from a card request, or from the
PIN pad of a keypad reader) would hold the SDK forever. The workflow arms a ``Deadline``
whenever it waits for the visitor and sends CANCEL when it expires, on every AusweisApp
version alike. The scheduler is injected so tests fire the deadline without waiting.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QTimer

logger = logging.getLogger(__name__)

#: Default seconds without any answer from the visitor before the workflow cancels. A bit
#: longer than the kiosk's idle warning and countdown together (90 + 30 s by default), so
#: on screen the idle reset comes first; this one catches what it cannot see, e.g. a PIN
#: typed (or not) on the reader's own keypad. The eID station takes it from the config
#: (``[eid] input_timeout_seconds``, whose default this is).
INPUT_TIMEOUT_S = 150.0


class Cancellable(Protocol):
    def cancel(self) -> None: ...


#: ``schedule(delay_s, callback)`` runs ``callback`` once after ``delay_s`` unless cancelled.
Scheduler = Callable[[float, Callable[[], None]], Cancellable]


class _QtCall:
    """One single-shot QTimer, owned by ``parent`` (so it dies with the workflow)."""

    def __init__(self, parent: QObject, delay_s: float, callback: Callable[[], None]) -> None:
        self._timer = QTimer(parent)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(callback)
        self._timer.start(max(0, round(delay_s * 1000)))

    def cancel(self) -> None:
        self._timer.stop()
        self._timer.deleteLater()


def qt_scheduler(parent: QObject) -> Scheduler:
    """The default scheduler: Qt timers on the workflow's thread (the GUI thread)."""
    return lambda delay_s, callback: _QtCall(parent, delay_s, callback)


class Deadline:
    """Armed while the workflow waits for the visitor; calls ``expired`` once when time is up."""

    def __init__(
        self, schedule: Scheduler, timeout_s: float | None, expired: Callable[[], None]
    ) -> None:
        if timeout_s is not None and timeout_s <= 0:
            raise ValueError("the input timeout must be positive (or None for none)")
        self._schedule = schedule
        self.timeout_s = timeout_s
        self._expired = expired
        self._pending: Cancellable | None = None

    @property
    def armed(self) -> bool:
        return self._pending is not None

    def arm(self) -> None:
        """(Re)start the countdown: the visitor is asked something new."""
        self.disarm()
        if self.timeout_s is not None:
            self._pending = self._schedule(self.timeout_s, self._fire)

    def disarm(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.cancel()

    def _fire(self) -> None:
        if self._pending is None:
            return
        self._pending = None
        logger.info("no input from the visitor for %.0f s", self.timeout_s or 0)
        self._expired()
