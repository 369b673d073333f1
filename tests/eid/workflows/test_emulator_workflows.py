"""Both workflows through the real client against the in-process emulator, one card preset each.

Nothing here is faked: QWebSocket client, emulator WebSocket server, emulated card, and
for the self-disclosure the emulator's HTTP endpoint fetched with ``requests``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from eid.client import AusweisClient
from eid.commands import NumberKind
from eid.emulator.server import EmulatorServer
from eid.selfauth import SelfAuthFetcher
from eid.workflows import (
    AccessRightsRequest,
    AuthWorkflow,
    ChangePinWorkflow,
    InsertCardRequest,
    OutcomeKind,
)
from tests.eid.workflows.visitor import Visitor, ready_client, run

PIN, CAN, PUK, WRONG = NumberKind.PIN, NumberKind.CAN, NumberKind.PUK, "000000"
ANSWERS = {
    PIN: ["123456"],
    NumberKind.TRANSPORT_PIN: ["12345"],
    CAN: ["654321"],
    PUK: ["1234567890"],
    NumberKind.NEW_PIN: ["246810"],
}
TIMEOUT_MS = 20000


def stop_emulator(qtbot: Any, server: EmulatorServer) -> None:
    """Stop in a thread while Qt runs, so the client can answer the WebSocket close."""
    stopper = threading.Thread(target=server.stop)
    stopper.start()
    qtbot.waitUntil(lambda: not stopper.is_alive(), timeout=TIMEOUT_MS)


@pytest.fixture
def emulator(qtbot: Any) -> Iterator[EmulatorServer]:
    server = EmulatorServer()
    server.start()
    yield server
    stop_emulator(qtbot, server)


@pytest.fixture
def client(qtbot: Any, emulator: EmulatorServer) -> Iterator[AusweisClient]:
    sdk = ready_client(qtbot, emulator.url, TIMEOUT_MS)
    yield sdk
    sdk.close()


def answers(**overrides: list[str]) -> dict[NumberKind, list[str]]:
    table = {kind: list(values) for kind, values in ANSWERS.items()}
    for name, values in overrides.items():
        table[NumberKind[name]] = values
    return table


CHANGE_PIN_CASES = [
    ("none", OutcomeKind.SUCCESS),  # AusweisApp-like: Simulator card via SET_CARD
    ("good", OutcomeKind.SUCCESS),
    ("basic", OutcomeKind.SUCCESS),
    ("keypad", OutcomeKind.SUCCESS),
    ("slow", OutcomeKind.SUCCESS),
    ("can", OutcomeKind.SUCCESS),
    ("puk", OutcomeKind.SUCCESS),
    ("wrong-pin", OutcomeKind.SUCCESS),
    ("wrong-pin-keypad", OutcomeKind.SUCCESS),
    ("blocked", OutcomeKind.BLOCKED),
    ("deactivated", OutcomeKind.DEACTIVATED),
    ("removed", OutcomeKind.CARD_REMOVED),
]


#: what the visitor types differently from ANSWERS, per preset
TYPED = {"wrong-pin": {"PIN": [WRONG, WRONG, "123456"]}}


@pytest.mark.parametrize(("preset", "kind"), CHANGE_PIN_CASES)
def test_change_pin_per_card(
    qtbot: Any, emulator: EmulatorServer, client: AusweisClient, preset: str, kind: OutcomeKind
) -> None:
    emulator.set_card(preset)
    visitor = run(
        qtbot, TIMEOUT_MS, ChangePinWorkflow(client), Visitor(answers(**TYPED.get(preset, {})))
    )
    assert visitor.outcome is not None
    assert visitor.outcome.kind is kind, visitor.outcome
    assert visitor.problems == []


def test_change_pin_transport_pin(
    qtbot: Any, emulator: EmulatorServer, client: AusweisClient
) -> None:
    emulator.set_card("transport")
    visitor = run(
        qtbot, TIMEOUT_MS, ChangePinWorkflow(client, transport_pin=True), Visitor(answers())
    )
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.SUCCESS
    assert visitor.number_requests[0] == (NumberKind.TRANSPORT_PIN, False)


def test_wrong_pin_walks_through_can(
    qtbot: Any, emulator: EmulatorServer, client: AusweisClient
) -> None:
    emulator.set_card("wrong-pin")
    visitor = Visitor(answers(PIN=[WRONG, WRONG, "123456"]))
    run(qtbot, TIMEOUT_MS, ChangePinWorkflow(client), visitor)
    assert visitor.number_requests == [
        (PIN, False),
        (PIN, True),
        (CAN, True),
        (PIN, False),
        (NumberKind.NEW_PIN, False),
    ]


def test_change_pin_cancelled(qtbot: Any, client: AusweisClient) -> None:
    visitor = run(
        qtbot, TIMEOUT_MS, ChangePinWorkflow(client), Visitor(cancel_at=InsertCardRequest)
    )
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.CANCELLED


def test_emulator_going_away_ends_with_disconnected(
    qtbot: Any, emulator: EmulatorServer, client: AusweisClient
) -> None:
    visitor = Visitor()
    visitor.cancel_at = None
    workflow = ChangePinWorkflow(client)
    visitor.attach(workflow)
    workflow.request_opened.disconnect(visitor.on_request)  # leave the INSERT_CARD open
    assert workflow.start()
    qtbot.waitUntil(lambda: workflow.request is not None, timeout=TIMEOUT_MS)
    stop_emulator(qtbot, emulator)
    qtbot.waitUntil(lambda: visitor.outcome is not None, timeout=TIMEOUT_MS)
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.DISCONNECTED


@pytest.fixture
def fetcher(qapp: Any) -> Iterator[SelfAuthFetcher]:
    worker = SelfAuthFetcher(requests.Session(), timeout=(2.0, 10.0))
    yield worker
    worker.shutdown()


AUTH_CASES = [
    ("good", OutcomeKind.SUCCESS),
    ("keypad", OutcomeKind.SUCCESS),
    ("can", OutcomeKind.SUCCESS),
    ("blocked", OutcomeKind.BLOCKED),
    ("deactivated", OutcomeKind.DEACTIVATED),
    ("removed", OutcomeKind.CARD_REMOVED),
    ("transport", OutcomeKind.UNKNOWN),  # Transport-PIN cards cannot authenticate
]


@pytest.mark.parametrize(("preset", "kind"), AUTH_CASES)
def test_auth_per_card(
    qtbot: Any,
    emulator: EmulatorServer,
    client: AusweisClient,
    fetcher: SelfAuthFetcher,
    *,
    preset: str,
    kind: OutcomeKind,
) -> None:
    emulator.set_card(preset)
    workflow = AuthWorkflow(client, emulator.self_auth_tc_token_url, fetcher=fetcher)
    visitor = run(qtbot, TIMEOUT_MS, workflow, Visitor(answers()))
    assert visitor.outcome is not None
    assert visitor.outcome.kind is kind, visitor.outcome
    assert len(visitor.data) == (1 if kind is OutcomeKind.SUCCESS else 0)


def test_self_disclosure_data_arrive_and_wipe(
    qtbot: Any,
    emulator: EmulatorServer,
    client: AusweisClient,
    fetcher: SelfAuthFetcher,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emulator.set_card("good")
    workflow = AuthWorkflow(client, emulator.self_auth_tc_token_url, fetcher=fetcher)
    with caplog.at_level(1):  # every level, including the client's traffic log
        visitor = run(qtbot, TIMEOUT_MS, workflow, Visitor(answers()))
    [data] = visitor.data
    assert data.family_names and data.given_names and data.date_of_birth
    assert data.place_of_residence is not None
    personal = [
        data.family_names,
        data.given_names,
        data.date_of_birth,
        data.place_of_residence.text(),
    ]
    logged = caplog.text + repr([r.args for r in caplog.records])
    assert not [value for value in personal if value in logged]
    assert "SET_PIN" in logged and "123456" not in logged  # the log was on, the PIN kept out
    assert data.family_names not in repr(visitor.outcome)
    data.wipe()
    assert data.present_fields() == []


def test_auth_declined_access_rights(qtbot: Any, client: AusweisClient, emulator: Any) -> None:
    workflow = AuthWorkflow(client, emulator.self_auth_tc_token_url)
    visitor = run(qtbot, TIMEOUT_MS, workflow, Visitor(cancel_at=AccessRightsRequest))
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.CANCELLED


def test_auth_offline_network_error(qtbot: Any, client: AusweisClient) -> None:
    workflow = AuthWorkflow(client, "https://plietsch-test.invalid/tcToken")
    visitor = run(qtbot, TIMEOUT_MS, workflow, Visitor())
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.NETWORK_ERROR
