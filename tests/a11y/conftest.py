"""Fixtures for the keypad tests: the kiosk without eID, and with the eID emulator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eid.backend import EidBackend
from kiosk.config import Config
from kiosk.content import Bundle
from tests.qt_helpers import FakeClock, settle
from tests.stations.conftest import backend, emulator, make_kiosk
from ui.app import KioskApp

__all__ = ["backend", "emulator"]  # the eID fixtures, shared with tests/stations


@pytest.fixture
def kiosk(qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock) -> Iterator[KioskApp]:
    app = make_kiosk(config, bundle, clock, None)
    yield app
    app.stop()
    settle()


@pytest.fixture
def eid_kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, backend: EidBackend
) -> Iterator[KioskApp]:
    app = make_kiosk(config, bundle, clock, backend)
    yield app
    app.stop()
    settle()
