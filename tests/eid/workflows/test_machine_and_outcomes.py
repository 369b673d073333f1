"""Transition tables as data, and the outcome mapping as a table."""

from __future__ import annotations

import pytest

from eid.messages import AuthResult, CardInfo, ChangePin
from eid.workflows.auth import AUTH_TABLE
from eid.workflows.base import Event, State
from eid.workflows.change_pin import CHANGE_PIN_TABLE
from eid.workflows.machine import Machine, TransitionTable, reachable_states
from eid.workflows.outcomes import (
    CancelCause,
    Observations,
    OutcomeKind,
    auth_outcome,
    change_pin_outcome,
)

TABLES = {"change_pin": CHANGE_PIN_TABLE, "auth": AUTH_TABLE}


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_every_state_can_reach_done_and_done_is_final(
    table: TransitionTable[State, Event],
) -> None:
    states = reachable_states(table, State.IDLE)
    assert State.DONE in states
    assert not [key for key in table if key[0] is State.DONE]
    for state in states - {State.DONE}:
        assert State.DONE in reachable_states(table, state), state


@pytest.mark.parametrize("table", TABLES.values(), ids=TABLES.keys())
def test_disconnect_ends_every_state_that_talks_to_ausweisapp(
    table: TransitionTable[State, Event],
) -> None:
    talking = reachable_states(table, State.IDLE) - {State.IDLE, State.DONE, State.FETCHING}
    for state in talking:
        assert table[(state, Event.DISCONNECTED)] is State.DONE, state


def test_only_auth_knows_access_rights_and_fetching() -> None:
    assert State.ACCESS_RIGHTS not in reachable_states(CHANGE_PIN_TABLE, State.IDLE)
    assert State.FETCHING not in reachable_states(CHANGE_PIN_TABLE, State.IDLE)
    assert {State.ACCESS_RIGHTS, State.FETCHING} <= reachable_states(AUTH_TABLE, State.IDLE)


def test_machine_refuses_events_outside_the_table() -> None:
    machine = Machine("test", CHANGE_PIN_TABLE, State.IDLE)
    assert machine.fire(Event.ENTER_NUMBER) is None
    assert machine.state is State.IDLE
    assert machine.fire(Event.START) is State.STARTING
    assert machine.fire(Event.FINAL_SUCCESS) is None  # a stale end before the start ack
    assert machine.fire(Event.STARTED) is State.RUNNING


def result(minor: str | None, reason: str | None = None) -> AuthResult:
    major = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#" + (
        "ok" if minor is None else "error"
    )
    full = None if minor is None else "http://www.bsi.bund.de/ecard/api/1.1/resultminor/" + minor
    return AuthResult(major=major, minor=full, reason=reason, message="localized, never matched")


WRONG = Observations(wrong_number_seen=True)
REMOVED = Observations(card_removed=True)
ZERO = Observations(last_card=CardInfo(retry_counter=0))
OFF = Observations(last_card=CardInfo(deactivated=True))

AUTH_CASES = [
    (None, None, Observations(), OutcomeKind.SUCCESS),
    ("sal#cancellationByUser", None, Observations(), OutcomeKind.CANCELLED),
    ("sal#cancellationByUser", None, REMOVED, OutcomeKind.CANCELLED),
    ("sal#cancellationByUser", None, Observations(cancel_cause=CancelCause.DEACTIVATED),
     OutcomeKind.DEACTIVATED),
    ("sal#cancellationByUser", None, Observations(cancel_cause=CancelCause.BLOCKED),
     OutcomeKind.BLOCKED),
    ("ifdl#cancellationByUser", None, Observations(), OutcomeKind.CARD_REMOVED),
    ("dp#trustedChannelEstablishmentFailed", None, Observations(), OutcomeKind.NETWORK_ERROR),
    ("al/common#communicationError", None, Observations(), OutcomeKind.NETWORK_ERROR),
    ("al/common#communicationError", None, WRONG, OutcomeKind.WRONG_PIN),
    ("al/common#noPermission", None, OFF, OutcomeKind.DEACTIVATED),
    ("al/common#noPermission", None, Observations(), OutcomeKind.BLOCKED),
    ("al/common#unknownError", None, ZERO, OutcomeKind.BLOCKED),
    ("al/common#unknownError", None, WRONG, OutcomeKind.WRONG_PIN),
    ("al/common#unknownError", None, Observations(), OutcomeKind.UNKNOWN),
    ("al/common#internalError", None, REMOVED, OutcomeKind.CARD_REMOVED),
    ("al/common#internalError", None, Observations(), OutcomeKind.SERVICE_ERROR),
    ("il/signature#invalidCertificatePath", None, Observations(), OutcomeKind.SERVICE_ERROR),
    ("al/common#internalError", "Card_Removed", Observations(), OutcomeKind.CARD_REMOVED),
    ("al/common#unknownError", "Connect_Card_Eid_Inactive", Observations(),
     OutcomeKind.DEACTIVATED),
    ("dp#trustedChannelEstablishmentFailed", "Get_TcToken_Network_Error", Observations(),
     OutcomeKind.NETWORK_ERROR),
    ("sal#brandNew", None, Observations(), OutcomeKind.UNKNOWN),
]  # fmt: skip


@pytest.mark.parametrize(("minor", "reason", "seen", "kind"), AUTH_CASES)
def test_auth_outcome(
    minor: str | None, reason: str | None, seen: Observations, kind: OutcomeKind
) -> None:
    outcome = auth_outcome(result(minor, reason), seen)
    assert outcome.kind is kind
    assert "localized" not in outcome.detail


CHANGE_PIN_CASES = [
    (True, None, Observations(new_pin_sent=True), OutcomeKind.SUCCESS),
    (True, None, Observations(), OutcomeKind.UNKNOWN),  # 1.26.2 quirk
    (True, "Card_Communication_Error", Observations(new_pin_sent=True), OutcomeKind.UNKNOWN),
    (False, None, Observations(cancel_cause=CancelCause.USER), OutcomeKind.CANCELLED),
    (False, None, REMOVED, OutcomeKind.CARD_REMOVED),
    (False, None, WRONG, OutcomeKind.WRONG_PIN),
    (False, None, ZERO, OutcomeKind.BLOCKED),
    (False, "User_Cancelled", Observations(), OutcomeKind.CANCELLED),
    (False, None, Observations(), OutcomeKind.UNKNOWN),
]


@pytest.mark.parametrize(("success", "reason", "seen", "kind"), CHANGE_PIN_CASES)
def test_change_pin_outcome(
    success: bool, reason: str | None, seen: Observations, kind: OutcomeKind
) -> None:
    assert change_pin_outcome(ChangePin(success=success, reason=reason), seen).kind is kind
