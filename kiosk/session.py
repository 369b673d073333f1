"""The visitor session: idle warning, reset, and the privacy wipe.

Why: the station runs unattended, so the next passer-by must never see what the previous one
did. A session starts with a tap, ends on "Fertig", on idle (after a visible countdown of at
least 20 s that one tap cancels) or on an error, and every end runs the wipe registry: each
screen and station registers a `wipe()` callback that clears what the visitor left behind.

The clock and the tick are injectable, so tests move time forward instead of sleeping.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

logger = logging.getLogger(__name__)

Clock = Callable[[], float]
TICK_MS = 250


class Phase(Enum):
    NO_VISITOR = "no_visitor"
    ACTIVE = "active"
    WARNING = "warning"


class EndReason(Enum):
    DONE = "done"  # the visitor tapped "Fertig – nächste Person"
    IDLE = "idle"  # the idle countdown ran out
    ERROR = "error"  # something went wrong; reset for safety


class VisitorSession(QObject):
    """Tracks one visitor from the first tap to the wipe.

    Signals:
        started(): a visitor began.
        warning_started(int): idle; seconds left before the reset.
        countdown(int): seconds left, whenever the whole number changes.
        continued(): the visitor tapped during the warning.
        ended(EndReason): the session ended and the wipe has run.
    """

    started = Signal()
    warning_started = Signal(int)
    countdown = Signal(int)
    continued = Signal()
    ended = Signal(object)

    def __init__(
        self,
        idle_seconds: float,
        warning_seconds: float,
        *,
        clock: Clock = time.monotonic,
        auto_tick: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.idle_seconds = idle_seconds
        self.warning_seconds = warning_seconds
        self._clock = clock
        self._phase = Phase.NO_VISITOR
        self._last_activity = clock()
        self._warning_since = 0.0
        self._shown_left = -1
        self._wipers: dict[str, Callable[[], None]] = {}
        self.count = 0
        self._timer: QTimer | None = None
        if auto_tick:
            self._timer = QTimer(self)
            self._timer.setInterval(TICK_MS)
            self._timer.timeout.connect(self.tick)

    @property
    def phase(self) -> Phase:
        return self._phase

    @property
    def active(self) -> bool:
        return self._phase is not Phase.NO_VISITOR

    def register_wipe(self, name: str, callback: Callable[[], None]) -> None:
        """Run `callback` on every session end; `name` only appears in logs."""
        self._wipers[name] = callback

    def unregister_wipe(self, name: str) -> None:
        self._wipers.pop(name, None)

    def start(self) -> None:
        if self._phase is Phase.NO_VISITOR:
            self.count += 1
            self._phase = Phase.ACTIVE
            self._last_activity = self._clock()
            if self._timer:
                self._timer.start()
            self.started.emit()

    def touch(self) -> None:
        """Any input from the visitor: pushes the idle time out, cancels a warning."""
        self._last_activity = self._clock()
        if self._phase is Phase.WARNING:
            self._phase = Phase.ACTIVE
            self.continued.emit()

    def tick(self) -> None:
        """Check the clock; called by the internal timer or by a test."""
        now = self._clock()
        if self._phase is Phase.ACTIVE and now - self._last_activity >= self.idle_seconds:
            self._phase = Phase.WARNING
            self._warning_since = now
            self._shown_left = math.ceil(self.warning_seconds)
            self.warning_started.emit(self._shown_left)
        elif self._phase is Phase.WARNING:
            left = max(0, math.ceil(self.warning_seconds - (now - self._warning_since)))
            if left != self._shown_left:
                self._shown_left = left
                self.countdown.emit(left)
            if left == 0:
                self.end(EndReason.IDLE)

    def seconds_left(self) -> int:
        return max(self._shown_left, 0)

    def end(self, reason: EndReason) -> None:
        """End the session (if any) and wipe; safe to call at any time."""
        was_active = self._phase is not Phase.NO_VISITOR
        self._phase = Phase.NO_VISITOR
        if self._timer:
            self._timer.stop()
        self.wipe()
        if was_active:
            logger.info("session ended: %s", reason.value)
        self.ended.emit(reason)

    def wipe(self) -> None:
        """Run every registered wipe; one failing wipe never stops the others."""
        for name, callback in list(self._wipers.items()):
            try:
                callback()
            except Exception as error:  # a wipe must never take the kiosk down
                logger.error("wipe %s failed: %s", name, type(error).__name__)
