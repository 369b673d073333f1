"""Physical keys type into the on-screen pads while they are shown: letters into the finder's
keyboard, digits into the PIN pad; Backspace deletes one, OK right after typing submits."""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.flow import Shell
from stations.eid_demo import demo
from stations.eid_demo.flow import View
from stations.eid_demo.station import EidStation
from stations.finder.flow import View as FinderView
from stations.finder.station import FinderStation
from tests.a11y.keys import KEYPAD, focused, name, press, type_keys
from tests.qt_helpers import all_texts, settle
from ui.app import KioskApp


def open_station(kiosk: KioskApp, station_id: str) -> None:
    press(kiosk, Qt.Key.Key_Return)  # start the visit
    for _ in range(10):
        if focused() is kiosk.menu.tiles[station_id]:
            break
        press(kiosk, Qt.Key.Key_Right)
    press(kiosk, Qt.Key.Key_Return)
    assert kiosk.flow.state is Shell.STATION


def test_a_keyboard_types_into_the_finder_and_return_shows_the_first_hit(kiosk: KioskApp) -> None:
    open_station(kiosk, "finder")
    station = kiosk.stations["finder"]
    assert isinstance(station, FinderStation)
    keyboard = station.search.keyboard
    type_keys(kiosk, "hunx")
    assert keyboard.text == "hunx"
    press(kiosk, Qt.Key.Key_Backspace)
    assert keyboard.text == "hun" and kiosk.flow.state is Shell.STATION  # deleted, not back
    type_keys(kiosk, "d 7")
    assert keyboard.text == "hund 7"
    press(kiosk, Qt.Key.Key_Backspace)
    press(kiosk, Qt.Key.Key_Backspace)
    assert station.search.display.label.text().startswith("hund")
    press(kiosk, Qt.Key.Key_Return)
    assert station.flow.state is FinderView.DETAIL
    press(kiosk, Qt.Key.Key_Escape)
    assert station.flow.state is FinderView.SEARCH


def test_arrows_then_ok_press_the_on_screen_key_under_the_focus(kiosk: KioskApp) -> None:
    open_station(kiosk, "finder")
    station = kiosk.stations["finder"]
    assert isinstance(station, FinderStation)
    type_keys(kiosk, "a")
    press(kiosk, Qt.Key.Key_Right)  # after typing, the arrows take over again
    widget = focused()
    assert widget is not None and widget.accessibleName(), name(widget)
    before = station.search.keyboard.text
    press(kiosk, Qt.Key.Key_Return)
    assert station.search.keyboard.text != before or station.flow.state is not FinderView.SEARCH


def show_pin_pad(kiosk: KioskApp) -> EidStation:
    open_station(kiosk, "eid")
    station = kiosk.stations["eid"]
    assert isinstance(station, EidStation)
    for shot in demo.screenshots():
        if shot.name == "pin":
            station.controller.present(shot.state)
    settle()
    assert station.view is View.ENTER_NUMBER and station.number_screen.pad.isVisible()
    return station


def test_digits_go_into_the_pin_pad_and_are_never_shown(kiosk: KioskApp) -> None:
    station = show_pin_pad(kiosk)
    pad = station.number_screen.pad
    for key in (Qt.Key.Key_3, Qt.Key.Key_8, Qt.Key.Key_1):
        press(kiosk, key)  # the digit row of a keyboard
    press(kiosk, Qt.Key.Key_7, KEYPAD)  # a number pad
    type_keys(kiosk, "x")  # not a digit: ignored
    assert pad.count == 4
    texts = "\n".join(all_texts(kiosk.window))
    assert "3817" not in texts and "381" not in texts
    press(kiosk, Qt.Key.Key_Backspace)
    assert pad.count == 3
    assert station.view is View.ENTER_NUMBER
    pad.clear()


def test_pressing_pad_keys_with_the_arrows_ends_on_ok(kiosk: KioskApp) -> None:
    """A universal keypad has no digits: the visitor moves over the on-screen keys. When the
    last digit is in, the digit keys go grey and the focus moves on to the pad's OK key."""
    station = show_pin_pad(kiosk)
    pad = station.number_screen.pad
    for _ in range(40):
        widget = focused()
        if widget in pad.digit_keys.values():
            break
        press(kiosk, Qt.Key.Key_Right)
    key = focused()
    assert key in pad.digit_keys.values(), name(key)
    for _ in range(pad.length):
        press(kiosk, Qt.Key.Key_Return)
    assert pad.count == pad.length
    settle()
    assert focused() is pad.ok_key, name(focused())
    pad.clear()
