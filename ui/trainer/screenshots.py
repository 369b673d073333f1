"""Trainer window states for `main.py --screenshots`: waiting, an authentication with one wrong
PIN (in progress and finished) and a Transport-PIN change, replayed from masked frames as the
emulator sends them, on a made-up clock (so the durations look like a real run)."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from kiosk.i18n import Translator
from ui.trainer.scenarios import ScenarioControl
from ui.trainer.timeline import Timeline
from ui.trainer.window import TrainerWindow

logger = logging.getLogger(__name__)

SIZE = (1920, 1080)
READER = "Plietsch Emulator"
MASK = "***"


def _reader(counter: int | None) -> dict[str, Any]:
    card = (
        None
        if counter is None
        else {"deactivated": False, "inoperative": False, "retryCounter": counter}
    )
    return {"attached": True, "card": card, "insertable": False, "keypad": False, "name": READER}


#: (seconds after the previous frame, direction, frame) of an authentication with one wrong PIN.
AUTH_WRONG_PIN: list[tuple[float, str, dict[str, Any]]] = [
    (
        0.0,
        "send",
        {
            "cmd": "RUN_AUTH",
            "tcTokenURL": "https://eid.example.org/tcToken",
            "developerMode": False,
            "status": True,
        },
    ),
    (0.05, "recv", {"msg": "AUTH"}),
    (0.4, "recv", {"msg": "STATUS", "progress": 0, "state": None, "workflow": "AUTH"}),
    (
        1.2,
        "recv",
        {
            "msg": "ACCESS_RIGHTS",
            "chat": {
                "effective": ["GivenNames", "FamilyName"],
                "optional": [],
                "required": ["GivenNames", "FamilyName"],
            },
        },
    ),
    (0.02, "send", {"cmd": "GET_CERTIFICATE"}),
    (
        0.05,
        "recv",
        {
            "msg": "CERTIFICATE",
            "description": {"subjectName": "Stadt Flensburg", "purpose": "Selbstauskunft"},
        },
    ),
    (6.5, "send", {"cmd": "ACCEPT"}),
    (0.1, "recv", {"msg": "STATUS", "progress": 20, "state": None, "workflow": "AUTH"}),
    (0.2, "recv", {"msg": "INSERT_CARD"}),
    (3.1, "recv", {"msg": "READER", **_reader(3)}),
    (0.3, "recv", {"msg": "ENTER_PIN", "reader": _reader(3)}),
    (9.4, "send", {"cmd": "SET_PIN", "value": MASK}),
    (1.6, "recv", {"msg": "ENTER_PIN", "reader": _reader(2)}),
    (7.8, "send", {"cmd": "SET_PIN", "value": MASK}),
]
AUTH_FINISH: list[tuple[float, str, dict[str, Any]]] = [
    (1.4, "recv", {"msg": "STATUS", "progress": 60, "state": None, "workflow": "AUTH"}),
    (1.9, "recv", {"msg": "STATUS", "progress": 80, "state": None, "workflow": "AUTH"}),
    (0.8, "recv", {"msg": "READER", **_reader(None)}),
    (
        0.1,
        "recv",
        {
            "msg": "AUTH",
            "result": {"major": "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#ok"},
            "url": f"https://eid.example.org/{MASK}",
        },
    ),
]
CHANGE_PIN: list[tuple[float, str, dict[str, Any]]] = [
    (0.0, "send", {"cmd": "RUN_CHANGE_PIN", "status": True}),
    (0.05, "recv", {"msg": "CHANGE_PIN"}),
    (0.1, "recv", {"msg": "INSERT_CARD"}),
    (2.7, "recv", {"msg": "READER", **_reader(3)}),
    (0.3, "recv", {"msg": "ENTER_PIN", "reader": _reader(3)}),
    (6.2, "send", {"cmd": "SET_PIN", "value": MASK}),
    (1.3, "recv", {"msg": "ENTER_NEW_PIN", "reader": _reader(3)}),
    (11.0, "send", {"cmd": "SET_NEW_PIN", "value": MASK}),
    (1.8, "recv", {"msg": "READER", **_reader(None)}),
    (0.05, "recv", {"msg": "CHANGE_PIN", "success": True}),
]


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def trainer_screens(
    translator: Translator,
) -> tuple[TrainerWindow, list[tuple[str, Callable[[], None]]]]:
    """The window (with the demo scenario bar) and its (screen name, setup) pairs."""
    clock = _Clock()
    timeline = Timeline(clock)
    scenarios = ScenarioControl(lambda: None)
    window = TrainerWindow(translator, timeline, scenarios=scenarios)
    window.resize(*SIZE)

    def replay(*sequences: list[tuple[float, str, dict[str, Any]]]) -> None:
        window.clear()
        for sequence in sequences:
            for delay, direction, frame in sequence:
                clock.now += delay
                window.feed(direction, json.dumps(frame, ensure_ascii=False, separators=(",", ":")))
        clock.now += 0.6

    def in_progress() -> None:
        replay(AUTH_WRONG_PIN)
        scenarios.chosen.emit("wrong-pin")

    states = [
        ("waiting", window.clear),
        ("auth-pin", in_progress),
        ("auth-done", lambda: replay(AUTH_WRONG_PIN, AUTH_FINISH)),
        ("change-pin", lambda: replay(CHANGE_PIN)),
    ]
    return window, states
