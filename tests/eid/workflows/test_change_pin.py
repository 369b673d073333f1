"""Change-PIN workflow against a fake client: message sequences -> outcome and commands sent."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from eid.commands import NumberKind
from eid.workflows import ChangePinWorkflow, InsertCardRequest, NewPinRequest, NumberRequest
from eid.workflows import base as workflow_base
from eid.workflows.outcomes import OutcomeKind
from eid.workflows.requests import NEW_PIN_MISMATCH, RequestState
from tests.eid.workflows.fakes import FakeClient
from tests.eid.workflows.scripts import (
    BASIC,
    PINPAD,
    SIM,
    Recorder,
    Step,
    card,
    enter,
    play,
    reader,
    reader_msg,
)

STARTED = {"msg": "CHANGE_PIN"}
SUCCESS = {"msg": "CHANGE_PIN", "success": True}
FAILED = {"msg": "CHANGE_PIN", "success": False}


def answer(value: str | None) -> Step:
    def act(rec: Recorder) -> None:
        assert isinstance(rec.last, NumberRequest)
        assert rec.last.answer(value).accepted

    return act


def new_pin(value: str | None, repeated: str | None = None) -> Step:
    def act(rec: Recorder) -> None:
        assert isinstance(rec.last, NewPinRequest)
        assert rec.last.answer(value, repeated).accepted

    return act


def use_simulator(rec: Recorder) -> None:
    assert isinstance(rec.last, InsertCardRequest)
    assert rec.last.use_simulator().accepted


def cancel_request(rec: Recorder) -> None:
    assert rec.last.cancel()


def run(
    client: FakeClient, script: list[Step], **kwargs: Any
) -> tuple[ChangePinWorkflow, Recorder]:
    workflow = ChangePinWorkflow(client, **kwargs)
    rec = Recorder.attach(workflow)
    assert workflow.start()
    play(client, rec, script)
    return workflow, rec


# two wrong PINs (the counter runs 3, 2), then the CAN is asked for and answered
WRONG_PIN_TWICE_THEN_CAN: list[Step] = [
    STARTED,
    enter("PIN", retry=3),
    answer("111111"),
    enter("PIN", retry=2),
    answer("222222"),
    enter("CAN", retry=1),
    answer("333333"),
]

# the visitor picks the Simulator, which takes the PIN and the new PIN without values
ON_THE_SIMULATOR: list[Step] = [
    use_simulator,
    reader_msg(SIM, card()),
    enter("PIN", SIM),
    answer(None),
    enter("NEW_PIN", SIM),
    new_pin(None),
]

# (id, script, expected outcome, expected commands after RUN_CHANGE_PIN)
CASES: list[tuple[str, list[Step], OutcomeKind, list[str]]] = [
    (
        "basic reader success",
        [
            STARTED,
            enter("PIN"),
            answer("123456"),
            enter("NEW_PIN"),
            new_pin("654321", "654321"),
            reader_msg(BASIC, None),
            SUCCESS,
        ],
        OutcomeKind.SUCCESS,
        ["SET_PIN", "SET_NEW_PIN"],
    ),
    (
        "simulator with keypad",
        [
            STARTED,
            {"msg": "INSERT_CARD"},
            reader_msg(SIM, None),
            *ON_THE_SIMULATOR,
            reader_msg(SIM, None),
            SUCCESS,
        ],
        OutcomeKind.SUCCESS,
        # the Simulator was not known at INSERT_CARD, so the workflow asked for the readers
        ["GET_READER_LIST", "SET_CARD", "SET_PIN", "SET_NEW_PIN"],
    ),
    (
        "Simulator announced only in the READER_LIST the workflow asked for",
        [
            STARTED,
            {"msg": "INSERT_CARD"},
            {"msg": "READER_LIST", "readers": [reader(SIM, None)]},
            *ON_THE_SIMULATOR,
            SUCCESS,
        ],
        OutcomeKind.SUCCESS,
        ["GET_READER_LIST", "SET_CARD", "SET_PIN", "SET_NEW_PIN"],
    ),
    (
        "success:true without SET_NEW_PIN is not believed, even after the quiet retries",
        [reader_msg(SIM, None), STARTED, {"msg": "INSERT_CARD"}, use_simulator, SUCCESS]
        + [STARTED, {"msg": "INSERT_CARD"}, SUCCESS] * 5,
        OutcomeKind.UNKNOWN,
        ["SET_CARD"] + ["RUN_CHANGE_PIN", "SET_CARD"] * 5,
    ),
    (
        "wrong PIN, CAN, then right PIN",
        [
            *WRONG_PIN_TWICE_THEN_CAN,
            enter("PIN", retry=1),
            answer("123456"),
            enter("NEW_PIN"),
            new_pin("654321", "654321"),
            SUCCESS,
        ],
        OutcomeKind.SUCCESS,
        ["SET_PIN", "SET_PIN", "SET_CAN", "SET_PIN", "SET_NEW_PIN"],
    ),
    (
        "PUK unblocks, then the card turns out inoperative",
        [
            STARTED,
            enter("PUK", retry=0),
            answer("1234567890"),
            reader_msg(BASIC, card(3, inoperative=True)),
            FAILED,
        ],
        OutcomeKind.BLOCKED,
        ["SET_PUK", "CANCEL"],
    ),
    (
        "deactivated online function: the kiosk cancels",
        [STARTED, {"msg": "INSERT_CARD"}, reader_msg(BASIC, card(deactivated=True)), FAILED],
        OutcomeKind.DEACTIVATED,
        ["GET_READER_LIST", "CANCEL"],
    ),
    (
        "card removed after the PIN",
        [STARTED, reader_msg(BASIC, card()), enter("PIN"), answer("123456"), reader_msg(), FAILED],
        OutcomeKind.CARD_REMOVED,
        ["SET_PIN"],
    ),
    (
        "visitor cancels the PIN request",
        [STARTED, enter("PIN"), cancel_request, FAILED],
        OutcomeKind.CANCELLED,
        ["CANCEL"],
    ),
    (
        "PIN-pad reader gets no values",
        [
            STARTED,
            enter("PIN", PINPAD),
            answer(None),
            enter("NEW_PIN", PINPAD),
            new_pin(None),
            SUCCESS,
        ],
        OutcomeKind.SUCCESS,
        ["SET_PIN", "SET_NEW_PIN"],
    ),
]


@pytest.mark.parametrize(
    ("script", "kind", "commands"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_sequence(
    client: FakeClient, script: list[Step], kind: OutcomeKind, commands: list[str]
) -> None:
    workflow, rec = run(client, script)
    assert rec.outcome.kind is kind
    assert client.sent_names == ["RUN_CHANGE_PIN", *commands]
    assert not workflow.running
    assert all(not r.is_open for r in rec.requests)


def test_basic_reader_sends_values_keypad_does_not(client: FakeClient) -> None:
    run(client, CASES[0][1])
    assert client.sent_json[1:] == [
        {"cmd": "SET_PIN", "value": "123456"},
        {"cmd": "SET_NEW_PIN", "value": "654321"},
    ]
    keypad_client = FakeClient()
    run(keypad_client, CASES[1][1])
    assert keypad_client.sent_json[1:] == [
        {"cmd": "GET_READER_LIST"},
        {"cmd": "SET_CARD", "name": "Simulator"},
        {"cmd": "SET_PIN"},
        {"cmd": "SET_NEW_PIN"},
    ]


def test_new_pin_mismatch_asks_again_and_sends_nothing(client: FakeClient) -> None:
    _, rec = run(client, [STARTED, enter("PIN"), answer("123456"), enter("NEW_PIN")])
    first = rec.last
    result = first.answer("111111", "222222")
    assert not result.accepted and result.reason == NEW_PIN_MISMATCH
    assert client.sent_names == ["RUN_CHANGE_PIN", "SET_PIN"]
    second = rec.last
    assert second is not first and isinstance(second, NewPinRequest)
    assert second.mismatch and second.error == NEW_PIN_MISMATCH
    assert not first.is_open
    assert second.answer("246810", "246810").accepted
    assert client.sent_json[-1] == {"cmd": "SET_NEW_PIN", "value": "246810"}


def test_wrong_attempts_are_flagged_on_the_next_request(client: FakeClient) -> None:
    _, rec = run(
        client,
        [
            *WRONG_PIN_TWICE_THEN_CAN,
            enter("CAN", retry=1),
            answer("444444"),
            enter("PIN", retry=1),
        ],
    )
    flags = [(r.kind, r.retry_counter, r.wrong_attempt) for r in rec.requests]
    assert flags == [
        (NumberKind.PIN, 3, False),
        (NumberKind.PIN, 2, True),
        (NumberKind.CAN, 1, True),  # the PIN before it was wrong
        (NumberKind.CAN, 1, True),  # the CAN was wrong
        (NumberKind.PIN, 1, False),  # the CAN was right
    ]
    assert [r.last_attempt for r in rec.requests] == [False, False, False, False, True]


def test_sdk_refusal_of_a_value_is_shown_not_counted_as_wrong(client: FakeClient) -> None:
    _, rec = run(client, [STARTED, enter("PIN"), answer("123456")])
    client.feed(enter("PIN", error="You must provide 6 digits"))
    assert rec.last.error == "You must provide 6 digits"
    assert not rec.last.wrong_attempt


def test_transport_pin_takes_five_digits(client: FakeClient) -> None:
    _, rec = run(client, [STARTED, enter("PIN")], transport_pin=True)
    request = rec.last
    assert request.kind is NumberKind.TRANSPORT_PIN
    refused = request.answer("123456")
    assert not refused.accepted and "5 digits" in refused.reason
    assert request.answer("12345").accepted
    assert client.sent_json[-1] == {"cmd": "SET_PIN", "value": "12345"}


def test_keypad_request_refuses_a_typed_value(client: FakeClient) -> None:
    _, rec = run(client, [STARTED, enter("PIN", PINPAD)])
    assert rec.last.keypad
    assert not rec.last.answer("123456").accepted
    assert client.sent_names == ["RUN_CHANGE_PIN"]


def test_double_answer_and_double_cancel_are_quiet_no_ops(
    client: FakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    _, rec = run(client, [STARTED, enter("PIN")])
    request = rec.last
    assert request.answer("123456").accepted
    with caplog.at_level(logging.INFO):
        assert not request.answer("123456").accepted
        assert not request.cancel()
    assert "already answered" in caplog.text
    assert client.sent_names == ["RUN_CHANGE_PIN", "SET_PIN"]


def test_abort_closes_the_open_request_and_sends_cancel(client: FakeClient) -> None:
    workflow, rec = run(client, [STARTED, enter("PIN")])
    request = rec.last
    workflow.abort()
    assert request.state is RequestState.CLOSED
    assert not request.answer("123456").accepted
    assert client.sent_names == ["RUN_CHANGE_PIN", "CANCEL"]
    client.feed(FAILED)
    assert rec.outcome.kind is OutcomeKind.CANCELLED
    workflow.abort()  # after the end: nothing more is sent
    assert client.sent_names == ["RUN_CHANGE_PIN", "CANCEL"]


def test_abort_ends_even_if_ausweisapp_never_confirms(
    client: FakeClient, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workflow_base, "CANCEL_GRACE_MS", 10)
    workflow, rec = run(client, [STARTED, {"msg": "INSERT_CARD"}])
    workflow.abort()
    qtbot.waitUntil(lambda: bool(rec.outcomes))
    assert rec.outcome.kind is OutcomeKind.CANCELLED


def test_disconnect_ends_with_disconnected(client: FakeClient) -> None:
    workflow, rec = run(client, [STARTED, enter("PIN")])
    request = rec.last
    client.drop()
    assert rec.outcome.kind is OutcomeKind.DISCONNECTED
    assert not request.is_open
    assert not request.answer("123456").accepted
    assert client.sent_names == ["RUN_CHANGE_PIN"]
    assert not workflow.running


def test_start_without_connection_reports_disconnected(client: FakeClient) -> None:
    client.drop()
    workflow = ChangePinWorkflow(client)
    rec = Recorder.attach(workflow)
    assert not workflow.start()
    assert rec.outcome.kind is OutcomeKind.DISCONNECTED


def test_messages_before_the_start_ack_and_after_the_end_are_ignored(client: FakeClient) -> None:
    workflow, rec = run(client, [SUCCESS, enter("PIN")])  # stale end of an earlier workflow
    assert rec.outcomes == [] and rec.requests == []
    play(client, rec, [STARTED, enter("PIN"), cancel_request, FAILED, enter("PIN"), SUCCESS])
    assert [o.kind for o in rec.outcomes] == [OutcomeKind.CANCELLED]
    assert len(rec.requests) == 1
    assert not workflow.running


def test_busy_sdk_refuses_the_start(client: FakeClient) -> None:
    _, rec = run(client, [{"msg": "BAD_STATE", "error": "RUN_CHANGE_PIN"}])
    assert rec.outcome.kind is OutcomeKind.UNKNOWN
    assert "busy" in rec.outcome.detail


def test_secret_values_do_not_reach_the_log(
    client: FakeClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(1):
        run(client, CASES[0][1])
    assert "123456" not in caplog.text and "654321" not in caplog.text
    assert "SET_PIN" in caplog.text  # the log does show what happened


def test_requests_keep_no_entered_value(client: FakeClient) -> None:
    _, rec = run(client, [STARTED, enter("PIN"), answer("135791"), enter("NEW_PIN")])
    pin_request, new_pin_request = rec.requests
    new_pin_request.answer("864200", "864211")  # mismatch: nothing sent, nothing kept
    rec.last.answer("975310", "975310")
    for request in rec.requests:
        request.wipe()
        held = repr(vars(request))
        assert not any(v in held for v in ("135791", "864200", "864211", "975310")), held
    assert pin_request.state is RequestState.ANSWERED
