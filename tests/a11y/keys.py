"""Key presses as a keypad sends them: through the window's QWindow, like real input."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QWidget

from tests.qt_helpers import settle
from ui.app import KioskApp

NO_MODIFIER = Qt.KeyboardModifier.NoModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


def press(kiosk: KioskApp, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    handle = kiosk.window.windowHandle()
    assert handle is not None, "the kiosk window must be shown"
    QTest.keyClick(handle, key, modifier)
    settle()


def type_keys(kiosk: KioskApp, text: str, modifier: Qt.KeyboardModifier = NO_MODIFIER) -> None:
    """Characters as a keyboard sends them (key code and text)."""
    handle = kiosk.window.windowHandle()
    assert handle is not None
    for char in text:
        code = Qt.Key.Key_Space if char == " " else Qt.Key(ord(char.upper()))
        QTest.keyClick(handle, code, modifier)
    settle()


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def scope(kiosk: KioskApp) -> QWidget:
    overlay = kiosk.window.overlay
    return overlay if overlay.isVisible() else kiosk.window


def actionable(kiosk: KioskApp) -> list[QWidget]:
    """What a visitor can act on here, found without the navigator: every visible, enabled
    button of the current screen (or of the idle warning while it is up)."""
    root = scope(kiosk)
    return [
        b
        for b in root.findChildren(QAbstractButton)
        if b.isVisible() and b.isEnabled() and b.window() is kiosk.window
    ]


def text_areas(kiosk: KioskApp) -> list[QWidget]:
    """Scroll areas whose content overflows and has no button: reachable to scroll them."""
    root = scope(kiosk)
    return [
        a
        for a in root.findChildren(QAbstractScrollArea)
        if a.isVisible()
        and a.verticalScrollBar().maximum() > 0
        and not [b for b in a.findChildren(QAbstractButton) if b.isVisible()]
    ]


def name(widget: QWidget | None) -> str:
    if widget is None:
        return "<nothing>"
    return f"{type(widget).__name__} {widget.accessibleName()!r}"


def place(widget: QWidget, top: QWidget) -> QRect:
    """The widget's rect in `top` (for a widget in a scroll area: in the area's content)."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea) and hasattr(parent, "widget"):
            content = parent.widget()
            return QRect(widget.mapTo(content, widget.rect().topLeft()), widget.size())
        parent = parent.parentWidget()
    return QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())


def scroll_area_of(widget: QWidget) -> QWidget | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


def activate_named(kiosk: KioskApp, text: str, *, limit: int = 60) -> None:
    """Move right until the focused widget's accessible name contains `text`, press OK."""
    seen = []
    for _ in range(limit):
        widget = focused()
        if widget is not None and text in widget.accessibleName():
            press(kiosk, Qt.Key.Key_Return)
            return
        seen.append(name(widget))
        press(kiosk, Qt.Key.Key_Right)
    raise AssertionError(f"no {text!r} reachable with the arrow keys; went through {seen}")
