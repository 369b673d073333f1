"""The station on screen (offscreen), against the local server: online, offline, first start,
in German, English and Danish, normal and larger text."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.flow import Shell
from stations.sensors.flow import View, view_of
from stations.sensors.look import GUIDE_COLOUR, PM10_COLOUR, PM25_COLOUR, TONES
from stations.sensors.station import SensorsStation
from tests.qt_helpers import FakeClock, settle, visible_texts
from tests.sensors.conftest import RECORDED_AT, Net
from ui.app import KioskApp
from ui.theme import contrast_ratio

WAIT_MS = 10_000


class Clock:
    def __init__(self) -> None:
        self.now = RECORDED_AT

    def __call__(self) -> Any:
        return self.now


@pytest.fixture
def station_config(config: Config, net: Net, tmp_path: Path) -> Config:
    sensors = replace(net.settings, cache_file=tmp_path / "data" / "sensors-cache.toml")
    return replace(config, station=replace(config.station, stations=("sensors",)), sensors=sensors)


def start_kiosk(config: Config, bundle: Bundle, net: Net) -> tuple[KioskApp, SensorsStation]:
    station = SensorsStation(session=net.session, clock=Clock())
    app = KioskApp(
        config, bundle, kiosk_mode=True, clock=FakeClock(), auto_tick=False, stations=[station]
    )
    app.window.resize(1920, 1080)
    app.show(windowed=True)
    settle()
    return app, station


@pytest.fixture
def kiosk(
    qtbot: Any, station_config: Config, bundle: Bundle, net: Net
) -> Iterator[tuple[KioskApp, SensorsStation]]:
    app, station = start_kiosk(station_config, bundle, net)
    yield app, station
    station.service.wait_idle(5)
    app.stop()
    settle()


def open_station(qtbot: Any, app: KioskApp, station: SensorsStation, language: str) -> None:
    app.start_session()
    app.choose_language(language)
    app.open_station("sensors")
    assert app.flow.state is Shell.STATION
    attempted = station.service.last_attempt
    # the fetch starts after the first paint and ends in the background
    qtbot.waitUntil(
        lambda: station.service.last_attempt != attempted and not station.service.busy,
        timeout=WAIT_MS,
    )
    settle()


def texts(station: SensorsStation) -> str:
    """What the current screen shows, with the no-break characters read as plain spaces."""
    shown = "\n".join(visible_texts(station.stack.currentWidget()))
    return shown.replace("\u00a0", " ").replace("\u2060", "")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            [
                "Luft und Wasser in Flensburg",
                "6,4",
                "PM10: 11,6 µg/m³",
                "Luft: gut",
                "Mittel aus 5 Sensoren",
                "3",
                "unter Mittelwasser",
                "Pegelstand 500 cm",
                "● Live · gemessen 11:59 Uhr",
            ],
        ),
        (
            "en",
            [
                "Air and water in Flensburg",
                "6.4",
                "PM10: 11.6 µg/m³",
                "Air: good",
                "Average of 5 sensors",
                "below the mean level",
                "Gauge reading 500 cm",
                "● Live · measured 11:59",
            ],
        ),
        (
            "da",
            [
                "Luft og vand i Flensborg",
                "6,4",
                "Luft: god",
                "Gennemsnit af 5 sensorer",
                "under middelvandstanden",
                "Aflæsning 500 cm",
                "● Live · målt kl. 11:59",
            ],
        ),
    ],
)
def test_online_the_cards_show_the_fetched_values(
    qtbot: Any, kiosk: tuple[KioskApp, SensorsStation], language: str, expected: list[str]
) -> None:
    app, station = kiosk
    open_station(qtbot, app, station, language)
    shown = texts(station)
    for text in expected:
        assert text in shown, (text, shown)
    assert "sensors." not in shown  # no raw catalog key
    air = station.overview.cards["air"]
    assert "6" in air.accessibleName() and air.accessibleName().startswith(air.title.text())


def test_a_card_opens_its_detail_and_back_returns(
    qtbot: Any, kiosk: tuple[KioskApp, SensorsStation]
) -> None:
    app, station = kiosk
    open_station(qtbot, app, station, "de")
    qtbot.mouseClick(station.overview.cards["water"], Qt.MouseButton.LeftButton)
    assert view_of(station.machine) is View.WATER
    detail = station.details["water"]
    assert station.stack.currentWidget() is detail
    assert detail.chart.isVisible() and len(detail.chart.lines[0].points) > 200
    shown = texts(station)
    assert "3 cm unter Mittelwasser" in shown
    assert "Dieser Nullpunkt liegt 5 m unter dem Meeresspiegel" in shown
    assert "an diesem Pegel 503 cm" in shown  # the mean level from PEGELONLINE, not the sample's
    assert "PEGELONLINE" in detail.credits.text()
    app.back()
    assert view_of(station.machine) is View.OVERVIEW
    app.back()
    assert app.flow.state is Shell.MENU


def test_detail_of_the_dust_average_says_what_the_numbers_mean(
    qtbot: Any, kiosk: tuple[KioskApp, SensorsStation]
) -> None:
    app, station = kiosk
    open_station(qtbot, app, station, "en")
    station.open("air")
    shown = texts(station)
    assert "Fine dust: good" in shown
    assert "15 µg/m³ PM2.5 and 45 µg/m³ PM10" in shown
    assert "ODbL" in station.details["air"].credits.text()
    names = [line.name for line in station.details["air"].chart.lines]
    assert names == ["PM2.5", "PM10", "WHO guideline PM2.5 (15)", "WHO guideline PM10 (45)"]


def test_after_a_restart_without_network_the_last_values_are_marked_offline(
    qtbot: Any, station_config: Config, bundle: Bundle, net: Net
) -> None:
    app, station = start_kiosk(station_config, bundle, net)
    open_station(qtbot, app, station, "de")
    station.service.wait_idle(5)
    app.stop()
    net.server.stop()
    again, station = start_kiosk(station_config, bundle, net)
    open_station(qtbot, again, station, "de")
    shown = texts(station)
    assert "Keine Verbindung: Sie sehen die zuletzt gemessenen Werte mit ihrer Uhrzeit." in shown
    assert shown.count("Offline · letzter Wert 11:59 Uhr") >= 2
    assert "6,4" in shown and "Beispielwerte" not in shown
    again.stop()


def test_first_start_without_network_shows_the_shipped_sample_as_such(
    qtbot: Any, station_config: Config, bundle: Bundle, net: Net
) -> None:
    net.server.stop()
    app, station = start_kiosk(station_config, bundle, net)
    open_station(qtbot, app, station, "da")
    shown = texts(station)
    assert "Ingen forbindelse endnu: Kortene viser eksempelværdier, ikke rigtige målinger." in shown
    assert "Offline · eksempelværdier, ikke målt" in shown
    app.stop()


def test_the_screen_never_waits_for_the_network(
    qtbot: Any, kiosk: tuple[KioskApp, SensorsStation], net: Net
) -> None:
    app, station = kiosk
    answer = threading.Event()  # the server answers only when the test says so
    for route in list(net.server.routes):
        net.server.routes[route] = replace(net.server.routes[route], hold=answer)
    app.start_session()
    app.choose_language("de")
    app.open_station("sensors")
    settle()
    # the screen is up and says it is updating while the request still hangs
    assert station.stack.currentWidget() is station.overview and station.service.busy
    assert "Die Werte werden gerade aktualisiert …" in texts(station)
    answer.set()
    qtbot.waitUntil(lambda: not station.service.busy, timeout=WAIT_MS)
    assert "● Live · gemessen 11:59 Uhr" in texts(station)


def test_wipe_returns_to_the_overview_and_polling_goes_on(
    qtbot: Any, kiosk: tuple[KioskApp, SensorsStation]
) -> None:
    app, station = kiosk
    open_station(qtbot, app, station, "en")
    station.open("workshop")
    assert station.service._timer.isActive()
    app.finish()
    assert view_of(station.machine) is View.OVERVIEW
    assert station.stack.currentWidget() is station.overview
    assert station.service._timer.isActive()  # the history keeps growing between visitors


def labels_on(page: QWidget) -> list[tuple[QWidget, QRect]]:
    """Every visible text and chart with the part of it a visitor can see, in page pixels."""
    found = []
    widgets: list[QWidget] = [*page.findChildren(QLabel), *page.findChildren(QChartView)]
    for label in widgets:
        if not label.isVisible() or (isinstance(label, QLabel) and not label.text()):
            continue
        visible = label.visibleRegion().boundingRect()
        if not visible.isEmpty():
            found.append((label, QRect(label.mapTo(page, visible.topLeft()), visible.size())))
    return found


def test_no_text_overlaps_or_leaves_the_screen_in_any_state(
    qtbot: Any, kiosk: tuple[KioskApp, SensorsStation]
) -> None:
    app, station = kiosk
    for language, large in itertools.product(("de", "en", "da"), (False, True)):
        app.finish()
        app.choose_language(language)
        app.theme.set_large_text(large)
        app.open_station("sensors")
        for name, setup in station.screenshot_states():
            setup()
            settle()
            assert app.window.size() == QSize(1920, 1080), (language, large, name)
            page = station.stack.currentWidget()
            labels = labels_on(page)
            for label, rect in labels:
                assert page.rect().contains(rect), (language, large, name, shown_text(label))
            for (a, ra), (b, rb) in itertools.combinations(labels, 2):
                if a.isAncestorOf(b) or b.isAncestorOf(a):
                    continue
                overlap = ra.intersected(rb)
                assert overlap.isEmpty(), (language, large, name, shown_text(a), shown_text(b))
    app.theme.set_large_text(False)


def shown_text(widget: QWidget) -> str:
    return widget.text() if isinstance(widget, QLabel) else type(widget).__name__


def test_colours_keep_their_contrast() -> None:
    for name, tone in TONES.items():
        assert contrast_ratio(tone.text, tone.background) >= 4.5, name
    for line in (PM25_COLOUR, PM10_COLOUR, GUIDE_COLOUR):
        assert contrast_ratio(line, "#FFFFFF") >= 3.0, line  # graphics: WCAG 1.4.11
