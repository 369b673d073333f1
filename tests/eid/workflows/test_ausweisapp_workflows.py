"""The workflows against real AusweisApp 1.26.2 and 2.x, for what their Simulator can do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eid.client import AusweisClient
from eid.workflows import AuthWorkflow, ChangePinWorkflow, InsertCardRequest, OutcomeKind
from tests.eid.workflows.visitor import Visitor, ready_client, run

pytestmark = pytest.mark.ausweisapp
TIMEOUT_MS = 30000


@pytest.fixture(params=["ausweisapp_url", "ausweisapp2_url"], ids=["1.26", "2.x"])
def client(qtbot: Any, request: pytest.FixtureRequest) -> Iterator[AusweisClient]:
    sdk = ready_client(qtbot, request.getfixturevalue(request.param), TIMEOUT_MS)
    yield sdk
    sdk.close()


def test_change_pin_with_the_simulator(qtbot: Any, client: AusweisClient) -> None:
    # 1.26.2 sometimes fails before PACE ("Card is already connected") and still says
    # success; the workflow does not believe it and starts again by itself
    visitor = run(qtbot, TIMEOUT_MS, ChangePinWorkflow(client), Visitor())
    assert visitor.outcome is not None
    assert visitor.outcome.kind is OutcomeKind.SUCCESS, visitor.outcome
    assert visitor.problems == []
    assert all(r.keypad for r in visitor.seen if hasattr(r, "keypad"))


def test_change_pin_cancelled(qtbot: Any, client: AusweisClient) -> None:
    visitor = run(
        qtbot, TIMEOUT_MS, ChangePinWorkflow(client), Visitor(cancel_at=InsertCardRequest)
    )
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.CANCELLED


def test_auth_offline_is_a_network_error(qtbot: Any, client: AusweisClient) -> None:
    workflow = AuthWorkflow(client, "https://plietsch-test.invalid/tcToken")
    visitor = run(qtbot, TIMEOUT_MS, workflow, Visitor())
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.NETWORK_ERROR
    assert visitor.outcome.minor == "dp#trustedChannelEstablishmentFailed"
    if client.sdk_version and not client.sdk_version.startswith("1.26.2"):
        assert visitor.outcome.reason == "Get_TcToken_Network_Error"  # reason codes: 1.26.4+


def test_closing_the_socket_ends_the_running_workflow(qtbot: Any, client: AusweisClient) -> None:
    """AusweisApp kills the workflow with the connection; the kiosk's workflow ends too."""
    visitor = Visitor(cancel_at=None)
    workflow = ChangePinWorkflow(client)
    visitor.attach(workflow)
    workflow.request_opened.connect(lambda _request: client.close())  # at INSERT_CARD
    assert workflow.start()
    qtbot.waitUntil(lambda: visitor.outcome is not None, timeout=TIMEOUT_MS)
    assert visitor.outcome is not None and visitor.outcome.kind is OutcomeKind.DISCONNECTED
    assert not workflow.running
