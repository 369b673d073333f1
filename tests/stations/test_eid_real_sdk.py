"""The station against real SDK processes: AusweisApp 1.26.2 and 2.x, and the emulator.

The Transport-PIN change with the AusweisApp Simulator card works offline, so it runs the
station's whole path (insert card -> test card -> Transport-PIN -> new PIN twice ->
"Geschafft") against real AusweisApp 1.26.2 and 2.x as well. AusweisApp
1.26.2 sometimes reports success before asking for any PIN (see
reference/ausweisapp-sdk.md); the workflow starts itself again then, so the visitor
succeeds at the first try.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt

from eid.backend import EidBackend
from eid.client import AusweisClient
from kiosk.config import Config
from kiosk.content import Bundle
from stations.eid_demo.flow import Step, View
from stations.eid_demo.station import EidStation
from stations.eid_demo.texts import PIN_CHANGED
from tests.eid.conftest import (  # noqa: F401 - fixtures
    ausweisapp2_url,
    ausweisapp_url,
    emulator25_url,
    emulator_url,
    sdk_url,
)
from tests.qt_helpers import FakeClock, settle
from tests.stations.conftest import TIMEOUT_MS, make_kiosk, open_eid
from ui.app import KioskApp


@pytest.fixture
def real_kiosk(
    qtbot: Any,
    config: Config,
    bundle: Bundle,
    clock: FakeClock,
    sdk_url: str,  # noqa: F811
) -> Iterator[KioskApp]:
    client = AusweisClient(sdk_url, reconnect=False)
    backend = EidBackend(client)
    backend.start()
    qtbot.waitUntil(lambda: backend.ready, timeout=TIMEOUT_MS)
    kiosk = make_kiosk(config, bundle, clock, backend)
    yield kiosk
    kiosk.stop()
    client.close()
    settle()


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_on_pad(qtbot: Any, station: EidStation, value: str) -> None:
    for digit in value:
        click(qtbot, station.number_screen.pad.digit_keys[digit])
    click(qtbot, station.number_screen.pad.ok_key)


def change_transport_pin(qtbot: Any, station: EidStation) -> tuple[str, bool]:
    """One attempt; returns the outcome key and whether a number was asked at all."""
    click(qtbot, station.start_screen.tiles[Step.CHANGE_PIN])
    click(qtbot, station.info.primary)
    qtbot.waitUntil(lambda: station.view is not View.WORKING, timeout=TIMEOUT_MS)
    if station.view is View.INSERT_CARD:
        # AusweisApp may report its Simulator reader just after INSERT_CARD
        qtbot.waitUntil(station.card_screen.test_card.isVisible, timeout=TIMEOUT_MS)
        click(qtbot, station.card_screen.test_card)
    ended = {View.OUTCOME, View.PIN_READY}
    qtbot.waitUntil(lambda: station.view in {View.ENTER_NUMBER, *ended}, timeout=TIMEOUT_MS)
    asked = station.view is View.ENTER_NUMBER
    if asked:
        screen = station.number_screen
        assert screen.pad.isVisible() and screen.test_badge.isVisible()
        assert screen.pad.length == 5
        type_on_pad(qtbot, station, "12345")
        qtbot.waitUntil(lambda: screen.view.kind.name == "NEW_PIN", timeout=TIMEOUT_MS)
        type_on_pad(qtbot, station, "135790")
        type_on_pad(qtbot, station, "135790")
    qtbot.waitUntil(lambda: station.view in ended, timeout=TIMEOUT_MS)
    return station.controller.state.outcome, asked


def test_transport_pin_change_with_the_test_card(qtbot: Any, real_kiosk: KioskApp) -> None:
    """One visitor, one try: no "did not work, try again" from an SDK quirk."""
    station = open_eid(real_kiosk)
    assert change_transport_pin(qtbot, station) == (PIN_CHANGED, True)
    assert station.view is View.PIN_READY
    assert station.handoff_screen.title.text() == "Geschafft – mit dem Testausweis"
