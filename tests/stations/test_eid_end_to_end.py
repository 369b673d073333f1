"""The eID station through the real UI against the in-process emulator.

Real pieces only: KioskApp with its shell and session, the station's screens (clicked with
qtbot), AusweisClient over QWebSocket, the emulator's SDK and self-disclosure endpoint.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from eid.commands import NumberKind
from eid.emulator.server import EmulatorServer
from kiosk.flow import Shell
from stations.eid_demo.flow import Step, View
from stations.eid_demo.state import ScreenState
from stations.eid_demo.station import EidStation
from tests.qt_helpers import FakeClock, all_texts, settle, visible_texts
from tests.stations.conftest import TIMEOUT_MS, SentLog, open_eid
from ui.app import KioskApp

PERSON = ("ERIKA", "MUSTERMANN", "GABLER", "HEIDESTRA", "KÖLN", "51147", "BERLIN", "1964")
PIN, WRONG, CAN = "123456", "000000", "654321"


def wait_view(qtbot: Any, station: EidStation, view: View) -> None:
    qtbot.waitUntil(lambda: station.view is view, timeout=TIMEOUT_MS)
    settle()  # new labels are shown by a queued event


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press_digits(qtbot: Any, station: EidStation, digits: str) -> None:
    for digit in digits:
        click(qtbot, station.number_screen.pad.digit_keys[digit])


def type_number(qtbot: Any, station: EidStation, value: str) -> None:
    press_digits(qtbot, station, value)
    click(qtbot, station.number_screen.pad.ok_key)


def start_self_disclosure(qtbot: Any, station: EidStation, *, rights: bool = True) -> None:
    click(qtbot, station.start_screen.tiles[Step.SHOW_DATA])
    assert station.view is View.PIN_CHOICE
    click(qtbot, station.choice.tiles[Step.HAVE_PIN])
    if not rights:
        return
    wait_view(qtbot, station, View.ACCESS_RIGHTS)
    wanted = {"✓\u00a0\u00a0Familienname", "✓\u00a0\u00a0Anschrift"}
    # the certificate arrives a moment later and re-renders the list: wait for what shows
    qtbot.waitUntil(lambda: wanted <= set(visible_texts(station.rights_screen)), timeout=TIMEOUT_MS)
    click(qtbot, station.rights_screen.accept)


def at_pin_entry(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, card: str = "basic"
) -> EidStation:
    """The station at the PIN pad of a self-disclosure, with this emulated card."""
    emulator.set_card(card)
    station = open_eid(kiosk)
    start_self_disclosure(qtbot, station)
    wait_view(qtbot, station, View.ENTER_NUMBER)
    return station


def joined(kiosk: KioskApp) -> str:
    return "\n".join(all_texts(kiosk.window))


def test_self_disclosure_shows_the_test_person_and_done_wipes_it(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(1)
    station = at_pin_entry(qtbot, kiosk, emulator)
    assert station.number_screen.pad.isVisible()
    assert station.number_screen.pad.length == 6
    type_number(qtbot, station, PIN)
    wait_view(qtbot, station, View.RESULT)
    shown = "\n".join(visible_texts(station.result))
    assert "ERIKA" in shown and "MUSTERMANN" in shown
    assert "12.08.1964" in shown
    assert "Wird in 60 s gelöscht" in shown
    click(qtbot, station.result.clear)
    settle()
    assert station.view is View.PORTAL  # data gone; the next step on the phone
    assert station.controller.data is None
    everything = joined(kiosk)
    assert [word for word in PERSON if word in everything] == []
    assert PIN not in everything
    logged = caplog.text
    assert [word for word in (*PERSON, PIN) if word in logged] == []


def test_result_is_wiped_when_the_countdown_runs_out(
    qtbot: Any, fast_countdown_kiosk: KioskApp, emulator: EmulatorServer
) -> None:
    """The station's own timer (10 ms a "second" here) must run the countdown by itself."""
    station = at_pin_entry(qtbot, fast_countdown_kiosk, emulator)
    type_number(qtbot, station, PIN)
    wait_view(qtbot, station, View.RESULT)
    shown = station.result.countdown.text()
    qtbot.waitUntil(lambda: station.result.countdown.text() != shown, timeout=TIMEOUT_MS)
    assert "MUSTERMANN" in joined(fast_countdown_kiosk)  # counting down, still shown
    wait_view(qtbot, station, View.PORTAL)
    assert station.controller.data is None
    assert "MUSTERMANN" not in joined(fast_countdown_kiosk)


