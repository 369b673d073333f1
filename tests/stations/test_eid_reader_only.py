"""`[eid] pin_entry = "reader-only"`: the kiosk never shows its PIN pad and never sees a number.

Basic readers get the explanation and the test card; keypad readers (the SDK's flag, or the
reader layer's while the SDK has not said) get "Geben Sie die PIN am Kartenleser ein".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal

from eid.backend import EidBackend
from eid.client import AusweisClient
from eid.commands import Command
from eid.emulator.server import EmulatorServer
from eid.readers.events import CardInserted, ReaderInfo
from eid.readers.pinpad import FEATURE_EXECUTE_PACE, FEATURE_VERIFY_PIN_DIRECT, PinPadFeatures
from eid.selfauth import SelfAuthFetcher
from kiosk.config import Config
from kiosk.content import Bundle
from stations.eid_demo.controller import EidController
from stations.eid_demo.flow import Step, View
from stations.eid_demo.state import Entry
from tests.eid.fakes import FakeSocket, FakeSocketFactory, ready_sdk
from tests.eid.workflows.scripts import BASIC, PINPAD, SIM, card, reader
from tests.qt_helpers import FakeClock, settle
from tests.stations.conftest import TIMEOUT_MS, make_kiosk, open_eid, sent_frames
from tests.stations.test_eid_end_to_end import click, start_self_disclosure, wait_view
from ui.app import KioskApp

EMULATOR_READER = "Plietsch Emulator"
KEYPAD = PinPadFeatures({FEATURE_EXECUTE_PACE: 0x42330001})
NO_KEYPAD = PinPadFeatures({FEATURE_VERIFY_PIN_DIRECT: 0x42330006})


class FakeMonitor(QObject):
    """The reader layer as the kiosk sees it: readers with their PC/SC keypad flag."""

    card_inserted = Signal(object)
    card_removed = Signal(str)

    def __init__(self, readers: dict[str, PinPadFeatures]) -> None:
        super().__init__()
        self.readers = {name: ReaderInfo(name, features) for name, features in readers.items()}
        self.cards: dict[str, CardInserted] = {}

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def set_probing_allowed(self, allowed: bool) -> None: ...


def scripted(
    qtbot: Any, monitor: FakeMonitor | None = None
) -> tuple[EidBackend, FakeSocketFactory]:
    factory = FakeSocketFactory(ready_sdk)
    client = AusweisClient("ws://sdk.invalid/eID-Kernel", socket_factory=factory, reconnect=False)
    backend = EidBackend(client, reader_monitor=monitor)
    backend.start()
    qtbot.waitUntil(lambda: backend.ready, timeout=TIMEOUT_MS)
    return backend, factory


def reader_only(backend: EidBackend) -> EidController:
    controller = EidController(reader_only=True)
    controller.attach(backend)
    return controller


def commands(socket: FakeSocket) -> list[str]:
    return [frame["cmd"] for frame in sent_frames(socket)]


# --- basic readers: explain, offer the test card -----------------------------------------------


def test_a_known_basic_reader_is_explained_before_anything_starts(qtbot: Any) -> None:
    backend, factory = scripted(qtbot)
    socket = factory.last
    socket.push({"msg": "READER", **reader(BASIC, card(3))})
    controller = reader_only(backend)
    controller.choose(Step.CHANGE_PIN)
    controller.choose(Step.START_TRANSPORT)
    assert controller.view is View.NEEDS_KEYPAD
    assert "RUN_CHANGE_PIN" not in commands(socket)
    controller.choose(Step.TEST_CARD)  # the test card instead: the same PIN change
    assert controller.view is View.WORKING
    assert commands(socket)[-1] == "RUN_CHANGE_PIN"
    socket.push({"msg": "CHANGE_PIN"})
    socket.push({"msg": "ENTER_PIN", "reader": reader(SIM, card(3))})
    assert controller.state.number.entry is Entry.CONFIRM  # no pad, only "Weiter"
    assert not controller.state.number.pad_shown
    controller.submit_number("123456")  # a stray pad event changes nothing
    assert commands(socket)[-1] == "RUN_CHANGE_PIN"
    controller.confirm_without_number()
    assert sent_frames(socket)[-1] == {"cmd": "SET_PIN"}


def test_a_basic_reader_found_at_the_number_request_cancels_and_explains(qtbot: Any) -> None:
    backend, factory = scripted(qtbot)
    controller = reader_only(backend)
    controller.choose(Step.CHANGE_PIN)
    controller.choose(Step.START_TRANSPORT)  # no reader known yet: the workflow starts
    socket = factory.last
    socket.push({"msg": "CHANGE_PIN"})
    socket.push({"msg": "ENTER_PIN", "reader": reader(BASIC, card(3))})
    assert controller.view is View.NEEDS_KEYPAD
    assert commands(socket)[-1] == "CANCEL"  # nothing asked, nothing typed
    assert controller.state.workflow_running
    controller.choose(Step.TEST_CARD)  # AusweisApp has not ended the old one yet: wait
    assert commands(socket)[-1] == "CANCEL"
    socket.push({"msg": "CHANGE_PIN", "success": False})
    assert controller.view is View.NEEDS_KEYPAD and not controller.state.workflow_running
    controller.choose(Step.TEST_CARD)
    assert commands(socket)[-1] == "RUN_CHANGE_PIN"


@pytest.mark.parametrize(
    ("pcsc", "expected"),
    [
        (NO_KEYPAD, View.NEEDS_KEYPAD),  # the reader layer knows the reader has no keypad
        (KEYPAD, View.WORKING),  # ... or that it has one: the workflow may start
    ],
)
def test_the_reader_layers_flag_decides_while_the_sdk_has_not_said(
    qtbot: Any, pcsc: PinPadFeatures, expected: View
) -> None:
    backend, factory = scripted(qtbot, FakeMonitor({"Cherry ST-1275": pcsc}))
    controller = reader_only(backend)
    controller.choose(Step.SHOW_DATA)
    backend.tc_token_url = (
        "https://test.governikus-eid.de/AusweisAuskunft/WebServiceRequesterServlet"
    )
    controller.choose(Step.HAVE_PIN)
    assert controller.view is expected
    assert ("RUN_AUTH" in commands(factory.last)) is (expected is View.WORKING)


def test_the_sdks_keypad_flag_wins_over_the_reader_layer(qtbot: Any) -> None:
    backend, factory = scripted(qtbot, FakeMonitor({PINPAD: NO_KEYPAD}))
    controller = reader_only(backend)
    controller.choose(Step.CHANGE_PIN)
    socket = factory.last
    socket.push({"msg": "READER", **reader(PINPAD, card(3), keypad=True)})
    controller.choose(Step.START_TRANSPORT)
    socket.push({"msg": "CHANGE_PIN"})
    socket.push({"msg": "ENTER_PIN", "reader": reader(PINPAD, card(3), keypad=True)})
    assert controller.state.number.entry is Entry.READER
    assert sent_frames(socket)[-1] == {"cmd": "SET_PIN"}  # no value: the reader asks


# --- through the real station against the emulator ----------------------------------------------


class ValueLog:
    """Which commands went out and whether they carried a value (never the value)."""

    def __init__(self, client: AusweisClient) -> None:
        self.sent: list[tuple[str, bool]] = []
        original = client.send

        def send(command: Command) -> bool:
            self.sent.append((command.cmd, getattr(command, "value", None) is not None))
            return original(command)

        client.send = send  # type: ignore[method-assign]


def put_card(
    qtbot: Any, kiosk: KioskApp, emulator: EmulatorServer, preset: str, *, keypad: bool
) -> None:
    """A fresh card of `preset`; wait until AusweisApp's reader report says what it is."""
    emulator.set_card(preset)
    assert kiosk.eid is not None
    readers = kiosk.eid.client.readers

    def reported() -> bool:
        info = readers.get(EMULATOR_READER)
        return info is not None and info.keypad is keypad

    qtbot.waitUntil(reported, timeout=TIMEOUT_MS)


