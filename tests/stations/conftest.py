"""Fixtures for the eID station: the in-process emulator, an eID back end on it, and a kiosk."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from eid.backend import EidBackend
from eid.client import AusweisClient
from eid.commands import Command
from eid.emulator.server import EmulatorServer
from eid.selfauth import SelfAuthFetcher
from kiosk.config import Config
from kiosk.content import Bundle
from stations.eid_demo.controller import EidController
from stations.eid_demo.flow import Step
from stations.eid_demo.station import EidStation
from tests.eid.fakes import FakeSocket, FakeSocketFactory, ready_sdk
from tests.emulator.running import running_emulator
from tests.qt_helpers import FakeClock, settle, show_kiosk, shown_kiosk
from ui.app import KioskApp
from ui.station import Station

TIMEOUT_MS = 20000


@pytest.fixture
def emulator(qtbot: Any) -> Iterator[EmulatorServer]:
    yield from running_emulator(qtbot, delay_ms=0)


class SentLog:
    """Records the command names the client sends (never their values)."""

    def __init__(self, client: AusweisClient) -> None:
        self.commands: list[str] = []
        original = client.send

        def send(command: Command) -> bool:
            self.commands.append(command.cmd)
            return original(command)

        client.send = send  # type: ignore[method-assign]


@pytest.fixture
def backend(qtbot: Any, emulator: EmulatorServer) -> Iterator[EidBackend]:
    client = AusweisClient(emulator.url, reconnect=False)
    fetcher = SelfAuthFetcher()
    eid = EidBackend(
        client, fetcher=fetcher, tc_token_url=emulator.self_auth_tc_token_url, emulated=True
    )
    eid.start()
    qtbot.waitUntil(lambda: eid.ready, timeout=TIMEOUT_MS)
    yield eid
    client.close()
    fetcher.shutdown()
    settle()


@pytest.fixture
def sent(backend: EidBackend) -> SentLog:
    return SentLog(backend.client)


def make_kiosk(
    config: Config,
    bundle: Bundle,
    clock: FakeClock,
    eid: EidBackend | None,
    stations: list[Station] | None = None,
) -> KioskApp:
    return show_kiosk(config, bundle, clock, eid=eid, stations=stations)


@pytest.fixture
def kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, backend: EidBackend
) -> Iterator[KioskApp]:
    yield from shown_kiosk(config, bundle, clock, eid=backend)


@pytest.fixture
def fast_countdown_kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock, backend: EidBackend
) -> Iterator[KioskApp]:
    """The kiosk with an eID station whose result countdown ticks every 10 ms."""
    ticker = QTimer()
    ticker.setInterval(10)
    yield from shown_kiosk(config, bundle, clock, eid=backend, stations=[EidStation(ticker=ticker)])


@pytest.fixture
def offline_kiosk(
    qtbot: Any, config: Config, bundle: Bundle, clock: FakeClock
) -> Iterator[KioskApp]:
    """The kiosk without an eID back end: screens shown from demo states only."""
    yield from shown_kiosk(config, bundle, clock, eid=None)


@pytest.fixture
def sdk(qtbot: Any) -> Iterator[tuple[EidBackend, FakeSocketFactory]]:
    """A real client and back end on a scripted socket: the test plays the SDK's frames."""
    factory = FakeSocketFactory(ready_sdk)
    client = AusweisClient("ws://sdk.invalid/eID-Kernel", socket_factory=factory, reconnect=False)
    backend = EidBackend(client)
    backend.start()
    qtbot.waitUntil(lambda: backend.ready, timeout=TIMEOUT_MS)
    yield backend, factory
    client.close()


def sent_frames(socket: FakeSocket) -> list[dict[str, Any]]:
    """What the client sent on the scripted socket, decoded."""
    return [c for c in socket.sent_commands if isinstance(c, dict)]


def started_pin_change(
    sdk: tuple[EidBackend, FakeSocketFactory], **kwargs: Any
) -> tuple[EidController, FakeSocket]:
    """A controller on the scripted SDK, its PIN change begun and acknowledged by the SDK."""
    backend, factory = sdk
    controller = EidController(**kwargs)
    controller.attach(backend)
    controller.choose(Step.CHANGE_PIN)
    controller.choose(Step.START_TRANSPORT)
    socket = factory.last
    socket.push({"msg": "CHANGE_PIN"})
    return controller, socket


def open_eid(kiosk: KioskApp, language: str = "de") -> EidStation:
    kiosk.start_session()
    kiosk.choose_language(language)
    kiosk.open_station("eid")
    station = kiosk.stations["eid"]
    assert isinstance(station, EidStation)
    return station
