"""The shipped finder catalogue, its index (built once per session), a kiosk with the finder."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from kiosk.config import Config
from kiosk.content import DEFAULT_ALLOWED_HOSTS, SHIPPED_BUNDLE, Bundle
from stations.finder.catalogue import Catalogue, load_catalogue
from stations.finder.matching import FinderIndex
from tests.qt_helpers import FakeClock, shown_kiosk
from ui.app import KioskApp


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    loaded, problems = load_catalogue(SHIPPED_BUNDLE, DEFAULT_ALLOWED_HOSTS)
    assert problems == []
    assert loaded is not None
    return loaded


@pytest.fixture(scope="session")
def index(catalogue: Catalogue) -> FinderIndex:
    return FinderIndex(catalogue)


@pytest.fixture
def kiosk(qtbot: object, config: Config, bundle: Bundle, clock: FakeClock) -> Iterator[KioskApp]:
    """The kiosk with the finder station, at 1920×1080, on a fake clock."""
    config = replace(config, station=replace(config.station, stations=("services", "finder")))
    yield from shown_kiosk(config, bundle, clock)
