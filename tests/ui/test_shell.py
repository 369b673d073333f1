"""The shell as a visitor meets it: attract (where the language is chosen), menu, services, live
language switch, keyboard shortcuts ignored, errors reset to the attract loop."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from kiosk.config import Config
from kiosk.content import Bundle
from kiosk.flow import Shell
from stations.services.flow import View
from tests.qt_helpers import settle, visible_texts
from ui.app import KioskApp, install_excepthook
from ui.station import load_stations


def open_first_step(kiosk: KioskApp) -> None:
    kiosk.attract.start_buttons["de"].click()
    kiosk.menu.tiles["services"].click()
    station = kiosk.stations["services"]
    station.menu.tiles["ewa"].click()
    station.overview.action_row.primary.click()
    station.needs.action_row.primary.click()
    settle()


def test_a_touch_starts_a_session_and_the_visitor_reaches_a_step(kiosk: KioskApp) -> None:
    assert kiosk.flow.state is Shell.ATTRACT
    assert not kiosk.window.footer.isVisible()
    open_first_step(kiosk)
    assert kiosk.flow.state is Shell.STATION
    assert kiosk.session.active
    station = kiosk.stations["services"]
    assert station.flow.view is View.STEP
    assert kiosk.window.footer.isVisible()
    assert "Schritt 1 von" in station.step.progress.text()


def test_language_switch_during_a_step_changes_visible_texts(
    kiosk: KioskApp, bundle: Bundle
) -> None:
    open_first_step(kiosk)
    station = kiosk.stations["services"]
    ewa = bundle.service("ewa")
    assert ewa is not None
    step = ewa.steps[0]
    before = visible_texts(kiosk.window)
    assert step.title.get_text("de") in before
    kiosk.window.language_buttons["da"].click()
    settle()
    after = visible_texts(kiosk.window)
    assert kiosk.translator.language == "da"
    assert station.flow.view is View.STEP  # still on the same step
    assert step.title.get_text("da") in after
    assert step.text.get_text("da") in after
    assert step.title.get_text("de") not in after
    assert "Tilbage" in kiosk.window.back_button.text()
    assert "Trin 1 af" in station.step.progress.text()
    catalog_keys = {key for key in kiosk.translator._catalogs["da"]}
    assert not [text for text in after if text in catalog_keys], "a raw key is visible"


def test_back_walks_back_through_steps_and_stations(kiosk: KioskApp) -> None:
    open_first_step(kiosk)
    station = kiosk.stations["services"]
    station.step.action_row.primary.click()
    assert station.flow.position.step == 1
    expected = [View.STEP, View.NEEDS, View.OVERVIEW, View.MENU]
    for view in expected:
        kiosk.window.back_button.click()
        assert station.flow.view is view
    kiosk.window.back_button.click()
    assert kiosk.flow.state is Shell.MENU
    kiosk.window.back_button.click()
    assert kiosk.flow.state is Shell.ATTRACT
    assert not kiosk.session.active


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("de", "Was möchten Sie ausprobieren?"),
        ("en", "What would you like to try?"),
        ("de-LS", "Was möchten Sie ausprobieren?"),
    ],
)
def test_the_start_screen_offers_the_languages_once(
    kiosk: KioskApp, language: str, title: str
) -> None:
    """Walk-through item 16: one clear way. The attract screen shows one start button per
    language and no other language control; the header's buttons appear only during a visit."""
    settle()
    starts = kiosk.attract.start_buttons
    assert all(starts[code].isVisible() for code in ("de", "en", "da", "de-LS"))
    assert [b.text() for b in starts.values()] == [
        "Auf Deutsch starten",
        "Start in English",
        "Start på dansk",
        "Leichte Sprache",
    ]
    assert not any(b.isVisible() for b in kiosk.window.language_buttons.values())
    starts[language].click()
    settle()
    assert kiosk.flow.state is Shell.MENU
    assert kiosk.session.active
    assert kiosk.menu.title.text() == title
    assert all(b.isVisible() for b in kiosk.window.language_buttons.values())
    assert kiosk.window.language_buttons[language].isChecked()


