"""Vorlesen through the eID flows against the emulator: every key of the PIN pad is said as
a count ("Ziffer 3 von 6 eingegeben"), never as a digit; the test person's data are read only
after "Daten vorlesen"; the next visitor starts with Vorlesen off and silence."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt

from eid.emulator.server import EmulatorServer
from kiosk.speech import TranscriptEngine
from stations.eid_demo.flow import Step, View
from stations.eid_demo.station import EidStation
from tests.qt_helpers import settle
from tests.stations.conftest import TIMEOUT_MS, open_eid
from tests.stations.test_eid_end_to_end import (
    PERSON,
    PIN,
    click,
    start_self_disclosure,
    wait_view,
)
from ui.app import KioskApp

BIRTH_DATE = "12.08.1964"
PRIVATE = (*PERSON, BIRTH_DATE, "Heidestraße", "Erika", "Mustermann")


def stream(engine: TranscriptEngine) -> str:
    return "\n".join(text for _voice, text in engine.lines)


def type_counted(
    qtbot: Any, station: EidStation, engine: TranscriptEngine, value: str, entered: str
) -> None:
    """Type `value` on the pad; after each key exactly the count is said (`entered` is the
    catalog's "Ziffer {filled} von {total} eingegeben"), then OK."""
    pad = station.number_screen.pad
    for index, digit in enumerate(value, start=1):
        click(qtbot, pad.digit_keys[digit])
        settle()
        expected = entered.format(filled=index, total=pad.length)
        if pad.ok_key.hasFocus():  # the last digit took the focus to OK: count, then "OK"
            assert engine.lines[-1][1] == f"{expected} {pad.ok_key.accessibleName()}"
        else:
            assert engine.lines[-1][1] == expected
    click(qtbot, pad.ok_key)


def focus_digit_key(qtbot: Any, station: EidStation, digit: str) -> str:
    key = station.number_screen.pad.digit_keys[digit]
    key.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    key.setFocus(Qt.FocusReason.TabFocusReason)
    settle()
    qtbot.waitUntil(lambda: bool(station.number_screen.pad.hasFocus() or key.hasFocus()))
    return key.accessibleName()


@pytest.mark.timeout(120)
def test_self_disclosure_speaks_counts_and_the_data_only_on_request(
    qtbot: Any, eid_kiosk: KioskApp, engine: TranscriptEngine, emulator: EmulatorServer
) -> None:
    emulator.set_card("basic")
    eid_kiosk.set_speech(True)
    station = open_eid(eid_kiosk)
    settle()
    start_self_disclosure(qtbot, station)
    wait_view(qtbot, station, View.ENTER_NUMBER)
    eid_kiosk.reader.check()
    assert "PIN" in engine.lines[-1][1]  # the PIN screen was read
    eid_kiosk.navigator.keyboard_mode = True  # a key was used: the focus is read
    assert focus_digit_key(qtbot, station, "7") == "7"  # the key face is its name on screen
    assert engine.lines[-1][1] == "Zifferntaste"  # ... but Vorlesen never says it
    type_counted(qtbot, station, engine, PIN, "Ziffer {filled} von {total} eingegeben")
    wait_view(qtbot, station, View.RESULT)
    eid_kiosk.reader.check()
    before = stream(engine)
    assert "Ihre Daten" in before or station.result.title.text() in before
    assert [word for word in PRIVATE if word in before] == []
    assert PIN not in before
    assert station.result.read_data.isVisible()
    click(qtbot, station.result.read_data)
    settle()
    data = engine.lines[-1][1]
    assert "ERIKA" in data and "MUSTERMANN" in data and BIRTH_DATE in data
    click(qtbot, station.result.clear)
    settle()
    eid_kiosk.reader.check()
    after = stream(engine)[len(before) + len(data) + 1 :]
    assert [word for word in PRIVATE if word in after] == []
    eid_kiosk.finish()
    settle()
    assert not eid_kiosk.speaker.enabled  # the next visitor starts without Vorlesen
    assert engine.stops > 0
    assert not eid_kiosk.window.speech_button.isChecked()


@pytest.mark.timeout(120)
def test_transport_pin_change_never_speaks_a_digit_typed(
    qtbot: Any, eid_kiosk: KioskApp, engine: TranscriptEngine, emulator: EmulatorServer
) -> None:
    emulator.set_card("transport")
    eid_kiosk.set_speech(True)
    eid_kiosk.choose_language("en")
    station = open_eid(eid_kiosk, "en")
    click(qtbot, station.start_screen.tiles[Step.CHANGE_PIN])
    click(qtbot, station.info.primary)
    wait_view(qtbot, station, View.ENTER_NUMBER)
    screen = station.number_screen
    entered = "Digit {filled} of {total} entered"
    type_counted(qtbot, station, engine, "12345", entered)
    qtbot.waitUntil(lambda: screen.view.kind.name == "NEW_PIN", timeout=TIMEOUT_MS)
    settle()
    eid_kiosk.reader.check()  # what its poll does: the refilled screen is read before typing
    assert engine.lines[-1][1].startswith("Choose your new")
    type_counted(qtbot, station, engine, "480263", entered)
    settle()
    eid_kiosk.reader.check()
    assert engine.lines[-1][1].startswith("Please repeat the new PIN")
    type_counted(qtbot, station, engine, "480263", entered)
    wait_view(qtbot, station, View.PIN_READY)
    eid_kiosk.reader.check()
    said = stream(engine)
    # (the new-PIN screen warns against "123456": shown, so said; the 5 digits typed are not)
    assert re.findall(r"\b(12345|480263)\b", said) == []
    # between the screens only counts were said: no utterance is a bare digit or key face
    assert [line for _v, line in engine.lines if re.fullmatch(r"[\d\s.]+", line)] == []
    assert all(voice == "en" for voice, _line in engine.lines[1:])
