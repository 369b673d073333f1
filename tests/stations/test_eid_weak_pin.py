"""The weak-new-PIN warning: a table of PINs, the flow around it, and its screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from eid.backend import EidBackend
from kiosk.i18n import CATALOG_DIR, load_catalogs
from stations.eid_demo import demo
from stations.eid_demo.controller import EidController
from stations.eid_demo.flow import View
from stations.eid_demo.pin_rules import (
    EXAMPLE_CAN,
    EXAMPLE_PIN,
    SHOWN_EXAMPLES,
    WeakReason,
    weak_reason,
)
from stations.eid_demo.state import Stage
from tests.eid.fakes import FakeSocket, FakeSocketFactory
from tests.eid.workflows.scripts import BASIC, SIM, card, reader
from tests.stations.conftest import open_eid, sent_frames, started_pin_change
from tests.stations.test_eid_walkthrough import show
from ui.app import KioskApp

CATALOGS, _ = load_catalogs(CATALOG_DIR)

WARNED = [
    ("111111", WeakReason.SAME_DIGITS),
    ("000000", WeakReason.SAME_DIGITS),
    ("999999", WeakReason.SAME_DIGITS),
    ("234567", WeakReason.ASCENDING),
    ("012345", WeakReason.ASCENDING),
    ("456789", WeakReason.ASCENDING),
    ("789012", WeakReason.ASCENDING),  # a run that goes round past 9
    ("654321", WeakReason.DESCENDING),
    ("987654", WeakReason.DESCENDING),
    ("210987", WeakReason.DESCENDING),
    ("198808", WeakReason.DATE),  # year and month
    ("201012", WeakReason.DATE),
    ("081964", WeakReason.DATE),  # month and year
    ("122001", WeakReason.DATE),
    ("120864", WeakReason.DATE),  # 12.08.64
    ("311299", WeakReason.DATE),
    (EXAMPLE_PIN, WeakReason.EXAMPLE),  # also a run, but the station showed it
    (EXAMPLE_CAN, WeakReason.EXAMPLE),
]
NOT_WARNED = [
    "739164",
    "582039",
    "190013",  # 19.. but month 13
    "200000",  # 20.. but month 00
    "321987",  # DD 32: no day
    "013388",  # day 01, month 33: no date
    "135790",  # steps of 2
    "112233",
    "246802",
    "975319",
]


@pytest.mark.parametrize(("pin", "reason"), WARNED)
def test_guessable_pins_are_warned_about(pin: str, reason: WeakReason) -> None:
    assert weak_reason(pin) is reason


@pytest.mark.parametrize("pin", NOT_WARNED)
def test_pins_without_a_pattern_pass(pin: str) -> None:
    assert weak_reason(pin) is None


def test_every_example_the_station_shows_is_on_the_list() -> None:
    """The texts take their example from pin_rules, so the list is what visitors saw."""
    for language, catalog in CATALOGS.items():
        shown = catalog["eid.number.new_pin.lead"].format(example=EXAMPLE_PIN)
        assert EXAMPLE_PIN in shown, language
    assert {EXAMPLE_PIN, EXAMPLE_CAN} <= SHOWN_EXAMPLES
    assert all(f"eid.weak.{reason.value}" in CATALOGS["da"] for reason in WeakReason)


# --- the flow: warn before anything is sent; the visitor may insist ----------------------------


@pytest.fixture
def new_pin(
    sdk: tuple[EidBackend, FakeSocketFactory],
) -> Iterator[tuple[EidController, FakeSocket]]:
    controller, socket = started_pin_change(sdk)
    socket.push({"msg": "ENTER_NEW_PIN", "reader": reader(BASIC, card(3))})
    yield controller, socket
    controller.wipe()


def test_a_weak_pin_is_warned_about_and_nothing_is_sent(
    new_pin: tuple[EidController, FakeSocket],
) -> None:
    controller, socket = new_pin
    controller.submit_number("111111")
    assert controller.view is View.WEAK_PIN
    assert controller.state.weak is WeakReason.SAME_DIGITS
    assert sent_frames(socket)[-1]["cmd"] == "RUN_CHANGE_PIN"


def test_the_visitor_may_insist_and_repeats_the_same_pin(
    new_pin: tuple[EidController, FakeSocket],
) -> None:
    controller, socket = new_pin
    controller.submit_number("198808")
    controller.keep_weak_pin()
    assert controller.view is View.ENTER_NUMBER
    assert controller.state.number.stage is Stage.REPEAT and controller.state.weak is None
    controller.submit_number("198808")
    assert sent_frames(socket)[-1] == {"cmd": "SET_NEW_PIN", "value": "198808"}
    assert controller.view is View.WORKING


def test_choosing_another_pin_forgets_the_first_one(
    new_pin: tuple[EidController, FakeSocket],
) -> None:
    controller, socket = new_pin
    before = controller.state.number.request
    controller.submit_number("654321")
    controller.choose_other_pin()
    number = controller.state.number
    assert controller.view is View.ENTER_NUMBER
    assert number.stage is Stage.FIRST and number.request > before  # a fresh pad
    assert "654321" not in repr(vars(controller))
    controller.submit_number("739164")  # no pattern: straight to the repetition
    assert controller.state.number.stage is Stage.REPEAT
    controller.submit_number("739164")
    assert sent_frames(socket)[-1] == {"cmd": "SET_NEW_PIN", "value": "739164"}


def test_the_test_card_warns_too_but_sends_no_value(
    sdk: tuple[EidBackend, FakeSocketFactory],
) -> None:
    controller, socket = started_pin_change(sdk)
    socket.push({"msg": "ENTER_NEW_PIN", "reader": reader(SIM, card(3))})
    controller.submit_number("123456")
    assert controller.view is View.WEAK_PIN
    controller.keep_weak_pin()
    controller.submit_number("123456")
    assert sent_frames(socket)[-1] == {"cmd": "SET_NEW_PIN"}  # the Simulator takes no value


def test_the_warning_screen_in_every_language(offline_kiosk: KioskApp) -> None:
    for language in ("de", "en", "da"):
        station = open_eid(offline_kiosk, language)
        (shot,) = [s for s in demo.screenshots() if s.name == "weak-pin"]
        show(station, shot.state)
        screen = station.weak_screen
        catalog = CATALOGS[language]
        assert screen.title.text() == catalog["eid.weak.title"]
        assert screen.reason.text() == catalog["eid.weak.date"]
        assert screen.other.isVisible() and screen.keep.isVisible()
