"""The eID station's controller without a single widget: SDK frames in, screen states out."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

from eid.backend import EidBackend
from eid.commands import NumberKind
from eid.emulator.server import EmulatorServer
from stations.eid_demo.controller import EidController
from stations.eid_demo.flow import TABLE, Step, View
from stations.eid_demo.state import Entry, ScreenState, Stage
from tests.eid.fakes import FakeSocketFactory
from tests.eid.workflows.scripts import BASIC, card, reader
from tests.stations.conftest import TIMEOUT_MS, sent_frames, started_pin_change

WIDGET_FREE = ("controller", "state", "demo", "sdk_views", "flow", "texts")


class FakeTicker(QObject):
    """A one-second tick the test fires by hand; like a QTimer it ticks only once started."""

    timeout = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.active = False

    def start(self) -> None:
        self.active = True

    def stop(self) -> None:
        self.active = False

    def fire(self) -> None:
        if self.active:
            self.timeout.emit()


class Screens:
    """Every state the controller published, in order."""

    def __init__(self, controller: EidController) -> None:
        self.states: list[ScreenState] = []
        controller.state_changed.connect(self.states.append)

    @property
    def views(self) -> list[View]:
        return [state.view for state in self.states]


def test_the_controller_modules_import_no_widgets() -> None:
    modules = ", ".join(f"stations.eid_demo.{name}" for name in WIDGET_FREE)
    code = f"import sys, {modules}; print('PySide6.QtWidgets' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "False"


# --- against a scripted SDK (real client, fake socket) --------------------------------------


def test_enter_can_becomes_the_can_screen_and_the_can_goes_out_once(
    sdk: tuple[EidBackend, FakeSocketFactory],
) -> None:
    controller, socket = started_pin_change(sdk)
    assert sent_frames(socket)[-1]["cmd"] == "RUN_CHANGE_PIN"
    assert controller.view is View.WORKING
    screens = Screens(controller)
    socket.push({"msg": "ENTER_CAN", "reader": reader(BASIC, card(1))})
    state = controller.state
    assert state.view is View.ENTER_NUMBER
    assert (state.number.kind, state.number.entry) == (NumberKind.CAN, Entry.PAD)
    assert state.number.retry_counter == 1
    assert screens.views == [View.ENTER_NUMBER]
    controller.submit_number("654321")
    assert sent_frames(socket)[-1] == {"cmd": "SET_CAN", "value": "654321"}
    assert controller.view is View.WORKING
    assert "654321" not in json.dumps([repr(v) for v in vars(controller).values()])


def test_the_new_pin_is_asked_twice_and_sent_once(
    sdk: tuple[EidBackend, FakeSocketFactory],
) -> None:
    controller, socket = started_pin_change(sdk)
    socket.push({"msg": "ENTER_NEW_PIN", "reader": reader(BASIC, card(3))})
    controller.submit_number("246810")
    assert controller.state.number.stage is Stage.REPEAT
    assert controller.view is View.ENTER_NUMBER
    assert sent_frames(socket)[-1]["cmd"] == "RUN_CHANGE_PIN"  # nothing sent after one entry
    controller.submit_number("246810")
    assert sent_frames(socket)[-1] == {"cmd": "SET_NEW_PIN", "value": "246810"}
    assert controller.view is View.WORKING


def test_a_keypad_reader_gets_no_value_and_the_pad_stays_hidden(
    sdk: tuple[EidBackend, FakeSocketFactory],
) -> None:
    controller, socket = started_pin_change(sdk)
    socket.push({"msg": "ENTER_PIN", "reader": reader("Keypad Reader", card(3), keypad=True)})
    assert controller.state.number.entry is Entry.READER
    assert not controller.state.number.pad_shown
    assert sent_frames(socket)[-1] == {"cmd": "SET_PIN"}
    controller.submit_number("123456")  # a stray pad event: ignored, nothing sent
    assert sent_frames(socket)[-1] == {"cmd": "SET_PIN"}


def test_steps_out_of_place_are_ignored() -> None:
    controller = EidController()
    controller.choose(Step.DATA)
    assert controller.view is View.START
    controller.choose(Step.SHOW_DATA)
    assert controller.view is View.PIN_CHOICE
    controller.choose(Step.HAVE_TRANSPORT_PIN)
    assert controller.view is View.TRANSPORT_INFO
    controller.choose(Step.START_TRANSPORT)  # no back end: an outcome, never a dead end
    assert controller.view is View.OUTCOME
    assert controller.state.outcome == "eid.outcome.disconnected"
    assert controller.back() and controller.view is View.START
    assert not controller.back()
    assert (View.OUTCOME, Step.NUMBER) not in TABLE


# --- the result countdown, against the emulator ------------------------------------------------


def test_the_result_countdown_starts_by_itself_and_wipes_the_data(
    qtbot: Any, backend: EidBackend, emulator: EmulatorServer
) -> None:
    emulator.set_card("basic")
    ticker = FakeTicker()
    controller = EidController(result_seconds=3, ticker=ticker)
    controller.attach(backend)
    controller.choose(Step.SHOW_DATA)
    controller.choose(Step.HAVE_PIN)
    qtbot.waitUntil(lambda: controller.view is View.ACCESS_RIGHTS, timeout=TIMEOUT_MS)
    controller.accept_rights()
    qtbot.waitUntil(lambda: controller.view is View.ENTER_NUMBER, timeout=TIMEOUT_MS)
    controller.submit_number("123456")
    qtbot.waitUntil(lambda: controller.view is View.RESULT, timeout=TIMEOUT_MS)
    data = controller.data
    assert data is not None and data.family_names == "MUSTERMANN"
    assert controller.state.seconds_left == 3
    ticker.fire()
    ticker.fire()
    assert (controller.view, controller.state.seconds_left) == (View.RESULT, 1)
    ticker.fire()
    assert controller.view is View.PORTAL  # the data are gone; the portal login follows
    assert controller.data is None and data.wiped
    assert not ticker.active


# --- PAUSE (AusweisApp 2.2+) and the kiosk's own input timeout ---------------------------------

PAUSE = {"msg": "PAUSE", "cause": "BadCardPosition"}


def test_pause_shows_its_screen_and_the_visitors_tap_continues(
    sdk: tuple[EidBackend, FakeSocketFactory],
) -> None:
    controller, socket = started_pin_change(sdk)
    socket.push({"msg": "ENTER_PIN", "reader": reader(BASIC, card(3))})
    controller.submit_number("12345")
    socket.push(PAUSE)
    assert controller.view is View.PAUSE
    assert controller.state.pause_reader == BASIC
    controller.resume()
    assert sent_frames(socket)[-1] == {"cmd": "CONTINUE"}
    assert controller.view is View.WORKING
    controller.resume()  # a second tap sends nothing
    assert [c["cmd"] for c in sent_frames(socket)].count("CONTINUE") == 1


def test_pause_ends_by_itself_when_the_card_is_laid_down_again(
    sdk: tuple[EidBackend, FakeSocketFactory],
) -> None:
    controller, socket = started_pin_change(sdk)
    socket.push({"msg": "READER", **reader(BASIC, card(3))})
    socket.push({"msg": "ENTER_PIN", "reader": reader(BASIC, card(3))})
    controller.submit_number("12345")
    socket.push(PAUSE)
    assert controller.view is View.PAUSE
    socket.push({"msg": "READER", **reader(BASIC, None)})  # the card is lifted ...
    assert controller.view is View.PAUSE
    socket.push({"msg": "READER", **reader(BASIC, card(3))})  # ... and laid down again
    assert sent_frames(socket)[-1] == {"cmd": "CONTINUE"}
    assert controller.view is View.WORKING


def test_no_input_in_time_cancels_and_says_so(
    qtbot: Any, sdk: tuple[EidBackend, FakeSocketFactory]
) -> None:
    controller, socket = started_pin_change(sdk, input_timeout_s=0.05)
    socket.push({"msg": "ENTER_PIN", "reader": reader(BASIC, card(3))})
    assert controller.view is View.ENTER_NUMBER
    qtbot.waitUntil(lambda: sent_frames(socket)[-1] == {"cmd": "CANCEL"}, timeout=TIMEOUT_MS)
    socket.push({"msg": "CHANGE_PIN", "success": False})
    assert controller.view is View.OUTCOME
    assert controller.state.outcome == "eid.outcome.timed_out"
    controller.retry()  # "Noch einmal versuchen": the same way again
    assert controller.view is View.WORKING
    assert sent_frames(socket)[-1] == {"cmd": "RUN_CHANGE_PIN"}
