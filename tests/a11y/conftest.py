"""Fixtures for the keypad tests: the kiosk without eID, with the eID emulator, and with
the sensors station."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from eid.backend import EidBackend
from kiosk.config import Config
from kiosk.content import Bundle
from stations.sensors.station import SensorsStation
from tests.qt_helpers import FakeClock, settle, shown_kiosk
from tests.sensors.conftest import Net, http, net, server, session, settings
from tests.stations.conftest import backend, emulator, make_kiosk
from ui.app import KioskApp

# fixtures shared with tests/stations (eID emulator) and tests/sensors (local sensor server)
__all__ = ["backend", "emulator", "http", "net", "server", "session", "settings"]


@pytest.fixture
def kiosk(qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock) -> Iterator[KioskApp]:
    yield from shown_kiosk(config, bundle, clock)


@pytest.fixture
def eid_kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, backend: EidBackend
) -> Iterator[KioskApp]:
    yield from shown_kiosk(config, bundle, clock, eid=backend)


@pytest.fixture
def sensors_kiosk(
    qtbot: Any, config: Config, bundle: Bundle, net: Net, tmp_path: Any
) -> Iterator[KioskApp]:
    """The kiosk with the sensors station (not in the default config) on the local server."""
    sensors = replace(net.settings, cache_file=tmp_path / "sensors-cache.toml")
    with_sensors = replace(
        config, station=replace(config.station, stations=("sensors",)), sensors=sensors
    )
    station = SensorsStation(session=net.session)
    app = make_kiosk(with_sensors, bundle, FakeClock(), None, [station])
    yield app
    station.service.wait_idle(5)
    app.stop()
    settle()
