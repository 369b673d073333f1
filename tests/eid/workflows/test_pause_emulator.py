"""PAUSE end to end: the kiosk's client and workflow against the emulator playing 2.5 with a
card that slips during PACE (level 3 is negotiated, PAUSE opens a PauseRequest)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eid.client import AusweisClient
from eid.commands import NumberKind
from eid.emulator import EmulatorServer
from eid.workflows import ChangePinWorkflow, OutcomeKind, PauseRequest
from tests.eid.workflows.visitor import Visitor, ready_client, run

TIMEOUT_MS = 20_000


@pytest.fixture
def client(qtbot: Any) -> Iterator[AusweisClient]:
    server = EmulatorServer(card="slipping", sdk_version="2.5")
    server.start()
    sdk = ready_client(qtbot, server.url, TIMEOUT_MS)
    yield sdk
    sdk.close()
    qtbot.wait(100)  # let Qt finish the closing handshake before the server thread stops
    server.stop()


@pytest.mark.parametrize("tap_continue", [False, True], ids=["card-back", "tap"])
def test_pin_change_survives_a_slipping_card(
    qtbot: Any, client: AusweisClient, tap_continue: bool
) -> None:
    assert client.api_level == 3
    visitor = Visitor(
        numbers={NumberKind.PIN: ["123456"], NumberKind.NEW_PIN: ["654321"]},
        tap_continue=tap_continue,
    )
    run(qtbot, TIMEOUT_MS, ChangePinWorkflow(client), visitor)
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.SUCCESS
    assert visitor.problems == []
    pauses = [r for r in visitor.seen if isinstance(r, PauseRequest)]
    assert len(pauses) == 1
    assert pauses[0].cause == "BadCardPosition"
    assert pauses[0].reader is not None and pauses[0].reader.name == "Plietsch Emulator"
