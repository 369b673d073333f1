"""Fixtures for the Vorlesen tests: a kiosk whose voice writes down what it would say."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eid.backend import EidBackend
from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.speech import TranscriptEngine
from tests.qt_helpers import FakeClock, settle
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
) -> KioskApp:
    app = KioskApp(
        config, bundle, kiosk_mode=True, clock=clock, auto_tick=False, eid=eid, speech=engine
    )
    app.window.resize(1920, 1080)
    app.show(windowed=True)
    app.window.activateWindow()  # focus (what Vorlesen reads last) needs the active window
    settle()
    return app


@pytest.fixture
def kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, engine: TranscriptEngine
) -> Iterator[KioskApp]:
    app = speaking_kiosk(config, bundle, clock, engine)
    yield app
    app.stop()
    settle()


@pytest.fixture
def eid_kiosk(
    config: Config,
    bundle: Bundle,
    clock: FakeClock,
    engine: TranscriptEngine,
    backend: EidBackend,  # noqa: F811 - the fixture imported above
) -> Iterator[KioskApp]:
    app = speaking_kiosk(config, bundle, clock, engine, backend)
    yield app
    app.stop()
    settle()
