"""The PIN pad hands its digits over once and keeps nothing: checked on the pad and in the flow."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from eid.emulator.server import EmulatorServer
from stations.eid_demo.flow import View
from stations.eid_demo.pinpad import PinPad
from tests.stations.conftest import TIMEOUT_MS, open_eid
from tests.stations.test_eid_end_to_end import start_self_disclosure
from ui.app import KioskApp


def test_take_returns_the_digits_once_and_empties_the_pad(qtbot: Any) -> None:
    pad = PinPad()
    qtbot.addWidget(pad)
    pad.configure(6, shuffled=False)
    for digit in "918273":
        pad.press(digit)
    assert pad.ok_key.isEnabled() and pad.dots.filled == 6
    assert pad.take() == "918273"
    assert pad.count == 0 and pad.dots.filled == 0
    assert not pad.ok_key.isEnabled()
    assert pad.take() == ""
    pad.press("5")
    assert pad.take() == "5"  # a fresh entry starts from nothing


def test_the_pad_is_empty_the_moment_the_pin_is_confirmed(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer
) -> None:
    emulator.set_card("slow")  # the card takes its time: the number screen stays a while
    station = open_eid(kiosk)
    start_self_disclosure(qtbot, station)
    qtbot.waitUntil(lambda: station.view is View.ENTER_NUMBER, timeout=TIMEOUT_MS)
    pad = station.number_screen.pad
    for digit in "123456":
        qtbot.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_key, Qt.MouseButton.LeftButton)
    assert pad.count == 0 and pad.dots.filled == 0
    assert station.number_screen.take() == ""
    qtbot.waitUntil(lambda: station.view is View.RESULT, timeout=TIMEOUT_MS)
    station.controller.clear_result()