@pytest.fixture
def reader_only_kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, emulator: EmulatorServer
) -> Iterator[tuple[KioskApp, ValueLog]]:
    client = AusweisClient(emulator.url, reconnect=False)
    fetcher = SelfAuthFetcher()
    backend = EidBackend(
        client, fetcher=fetcher, tc_token_url=emulator.self_auth_tc_token_url, emulated=True
    )
    backend.start()
    qtbot.waitUntil(lambda: backend.ready, timeout=TIMEOUT_MS)
    log = ValueLog(client)
    only = replace(config, eid=replace(config.eid, pin_entry="reader-only"))
    kiosk = make_kiosk(only, bundle, clock, backend)
    yield kiosk, log
    kiosk.stop()
    client.close()
    fetcher.shutdown()
    settle()


@pytest.mark.parametrize("preset", ["keypad", "wrong-pin-keypad", "transport-keypad"])
def test_keypad_presets_never_show_the_pad_and_send_no_number(
    qtbot: Any, reader_only_kiosk: tuple[KioskApp, ValueLog], emulator: EmulatorServer, preset: str
) -> None:
    kiosk, log = reader_only_kiosk
    put_card(qtbot, kiosk, emulator, preset, keypad=True)
    station = open_eid(kiosk)
    screen = station.number_screen
    titles: list[str] = []

    def seen(_state: object) -> None:
        if station.view is View.ENTER_NUMBER:
            assert not screen.pad.isVisibleTo(screen) and not screen.shuffle.isVisibleTo(screen)
            assert screen.reader_picture.isVisibleTo(screen)
            titles.append(screen.title.text())

    station.controller.state_changed.connect(seen)
    if preset.startswith("transport"):
        click(qtbot, station.start_screen.tiles[Step.CHANGE_PIN])
        click(qtbot, station.info.primary)
    else:
        start_self_disclosure(qtbot, station)
    ended = {View.RESULT, View.OUTCOME, View.PIN_READY}
    qtbot.waitUntil(lambda: station.view in ended, timeout=TIMEOUT_MS)
    assert titles and titles[0] == (
        "Geben Sie die Transport-PIN am Kartenleser ein"
        if preset.startswith("transport")
        else "Geben Sie die PIN am Kartenleser ein"
    )
    secrets = [(cmd, valued) for cmd, valued in log.sent if cmd.startswith("SET_") and "PIN" in cmd]
    assert secrets and not any(valued for _cmd, valued in secrets)
    station.controller.wipe()


