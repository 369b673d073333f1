"""Shared fixtures for the offscreen UI tests: a kiosk on a fake clock, shown at 1920×1080."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.config import Config
from kiosk.content import Bundle
from tests.qt_helpers import FakeClock, shown_kiosk
from ui.app import KioskApp


@pytest.fixture
def kiosk(qtbot: object, config: Config, bundle: Bundle, clock: FakeClock) -> Iterator[KioskApp]:
    yield from shown_kiosk(config, bundle, clock)
