"""Feeds every touch and click of the kiosk window to staff access: the corner gesture, and
"staff is still here" for the auto-lock.

Why an event filter on the window (like `ui.guard.KioskGuard`): the gesture must work over
every screen of every station without any of them knowing about it, and it must never
swallow the tap: the visitor's screen gets it as usual.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QInputEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.staff import CornerTaps
from kiosk.staff_access import StaffAccess

logger = logging.getLogger(__name__)


def press_time(event: QEvent) -> float | None:
    """When the window system saw the press (seconds), or None if it did not say."""
    stamp = event.timestamp() if isinstance(event, QInputEvent) else 0
    return stamp / 1000 if stamp else None


def press_position(event: QEvent) -> QPointF | None:
    """Where a real press happened; None for other events and Qt's mouse copies of touches."""
    if event.type() == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent):
        points = event.points()
        return points[0].position() if points else None
    if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
        return event.position()
    return None


class StaffInput(QObject):
    """Install on the top-level window and its QWindow (see `ui.staff.mode.StaffMode`)."""

    def __init__(
        self,
        window: QWidget,
        gesture: CornerTaps,
        staff: StaffAccess,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._gesture = gesture
        self._staff = staff

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        position = press_position(event)
        if position is None:
            return False
        self._staff.touch()
        width, height = self._window.width(), self._window.height()
        if self._gesture.tap(position.x(), position.y(), width, height, press_time(event)):
            self._staff.gesture()
        return False
