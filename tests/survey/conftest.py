"""A kiosk with the survey station whose answers go to a file in the test's own folder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from kiosk.config import Config
from kiosk.content import SHIPPED_BUNDLE, Bundle
from stations.survey.model import Survey, load_survey
from stations.survey.station import SurveyStation
from tests.qt_helpers import FakeClock, settle
from ui.app import KioskApp


@pytest.fixture(scope="session")
def survey() -> Survey:
    loaded, problems = load_survey(SHIPPED_BUNDLE)
    assert problems == []
    assert loaded is not None
    return loaded


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "survey.sqlite3"


@pytest.fixture
def kiosk(
    qtbot: object, config: Config, bundle: Bundle, clock: FakeClock, database: Path
) -> Iterator[KioskApp]:
    config = replace(
        config,
        station=replace(config.station, stations=("services", "survey")),
        survey=replace(config.survey, database=database),
    )
    app = KioskApp(config, bundle, kiosk_mode=True, clock=clock, auto_tick=False)
    app.window.resize(1920, 1080)
    app.show(windowed=True)
    settle()
    yield app
    station = app.stations["survey"]
    assert isinstance(station, SurveyStation) and station.store is not None
    station.store.shutdown()
    app.stop()
    settle()
