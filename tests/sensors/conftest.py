"""Fixtures for the live-sensors tests: a local server with recorded replies, settings
pointing at it, and a clock at the time of the recordings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
import requests

from kiosk.config import SensorsSection
from stations.sensors.http import HttpSettings
from tests.sensors.server import SensorServer, recorded

GAUGE = "9e19c411-f728-4a43-a057-39d4155c71cc"
RECORDED_AT = datetime(2026, 5, 12, 10, 0, 30, tzinfo=UTC)
AREA_PATH = "/airrohr/v1/filter/area=54.7800,9.4300,10"
PEGEL = "/webservices/rest-api/v2"
STATION_PATH = f"{PEGEL}/stations/{GAUGE}"
USER_AGENT = "Plietsch/test (+https://example.org/plietsch-tests)"


def normal_routes() -> dict[str, object]:
    return {
        AREA_PATH: recorded("area-flensburg.json"),
        "/data.json": recorded("workshop-data.json"),
        f"{STATION_PATH}/W/currentmeasurement.json": recorded("pegel-current.json"),
        f"{STATION_PATH}/W/measurements.json": recorded("pegel-measurements.json"),
        f"{STATION_PATH}.json": recorded("pegel-station.json"),
        f"{PEGEL}/stations.json": recorded("pegel-nearby.json"),
    }


@pytest.fixture
def server() -> Iterator[SensorServer]:
    running = SensorServer(routes=normal_routes()).start()  # type: ignore[arg-type]
    yield running
    running.stop()


@pytest.fixture
def settings(server: SensorServer) -> SensorsSection:
    return replace(
        SensorsSection(),
        gauge_id=GAUGE,
        workshop_url=f"{server.url}/data.json",
        air_api=f"{server.url}/airrohr/v1/filter/",
        water_api=f"{server.url}{PEGEL}/",
    )


@pytest.fixture
def http() -> HttpSettings:
    return HttpSettings(USER_AGENT, connect_timeout=2.0, read_timeout=2.0, deadline=5.0)


@pytest.fixture
def session() -> Iterator[requests.Session]:
    with requests.Session() as opened:
        yield opened


@dataclass
class Net:
    """The local server and everything needed to talk to it the way the station does."""

    server: SensorServer
    settings: SensorsSection
    session: requests.Session
    http: HttpSettings


@pytest.fixture
def net(
    server: SensorServer, settings: SensorsSection, session: requests.Session, http: HttpSettings
) -> Net:
    return Net(server, settings, session, http)
