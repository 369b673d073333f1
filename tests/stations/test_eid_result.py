"""The result screen while its countdown runs: only the seconds change, the data stay put.

Why: rebuilding the whole data card on every tick flickered and, under load, slowed the
countdown down until a test timed out (review finding).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.config import Config
from kiosk.content import Bundle
from stations.eid_demo import demo
from stations.eid_demo.flow import View
from stations.eid_demo.state import ScreenState
from stations.eid_demo.station import EidStation
from tests.qt_helpers import FakeClock, settle
from tests.stations.conftest import make_kiosk, open_eid
from tests.stations.test_eid_controller import FakeTicker
from ui.app import KioskApp


@pytest.fixture
def ticked(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock
) -> Iterator[tuple[KioskApp, FakeTicker]]:
    """A kiosk whose eID result countdown ticks when the test says so (no eID back end)."""
    ticker = FakeTicker()
    app = make_kiosk(config, bundle, clock, None, [EidStation(ticker=ticker)])
    yield app, ticker
    app.stop()
    settle()


def card_labels(station: EidStation) -> list[QLabel]:
    return station.result.card.findChildren(QLabel)


def test_a_countdown_tick_changes_the_seconds_and_nothing_else(
    ticked: tuple[KioskApp, FakeTicker],
) -> None:
    app, ticker = ticked
    station = open_eid(app, "en")
    state = ScreenState(view=View.RESULT, seconds_left=60, test_card=True, available=True)
    station.controller.present(demo.with_person(state))
    settle()
    labels = card_labels(station)
    texts = [label.text() for label in labels]
    assert "MUSTERMANN" in texts
    shown = [station.result.countdown.text()]
    for _ in range(3):
        ticker.fire()
        settle()
        shown.append(station.result.countdown.text())
    assert station.controller.state.seconds_left == 57
    assert len(set(shown)) == 4 and "57" in shown[-1]  # the visitor sees the seconds go down
    assert card_labels(station) == labels  # the very same widgets, not new ones
    assert [label.text() for label in labels] == texts
    assert all(label.parent() is not None for label in labels)


def test_the_data_card_follows_a_language_change_while_counting(
    ticked: tuple[KioskApp, FakeTicker],
) -> None:
    app, ticker = ticked
    station = open_eid(app, "en")
    state = ScreenState(view=View.RESULT, seconds_left=60, test_card=True, available=True)
    station.controller.present(demo.with_person(state))
    settle()
    english = [label.text() for label in card_labels(station)]
    app.translator.set_language("de")
    ticker.fire()
    settle()
    german = [label.text() for label in card_labels(station)]
    assert "Familienname" in german and "Familienname" not in english
    assert "MUSTERMANN" in german
    assert "gelöscht" in station.result.countdown.text()