def test_transport_pin_change_asks_the_new_pin_twice(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(1)
    emulator.set_card("transport")
    station = open_eid(kiosk)
    click(qtbot, station.start_screen.tiles[Step.CHANGE_PIN])
    assert station.view is View.TRANSPORT_INFO
    click(qtbot, station.info.primary)
    wait_view(qtbot, station, View.ENTER_NUMBER)
    screen = station.number_screen
    assert screen.view.kind is NumberKind.TRANSPORT_PIN and screen.pad.length == 5
    assert "5\u2011stellige Transport-PIN" in screen.title.text()
    type_number(qtbot, station, "12345")
    qtbot.waitUntil(lambda: screen.view.kind is NumberKind.NEW_PIN, timeout=TIMEOUT_MS)
    type_number(qtbot, station, "246810")
    assert screen.title.text() == "Bitte die neue PIN wiederholen"
    type_number(qtbot, station, "246811")
    qtbot.waitUntil(lambda: screen.view.mismatch, timeout=TIMEOUT_MS)
    assert "verschieden" in screen.retries.text() and screen.retries.isVisible()
    type_number(qtbot, station, "246810")
    type_number(qtbot, station, "246810")
    wait_view(qtbot, station, View.PIN_READY)
    assert station.handoff_screen.title.text() == "Ihr Ausweis ist bereit"
    assert "246810" not in joined(kiosk)
    assert [n for n in ("12345", "246810", "246811") if n in caplog.text] == []


def test_wrong_pin_shows_the_tries_left_then_asks_for_the_can(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(1)
    station = at_pin_entry(qtbot, kiosk, emulator, "wrong-pin")
    type_number(qtbot, station, WRONG)
    screen = station.number_screen
    qtbot.waitUntil(lambda: screen.view.wrong_attempt, timeout=TIMEOUT_MS)
    assert screen.retries.text() == "Das war nicht die richtige PIN. Sie haben noch 2 Versuche."
    type_number(qtbot, station, WRONG)
    qtbot.waitUntil(lambda: screen.view.kind is NumberKind.CAN, timeout=TIMEOUT_MS)
    assert "Zugangsnummer (CAN)" in screen.title.text()
    assert "Vorderseite" in screen.hint.text()
    type_number(qtbot, station, CAN)
    qtbot.waitUntil(lambda: screen.view.kind is NumberKind.PIN, timeout=TIMEOUT_MS)
    assert "letzte Versuch" in screen.retries.text()
    assert [n for n in (WRONG, CAN) if n in caplog.text] == []


def test_deactivated_card_ends_with_its_outcome_and_cancel_is_sent(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, sent: SentLog
) -> None:
    emulator.set_card("deactivated")
    station = open_eid(kiosk)
    start_self_disclosure(qtbot, station, rights=False)  # the card lies there already
    wait_view(qtbot, station, View.OUTCOME)
    assert station.outcome_screen.key == "eid.outcome.deactivated"
    assert "Bürgerbüro" in station.outcome_screen.fix.text()
    assert "CANCEL" in sent.commands
    assert not station.outcome_screen.retry.isVisible()  # a second try cannot fix this
    click(qtbot, kiosk.window.back_button)  # the shell's one "Zurück"
    assert station.view is View.START


def test_card_removed_mid_flow_shows_its_outcome(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer
) -> None:
    station = at_pin_entry(qtbot, kiosk, emulator, "removed")
    type_number(qtbot, station, PIN)
    wait_view(qtbot, station, View.OUTCOME)
    assert station.outcome_screen.key == "eid.outcome.card_removed"
    assert "liegen" in station.outcome_screen.fix.text()


def test_keypad_reader_shows_no_pad_but_type_on_the_reader(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, sent: SentLog
) -> None:
    emulator.set_card("keypad")
    station = open_eid(kiosk)
    seen: list[tuple[bool, str]] = []

    def record(state: ScreenState) -> None:  # runs after the station has drawn the state
        if state.view is View.ENTER_NUMBER:
            screen = station.number_screen
            seen.append((screen.pad.isVisibleTo(screen), screen.title.text()))

    station.controller.state_changed.connect(record)
    start_self_disclosure(qtbot, station)
    wait_view(qtbot, station, View.RESULT)
    assert seen and set(seen) == {(False, "Geben Sie die PIN am Kartenleser ein")}
    assert "SET_PIN" in sent.commands
    click(qtbot, station.result.clear)


def test_idle_reset_during_pin_entry_aborts_and_leaves_nothing(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, clock: FakeClock, sent: SentLog
) -> None:
    station = at_pin_entry(qtbot, kiosk, emulator)
    press_digits(qtbot, station, "1234")
    assert station.number_screen.pad.count == 4
    clock.now += kiosk.config.session.idle_seconds
    kiosk.session.tick()
    clock.now += kiosk.config.session.warning_seconds
    kiosk.session.tick()
    assert kiosk.flow.state is Shell.ATTRACT
    assert "CANCEL" in sent.commands
    assert station.controller.workflow is None and station.controller.request is None
    assert station.number_screen.pad.count == 0
    assert station.view is View.START
    assert "1234" not in joined(kiosk)


def test_language_switch_during_pin_entry_keeps_the_entry(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer
) -> None:
    station = at_pin_entry(qtbot, kiosk, emulator)
    press_digits(qtbot, station, "12")
    click(qtbot, kiosk.window.language_buttons["da"])
    assert station.number_screen.title.text() == "Tast din 6\u2011cifrede PIN"
    assert station.number_screen.pad.dots.accessibleName() == "2 af 6 cifre tastet"
    type_number(qtbot, station, "3456")
    wait_view(qtbot, station, View.RESULT)
    assert station.result.title.text() == "Det står der på dit ID-kort"
    click(qtbot, kiosk.window.done_button)
    assert "MUSTERMANN" not in joined(kiosk)


def test_test_card_runs_the_same_flow_labelled_as_test_data(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer
) -> None:
    emulator.set_card("none")  # only the Simulator: like a visitor without an own card
    station = open_eid(kiosk)
    click(qtbot, station.start_screen.tiles[Step.TEST_CARD])
    wait_view(qtbot, station, View.ACCESS_RIGHTS)
    assert station.rights_screen.test_badge.isVisible()
    click(qtbot, station.rights_screen.accept)
    wait_view(qtbot, station, View.ENTER_NUMBER)
    screen = station.number_screen
    assert screen.pad.isVisible() and screen.test_badge.isVisible()
    type_number(qtbot, station, "999999")
    wait_view(qtbot, station, View.RESULT)
    assert station.result.test_badge.isVisible()
    assert "Testdaten" in station.result.test_badge.text()


def test_cancel_on_the_pin_screen_ends_as_cancelled(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, sent: SentLog
) -> None:
    station = at_pin_entry(qtbot, kiosk, emulator)
    click(qtbot, station.number_screen.cancel)
    wait_view(qtbot, station, View.OUTCOME)
    assert station.outcome_screen.key == "eid.outcome.cancelled"
    assert "CANCEL" in sent.commands


def test_pin_pad_never_exposes_the_digits(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(1)
    clipboard = QApplication.clipboard()
    clipboard.setText("unchanged")
    station = at_pin_entry(qtbot, kiosk, emulator)
    press_digits(qtbot, station, "918273")
    texts = all_texts(kiosk.window)
    assert [t for t in texts if "918" in t or "273" in t] == []
    assert station.number_screen.pad.dots.accessibleName() == "6 von 6 Ziffern eingegeben"
    assert clipboard.text() == "unchanged"
    assert "918273" not in caplog.text
    click(qtbot, station.number_screen.cancel)
    wait_view(qtbot, station, View.OUTCOME)
    assert station.number_screen.pad.count == 0
