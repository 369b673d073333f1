"""Card guidance with the PC/SC reader monitor, and the result wiped when the card leaves."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QObject, Qt, Signal

from eid.backend import EidBackend
from eid.client import AusweisClient
from eid.emulator.server import EmulatorServer
from eid.readers.cardkind import CardKind
from eid.readers.events import CardInserted, ReaderInfo
from eid.selfauth import SelfAuthFetcher
from kiosk.config import Config
from kiosk.content import Bundle
from stations.eid_demo.flow import Step, View
from tests.qt_helpers import FakeClock, all_texts, settle
from tests.stations.conftest import TIMEOUT_MS, make_kiosk, open_eid
from ui.app import KioskApp


class FakeMonitor(QObject):
    """The reader monitor's surface: card and reader snapshots, two signals, the probing switch."""

    card_inserted = Signal(object)
    card_removed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.cards: dict[str, CardInserted] = {}
        self.readers: dict[str, ReaderInfo] = {}
        self.probing: list[bool] = []

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def set_probing_allowed(self, allowed: bool) -> None:
        self.probing.append(allowed)

    def put(self, reader: str, kind: CardKind) -> None:
        self.cards[reader] = CardInserted(reader, b"\x3b", kind)
        self.card_inserted.emit(self.cards[reader])

    def take(self, reader: str) -> None:
        self.cards.pop(reader, None)
        self.card_removed.emit(reader)


@pytest.fixture
def monitor() -> FakeMonitor:
    return FakeMonitor()


@pytest.fixture
def monitored_kiosk(  # noqa: PLR0917 - pytest fixtures arrive as arguments
    qtbot: Any,
    config: Config,
    bundle: Bundle,
    clock: FakeClock,
    emulator: EmulatorServer,
    monitor: FakeMonitor,
) -> Iterator[KioskApp]:
    client = AusweisClient(emulator.url, reconnect=False)
    fetcher = SelfAuthFetcher()
    backend = EidBackend(
        client,
        reader_monitor=monitor,
        fetcher=fetcher,
        tc_token_url=emulator.self_auth_tc_token_url,
    )
    backend.start()
    qtbot.waitUntil(lambda: backend.ready, timeout=TIMEOUT_MS)
    kiosk = make_kiosk(config, bundle, clock, backend)
    yield kiosk
    kiosk.stop()
    client.close()
    fetcher.shutdown()
    settle()


def start(qtbot: Any, kiosk: KioskApp) -> Any:
    station = open_eid(kiosk)
    qtbot.mouseClick(station.start_screen.tiles[Step.SHOW_DATA], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(station.choice.tiles[Step.HAVE_PIN], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: station.view is View.ACCESS_RIGHTS, timeout=TIMEOUT_MS)
    qtbot.mouseClick(station.rights_screen.accept, Qt.MouseButton.LeftButton)
    return station


def test_a_health_card_on_the_reader_is_named(
    qtbot: Any, monitored_kiosk: KioskApp, emulator: EmulatorServer, monitor: FakeMonitor
) -> None:
    emulator.set_card("none")  # nothing on the eID reader: the SDK asks for a card
    station = start(qtbot, monitored_kiosk)
    qtbot.waitUntil(lambda: station.view is View.INSERT_CARD, timeout=TIMEOUT_MS)
    assert not station.card_screen.wrong_card.isVisible()
    monitor.put("Reader 1", CardKind.EGK)
    settle()
    assert station.card_screen.wrong_card.text() == (
        "Das ist Ihre Gesundheitskarte – bitte legen Sie den Personalausweis auf."
    )
    monitor.take("Reader 1")
    assert not station.card_screen.wrong_card.isVisibleTo(station.card_screen)
    assert monitor.probing == [False]  # no probing while AusweisApp works with the reader
    qtbot.mouseClick(station.card_screen.cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: station.view is View.OUTCOME, timeout=TIMEOUT_MS)
    assert monitor.probing == [False, True]


def test_taking_the_card_away_wipes_the_result(
    qtbot: Any, monitored_kiosk: KioskApp, emulator: EmulatorServer, monitor: FakeMonitor
) -> None:
    emulator.set_card("basic")
    station = start(qtbot, monitored_kiosk)
    qtbot.waitUntil(lambda: station.view is View.ENTER_NUMBER, timeout=TIMEOUT_MS)
    pad = station.number_screen.pad
    for digit in "123456":
        qtbot.mouseClick(pad.digit_keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.ok_key, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: station.view is View.RESULT, timeout=TIMEOUT_MS)
    assert "MUSTERMANN" in "\n".join(all_texts(monitored_kiosk.window))
    monitor.take("Reader 2")  # another reader: the result stays
    assert station.view is View.RESULT
    monitor.take("Plietsch Emulator")  # the PC/SC layer saw the ID card leave
    assert station.view is View.PORTAL
    settle()
    assert station.controller.data is None
    assert "MUSTERMANN" not in "\n".join(all_texts(monitored_kiosk.window))