def test_a_tap_elsewhere_starts_in_the_default_language_and_the_header_switches_in_place(
    kiosk: KioskApp,
) -> None:
    kiosk.attract.touched.emit()
    assert kiosk.flow.state is Shell.MENU
    assert kiosk.translator.language == kiosk.config.station.default_language
    kiosk.window.language_buttons["da"].click()
    settle()
    assert kiosk.flow.state is Shell.MENU  # switched in place, no other screen in between
    assert kiosk.menu.title.text() == "Hvad vil du gerne prøve?"
    kiosk.window.done_button.click()
    settle()
    assert kiosk.flow.state is Shell.ATTRACT
    assert kiosk.translator.language == kiosk.config.station.default_language
    assert not any(b.isVisible() for b in kiosk.window.language_buttons.values())


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier),
        (Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier),
        (Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier),
    ],
)
def test_quit_shortcuts_are_swallowed_in_kiosk_mode(
    kiosk: KioskApp, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    open_first_step(kiosk)
    before = kiosk.guard.swallowed
    handled = QApplication.sendEvent(kiosk.window, QKeyEvent(QEvent.Type.KeyPress, key, modifiers))
    kiosk.window.close()  # what a window manager does on Alt+F4
    settle()
    assert handled
    assert kiosk.guard.swallowed > before
    assert kiosk.window.isVisible()
    assert kiosk.flow.state is Shell.STATION  # nothing happened to the visitor's screen


def test_ordinary_keys_pass_and_count_as_activity(kiosk: KioskApp, clock: object) -> None:
    open_first_step(kiosk)
    clock.now += 80  # type: ignore[attr-defined]
    before = kiosk.guard.swallowed
    QApplication.sendEvent(
        kiosk.window, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier)
    )
    clock.now += 80  # type: ignore[attr-defined]
    kiosk.session.tick()
    assert kiosk.guard.swallowed == before
    assert kiosk.flow.state is Shell.STATION  # 80 s after the key press: no warning yet


def test_windowed_mode_closes(qtbot: object, config: Config, bundle: Bundle) -> None:
    app = KioskApp(config, bundle, kiosk_mode=False, auto_tick=False)
    app.show(windowed=True)
    assert app.window.isVisible()
    app.window.close()
    assert not app.window.isVisible()
    app.stop()


def test_unhandled_exception_resets_to_attract_without_traceback_on_screen(
    kiosk: KioskApp, caplog: pytest.LogCaptureFixture
) -> None:
    previous = install_excepthook(kiosk)
    try:
        open_first_step(kiosk)
        try:
            raise RuntimeError("boom with PIN 123456")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        settle()
    finally:
        sys.excepthook = previous
    assert kiosk.flow.state is Shell.ATTRACT
    assert not kiosk.session.active
    assert not any("Traceback" in text or "boom" in text for text in visible_texts(kiosk.window))
    assert "unhandled RuntimeError" in caplog.text


def test_unknown_station_ids_are_reported_and_skipped(config: Config, bundle: Bundle) -> None:
    stations, problems = load_stations(["nonsense", "services"])
    assert [s.id for s in stations] == ["services"]
    assert problems and "nonsense" in problems[0] and "expected one of" in problems[0]
    configured = replace(config, station=replace(config.station, stations=("services", "x")))
    app = KioskApp(configured, bundle, auto_tick=False)
    assert list(app.stations) == ["services"]
    assert any('"x"' in p for p in app.station_problems)
    app.stop()


def test_deferred_stations_appear_in_the_menu_once_loaded(
    qtbot: object, config: Config, bundle: Bundle
) -> None:
    app = KioskApp(config, bundle, auto_tick=False, defer_stations=True)
    app.show(windowed=True)
    assert app.stations == {}
    assert app.menu.tiles == {}
    with qtbot.waitSignal(app.attract.first_painted, timeout=5000):  # type: ignore[attr-defined]
        app.window.repaint()
    app.load_stations()
    assert "services" in app.stations
    assert "services" in app.menu.tiles
    app.start_session()
    app.choose_language("de")
    app.open_station("services")
    assert app.flow.state is Shell.STATION
    app.stop()
