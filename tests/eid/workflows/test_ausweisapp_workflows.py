"""The workflows against real AusweisApp2 (Debian 1.26.2), for what its Simulator can do."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from eid.client import AusweisClient
from eid.workflows import AuthWorkflow, ChangePinWorkflow, InsertCardRequest, OutcomeKind
from tests.eid.workflows.visitor import Visitor, ready_client, run

pytestmark = pytest.mark.ausweisapp
TIMEOUT_MS = 30000


@pytest.fixture
def client(qtbot: Any, ausweisapp_url: str) -> Iterator[AusweisClient]:
    sdk = ready_client(qtbot, ausweisapp_url, TIMEOUT_MS)
    yield sdk
    sdk.close()


def test_change_pin_with_the_simulator(qtbot: Any, client: AusweisClient) -> None:
    visitor = run(qtbot, TIMEOUT_MS, ChangePinWorkflow(client), Visitor())
    assert visitor.outcome is not None
    if visitor.outcome.kind is OutcomeKind.UNKNOWN:
        # 1.26.2 sometimes fails before PACE ("Card is already connected") and still says
        # success; the workflow must not believe it. A second run shows the real path.
        assert "no new PIN" in visitor.outcome.detail
        visitor = run(qtbot, TIMEOUT_MS, ChangePinWorkflow(client), Visitor())
        assert visitor.outcome is not None
    assert visitor.outcome.kind is OutcomeKind.SUCCESS
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
