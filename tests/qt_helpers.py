"""Helpers shared by the offscreen UI tests: a settable clock, event settling, text harvests,
a shown kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QLineEdit,
    QWidget,
)

from kiosk.config import Config
from kiosk.content import Bundle
from ui.app import KioskApp
from ui.keyboard import OnScreenKeyboard


class FakeClock:
    """Monotonic seconds the test moves by hand (idle and countdown logic without sleeping)."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def settle() -> None:
    """Process pending events, zero timers and deferred deletes (no sleeping)."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    QApplication.processEvents()  # a zero timer's consequences (ui.widgets.MoreBelow)


def show_kiosk(config: Config, bundle: Bundle, clock: FakeClock, **kwargs: Any) -> KioskApp:
    """The kiosk in kiosk mode at 1920×1080 on the fake clock, shown and settled."""
    app = KioskApp(config, bundle, kiosk_mode=True, clock=clock, auto_tick=False, **kwargs)
    app.window.resize(1920, 1080)
    app.show(windowed=True)
    settle()
    return app


def shown_kiosk(
    config: Config, bundle: Bundle, clock: FakeClock, **kwargs: Any
) -> Iterator[KioskApp]:
    """For a fixture's ``yield from``: ``show_kiosk``, stopped after the test."""
    app = show_kiosk(config, bundle, clock, **kwargs)
    yield app
    app.stop()
    settle()


def visible_texts(root: QWidget) -> list[str]:
    """Every text a visitor could see or a screen reader could read, in visible widgets."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        if widget.accessibleName():
            texts.append(widget.accessibleName())
    return [t for t in texts if t]


def all_texts(root: QWidget) -> list[str]:
    """Every text any widget holds, visible or not: texts, a11y name/description, tooltip."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        texts += [widget.accessibleName(), widget.accessibleDescription(), widget.toolTip()]
    return [t for t in texts if t]


def clipped_labels(root: QWidget) -> list[str]:
    """Visible text labels under `root` that do not show all of their text.

    A wrapping label needs `heightForWidth(width)`; a one-line label its size hint. A label
    partly outside its parent (below the screen, say) is clipped too, unless it sits in a
    scroll area, where the visitor can scroll to it.
    """
    found: list[str] = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text().strip():
            continue
        name = f"{label.text()[:50]!r} ({label.width()}×{label.height()})"
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if label.height() < needed:
                found.append(f"{name} needs {needed} px height")
        else:
            hint = label.sizeHint()
            if label.width() < hint.width() or label.height() < hint.height():
                found.append(f"{name} needs {hint.width()}×{hint.height()}")
        if not _in_scroll_area(label) and label.visibleRegion().boundingRect() != label.rect():
            found.append(f"{name} is cut off by its parent")
    return found


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def tap(widget: QAbstractButton) -> None:
    """A real tap: press and release through the window, as a touchscreen delivers them.

    Why not `qtbot.mouseClick(widget)`: an event sent to the widget itself skips the window,
    where the kiosk guard and Qt's gesture handling (kinetic scrolling) see real input.
    """
    assert widget.isVisible(), f"not visible: {widget.accessibleName()!r}"
    window = widget.window().windowHandle()
    assert window is not None
    point = widget.mapTo(widget.window(), QPoint(12, 12))
    QTest.mouseClick(window, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, point)
    settle()


def type_on_keyboard(keyboard: OnScreenKeyboard, text: str) -> None:
    """Tap `text` key by key on an on-screen keyboard (space on the space bar)."""
    for char in text:
        if char == " ":
            tap(keyboard.space_key)
            continue
        tap(next(k for k in keyboard.char_keys if k.property("char") == char))
