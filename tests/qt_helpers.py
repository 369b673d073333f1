"""Helpers shared by the offscreen UI tests: a settable clock, event settling, text harvests."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget


class FakeClock:
    """Monotonic seconds the test moves by hand (idle and countdown logic without sleeping)."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def settle() -> None:
    """Process pending events and deferred deletes (no sleeping)."""
    QApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


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
