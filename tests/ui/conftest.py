"""Shared fixtures for the offscreen UI tests: a kiosk on a fake clock, shown at 1920×1080."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

from kiosk.config import Config, load_config
from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, Bundle, load_bundle
from ui.app import KioskApp


class FakeClock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="session")
def bundle() -> Bundle:
    loaded, problems = load_bundle(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert loaded is not None, problems
    return loaded


@pytest.fixture
def config() -> Config:
    return load_config(None)[0]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qtbot: object, config: Config, bundle: Bundle, clock: FakeClock) -> Iterator[KioskApp]:
    app = KioskApp(config, bundle, kiosk_mode=True, clock=clock, auto_tick=False)
    app.window.resize(1920, 1080)
    app.show(windowed=True)
    settle()
    yield app
    app.stop()
    settle()


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
    """Every text held by any widget, visible or not (for the privacy wipe)."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        texts.append(widget.accessibleName())
        texts.append(widget.accessibleDescription())
    return [t for t in texts if t]
