"""A visit with keys only, on the real KioskApp: from the attract loop through an online
service to its QR code, and through the eID self-disclosure with the test card (emulator) to
the result screen, the PIN typed on a number pad. No clicks, no direct calls into screens."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from eid.emulator.server import EmulatorServer
from kiosk.flow import Shell
from stations.eid_demo.flow import Step, View
from stations.eid_demo.station import EidStation
from stations.services.flow import View as ServiceView
from stations.services.station import ServicesStation
from tests.a11y.keys import KEYPAD, focused, name, press
from tests.qt_helpers import FakeClock, all_texts, settle, visible_texts
from tests.stations.conftest import TIMEOUT_MS
from ui.app import KioskApp

PIN = "123456"  # the emulator's test card


def go_to(kiosk: KioskApp, widget: QWidget, *, limit: int = 80) -> None:
    """Right arrow until `widget` has the focus (it must be reachable), then OK."""
    seen = []
    for _ in range(limit):
        if focused() is widget:
            press(kiosk, Qt.Key.Key_Return)
            return
        seen.append(name(focused()))
        press(kiosk, Qt.Key.Key_Right)
    raise AssertionError(f"{name(widget)} not reachable; the arrows went through {seen}")


def test_from_the_attract_loop_to_a_service_qr_code_with_keys_only(kiosk: KioskApp) -> None:
    assert kiosk.flow.state is Shell.ATTRACT
    press(kiosk, Qt.Key.Key_Return)  # OK on the attract screen starts the visit
    assert kiosk.flow.state is Shell.MENU
    assert focused() is kiosk.menu.tiles["services"]  # the focus starts on the first tile
    press(kiosk, Qt.Key.Key_Return)
    station = kiosk.stations["services"]
    assert isinstance(station, ServicesStation)
    assert kiosk.flow.state is Shell.STATION and station.flow.view is ServiceView.MENU
    go_to(kiosk, station.menu.tiles["hundesteuer"])
    assert station.flow.view is ServiceView.OVERVIEW
    go_to(kiosk, station.overview.action_row.secondary)  # "Auf dem Handy weitermachen"
    assert station.flow.view is ServiceView.HANDOFF
    view = station.handoff.view
    assert view.qr.isVisible() and view.problem is None
    # back goes back one level, as "Zurück" does; Backspace too; the focus returns to where
    # the visitor went forward
    press(kiosk, Qt.Key.Key_Escape)
    assert station.flow.view is ServiceView.OVERVIEW
    assert focused() is station.overview.action_row.secondary
    press(kiosk, Qt.Key.Key_Backspace)
    assert station.flow.view is ServiceView.MENU
    assert focused() is station.menu.tiles["hundesteuer"]
    go_to(kiosk, kiosk.window.back_button)  # OK on "Zurück" is the same as the back key
    assert kiosk.flow.state is Shell.MENU
    assert focused() is kiosk.menu.tiles["services"]
    press(kiosk, Qt.Key.Key_Return)
    press(kiosk, Qt.Key.Key_Minus, KEYPAD)
    assert kiosk.flow.state is Shell.MENU
    press(kiosk, Qt.Key.Key_Escape)
    assert kiosk.flow.state is Shell.ATTRACT  # back from the menu ends the visit


def test_a_held_ok_key_does_not_run_through_screens(kiosk: KioskApp) -> None:
    handle = kiosk.window.windowHandle()
    assert handle is not None
    press(kiosk, Qt.Key.Key_Return)
    assert kiosk.flow.state is Shell.MENU
    QTest.keyPress(handle, Qt.Key.Key_Return)
    settle()
    for _ in range(3):  # what the keyboard sends while the key is held down
        held = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r", True
        )
        QApplication.sendEvent(handle, held)
        settle()
    QTest.keyRelease(handle, Qt.Key.Key_Return)
    settle()
    station = kiosk.stations["services"]
    assert isinstance(station, ServicesStation)
    assert kiosk.flow.state is Shell.STATION
    assert station.flow.view is ServiceView.MENU  # one OK, one step


def warn(kiosk: KioskApp, clock: FakeClock) -> None:
    """The visitor stood still: the idle warning comes up (the session's own clock)."""
    clock.now += kiosk.config.session.idle_seconds
    kiosk.session.tick()
    settle()
    assert kiosk.flow.state is Shell.IDLE_WARNING


def test_the_idle_warning_works_with_keys_and_gives_the_focus_back(
    kiosk: KioskApp, clock: FakeClock
) -> None:
    press(kiosk, Qt.Key.Key_Return)
    tile = kiosk.menu.tiles["eid"]
    go_to_focus = [press(kiosk, Qt.Key.Key_Right) for _ in range(5) if focused() is not tile]
    assert focused() is tile, len(go_to_focus)
    warn(kiosk, clock)
    press(kiosk, Qt.Key.Key_Right)  # the arrows act on the warning's buttons
    overlay = kiosk.window.overlay
    assert overlay.isVisible() and overlay.isAncestorOf(focused())
    while focused() is not overlay.continue_button:
        press(kiosk, Qt.Key.Key_Right)
    press(kiosk, Qt.Key.Key_Return)
    assert not overlay.isVisible() and kiosk.flow.state is Shell.MENU
    assert focused() is tile  # where the visitor was before the warning
    warn(kiosk, clock)
    press(kiosk, Qt.Key.Key_Right)
    while focused() is not overlay.end_button:
        press(kiosk, Qt.Key.Key_Right)
    press(kiosk, Qt.Key.Key_Return)
    assert kiosk.flow.state is Shell.ATTRACT
    assert not kiosk.navigator.ring.isVisible()  # the next visitor starts without a ring


def wait_view(qtbot: Any, station: EidStation, view: View) -> None:
    qtbot.waitUntil(lambda: station.view is view, timeout=TIMEOUT_MS)
    settle()


def test_eid_self_disclosure_with_the_test_card_and_a_number_pad(
    qtbot: Any, eid_kiosk: KioskApp, emulator: EmulatorServer
) -> None:
    kiosk = eid_kiosk
    emulator.set_card("basic")
    press(kiosk, Qt.Key.Key_Return)
    station = kiosk.stations["eid"]
    assert isinstance(station, EidStation)
    go_to(kiosk, kiosk.menu.tiles["eid"])
    assert kiosk.flow.state is Shell.STATION
    qtbot.waitUntil(station.start_screen.tiles[Step.SHOW_DATA].isEnabled, timeout=TIMEOUT_MS)
    go_to(kiosk, station.start_screen.tiles[Step.SHOW_DATA])
    assert station.view is View.PIN_CHOICE
    go_to(kiosk, station.choice.tiles[Step.HAVE_PIN])
    wait_view(qtbot, station, View.ACCESS_RIGHTS)
    go_to(kiosk, station.rights_screen.accept)
    wait_view(qtbot, station, View.ENTER_NUMBER)
    pad = station.number_screen.pad
    assert pad.isVisible() and pad.length == 6
    # a USB number pad: digits with the keypad flag, a wrong one deleted with Backspace
    for digit in PIN[:3] + "9":
        press(kiosk, Qt.Key(ord(digit)), KEYPAD)
    assert pad.count == 4
    press(kiosk, Qt.Key.Key_Backspace)
    assert pad.count == 3 and station.view is View.ENTER_NUMBER  # deleted, not "back"
    for digit in PIN[3:]:
        press(kiosk, Qt.Key(ord(digit)), KEYPAD)
    assert pad.count == 6
    shown = "\n".join(all_texts(kiosk.window))
    assert PIN not in shown and "9" not in station.number_screen.pad.dots.accessibleName()
    press(kiosk, Qt.Key.Key_Enter, KEYPAD)  # OK right after typing confirms the pad
    wait_view(qtbot, station, View.RESULT)
    assert "MUSTERMANN" in "\n".join(visible_texts(station.result))
    assert PIN not in "\n".join(all_texts(kiosk.window))
    press(kiosk, Qt.Key.Key_Right)  # the keys go on working on the result screen
    widget = focused()
    assert widget is not None and widget.isVisible(), name(widget)
