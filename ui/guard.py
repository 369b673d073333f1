"""The kiosk's event filter: swallows quit shortcuts in kiosk mode and feeds the idle timer.

Why on the window's QWindow: every real input event reaches it before any widget does, so no
screen can forget to reset the idle timer, and no focused widget can act on Ctrl+Q or Esc.
(Not on the QApplication: see `KioskApp._guarded_objects`.)
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent

logger = logging.getLogger(__name__)

ACTIVITY_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.KeyPress,
    QEvent.Type.Wheel,
}
KEY_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease}


def is_quit_key(event: QKeyEvent) -> bool:
    """Esc, Alt+F4, Ctrl+Q, Ctrl+W (and Ctrl+F4): the ways a keyboard closes a window."""
    key = event.key()
    modifiers = event.modifiers()
    ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
    alt = bool(modifiers & Qt.KeyboardModifier.AltModifier)
    if key == Qt.Key.Key_Escape:
        return True
    if key == Qt.Key.Key_F4 and (alt or ctrl):
        return True
    return ctrl and key in (Qt.Key.Key_Q, Qt.Key.Key_W)


class KioskGuard(QObject):
    """Install on the top-level window and its `windowHandle()` (see `KioskApp.show`)."""

    def __init__(
        self, on_activity: Callable[[], None], *, kiosk_mode: bool, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._on_activity = on_activity
        self.kiosk_mode = kiosk_mode
        self.swallowed = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in ACTIVITY_EVENTS:
            self._on_activity()
        quit_key = kind in KEY_EVENTS and isinstance(event, QKeyEvent) and is_quit_key(event)
        if self.kiosk_mode and quit_key:
            self.swallowed += 1
            event.accept()
            return True
        return False