def test_a_basic_reader_station_offers_the_test_card(
    qtbot: Any, reader_only_kiosk: tuple[KioskApp, ValueLog], emulator: EmulatorServer
) -> None:
    kiosk, log = reader_only_kiosk
    put_card(qtbot, kiosk, emulator, "basic", keypad=False)
    station = open_eid(kiosk)
    start_self_disclosure(qtbot, station, rights=False)
    assert station.view is View.NEEDS_KEYPAD  # known basic reader: before anything starts
    assert "RUN_AUTH" not in [cmd for cmd, _valued in log.sent]
    keypad = station.keypad_screen
    assert keypad.title.text() == "Diese Station braucht einen Kartenleser mit Tastatur"
    qtbot.waitUntil(keypad.test_card.isEnabled, timeout=TIMEOUT_MS)
    emulator.set_card("none")  # the visitor takes the own card off, as the screen asks
    click(qtbot, keypad.test_card)
    wait_view(qtbot, station, View.ACCESS_RIGHTS)
    click(qtbot, station.rights_screen.accept)
    wait_view(qtbot, station, View.ENTER_NUMBER)
    screen = station.number_screen
    assert not screen.pad.isVisibleTo(screen) and screen.confirm.isVisible()
    click(qtbot, screen.confirm)
    wait_view(qtbot, station, View.RESULT)
    assert not any(valued for cmd, valued in log.sent if cmd == "SET_PIN")
    assert station.result.test_badge.isVisible()
