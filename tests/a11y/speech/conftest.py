"""Fixtures for the Vorlesen tests: a kiosk whose voice writes down what it would say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eid.backend import EidBackend
from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.speech import TranscriptEngine
from tests.qt_helpers import FakeClock, settle, shown_kiosk
from tests.stations.conftest import backend, emulator  # noqa: F401 - fixtures used here
from ui.app import KioskApp


@pytest.fixture
def engine() -> TranscriptEngine:
    return TranscriptEngine()


def speaking_kiosk(
    config: Config,
    bundle: Bundle,
    clock: FakeClock,
    engine: TranscriptEngine,
    eid: EidBackend | None = None,
) -> Iterator[KioskApp]:
    """For a fixture's ``yield from``: the shown kiosk with a voice that writes down, its
    window active (focus, what Vorlesen reads last, needs the active window)."""
    kiosk = shown_kiosk(config, bundle, clock, eid=eid, speech=engine)
    app = next(kiosk)
    app.window.activateWindow()
    settle()
    yield app
    next(kiosk, None)  # stops it


@pytest.fixture
def kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, engine: TranscriptEngine
) -> Iterator[KioskApp]:
    yield from speaking_kiosk(config, bundle, clock, engine)


@pytest.fixture
def eid_kiosk(
    config: Config,
    bundle: Bundle,
    clock: FakeClock,
    engine: TranscriptEngine,
    backend: EidBackend,  # noqa: F811 - the fixture imported above
) -> Iterator[KioskApp]:
    yield from speaking_kiosk(config, bundle, clock, engine, backend)
