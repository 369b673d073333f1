"""Idle warning with a visible countdown, one tap continues, reset, and the privacy wipe."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QPoint, Qt

from kiosk.flow import Shell
from stations.services.flow import View
from tests.qt_helpers import FakeClock, all_texts, settle
from tests.ui.test_shell import open_first_step
from ui.app import KioskApp


def go_idle(kiosk: KioskApp, clock: FakeClock) -> None:
    clock.now += kiosk.config.session.idle_seconds
    kiosk.session.tick()
    settle()


def test_idle_warning_shows_a_countdown_and_resets(kiosk: KioskApp, clock: FakeClock) -> None:
    open_first_step(kiosk)
    go_idle(kiosk, clock)
    overlay = kiosk.window.overlay
    warning = kiosk.config.session.warning_seconds
    assert warning >= 20
    assert kiosk.flow.state is Shell.IDLE_WARNING
    assert overlay.isVisible()
    assert overlay.count.text() == str(warning)
    assert str(warning) in overlay.text.text()
    clock.now += 5
    kiosk.session.tick()
    assert overlay.count.text() == str(warning - 5)
    clock.now += warning
    kiosk.session.tick()
    settle()
    assert kiosk.flow.state is Shell.ATTRACT
    assert not overlay.isVisible()
    assert not kiosk.session.active


def test_one_tap_anywhere_continues(kiosk: KioskApp, clock: FakeClock, qtbot: object) -> None:
    open_first_step(kiosk)
    go_idle(kiosk, clock)
    overlay = kiosk.window.overlay
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=QPoint(20, 20))  # type: ignore[attr-defined]
    settle()
    assert kiosk.flow.state is Shell.STATION
    assert kiosk.stations["services"].flow.view is View.STEP
    assert not overlay.isVisible()
    clock.now += kiosk.config.session.warning_seconds + 1
    kiosk.session.tick()
    assert kiosk.flow.state is Shell.STATION


def test_continue_button_continues_and_end_button_ends(kiosk: KioskApp, clock: FakeClock) -> None:
    open_first_step(kiosk)
    go_idle(kiosk, clock)
    kiosk.window.overlay.continue_button.click()
    assert kiosk.flow.state is Shell.STATION
    go_idle(kiosk, clock)
    kiosk.window.overlay.end_button.click()
    assert kiosk.flow.state is Shell.ATTRACT


def test_wipe_leaves_no_visitor_text_anywhere(kiosk: KioskApp, clock: FakeClock) -> None:
    settle()
    baseline = Counter(all_texts(kiosk.window))
    open_first_step(kiosk)
    station = kiosk.stations["services"]
    kiosk.window.language_buttons["en"].click()
    kiosk.window.large_text_button.click()
    for _ in range(10):
        station.step.action_row.primary.click()
    assert station.flow.view is View.HANDOFF
    assert station.handoff.view.qr.has_code
    station.menu.scroller.verticalScrollBar().setValue(200)
    session_texts = set(all_texts(kiosk.window)) - set(baseline)
    assert session_texts, "the session should have put text on screen"
    kiosk.window.done_button.click()
    settle()
    after = Counter(all_texts(kiosk.window))
    assert kiosk.flow.state is Shell.ATTRACT
    assert set(after) & session_texts == set()
    assert after == baseline
    assert kiosk.translator.language == kiosk.config.station.default_language
    assert not kiosk.theme.large_text
    assert not station.handoff.view.qr.has_code
    assert station.flow.position.service is None
    assert station.menu.scroller.verticalScrollBar().value() == 0


def test_wipe_after_idle_reset_too(kiosk: KioskApp, clock: FakeClock) -> None:
    baseline = Counter(all_texts(kiosk.window))
    open_first_step(kiosk)
    kiosk.window.language_buttons["da"].click()
    go_idle(kiosk, clock)
    clock.now += kiosk.config.session.warning_seconds
    kiosk.session.tick()
    settle()
    assert Counter(all_texts(kiosk.window)) == baseline
    assert kiosk.translator.language == "de"


def test_larger_text_toggle_scales_fonts(kiosk: KioskApp) -> None:
    open_first_step(kiosk)
    title = kiosk.stations["services"].step.title
    normal = title.fontInfo().pixelSize()
    kiosk.window.large_text_button.click()
    settle()
    large = title.fontInfo().pixelSize()
    assert large >= normal * 1.25
    kiosk.window.large_text_button.click()
    settle()
    assert title.fontInfo().pixelSize() == normal
