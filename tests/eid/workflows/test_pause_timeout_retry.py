"""PAUSE/CONTINUE (API level 3), the kiosk's own input timeout and the quiet retry, against a
fake client and a fake scheduler (the deadline fires when the test says so)."""

from __future__ import annotations

import pytest

from eid.workflows import (
    AuthWorkflow,
    ChangePinWorkflow,
    InsertCardRequest,
    NewPinRequest,
    NumberRequest,
    OutcomeKind,
    PauseRequest,
    State,
)
from eid.workflows.timing import Deadline
from tests.eid.workflows.fakes import FakeClient
from tests.eid.workflows.scripts import BASIC, PINPAD, SIM, Recorder, card, enter, reader_msg
from tests.fake_schedule import FakeScheduler

STARTED = {"msg": "CHANGE_PIN"}
SUCCESS = {"msg": "CHANGE_PIN", "success": True}
FAILED = {"msg": "CHANGE_PIN", "success": False}
PAUSE = {"msg": "PAUSE", "cause": "BadCardPosition"}


@pytest.fixture
def scheduler() -> FakeScheduler:
    return FakeScheduler()


def change_pin(
    client: FakeClient, scheduler: FakeScheduler, **kwargs: object
) -> tuple[ChangePinWorkflow, Recorder]:
    workflow = ChangePinWorkflow(client, schedule=scheduler, **kwargs)  # type: ignore[arg-type]
    rec = Recorder.attach(workflow)
    assert workflow.start()
    return workflow, rec


# --- quiet retry --------------------------------------------------------------------------


def test_false_success_before_any_number_starts_again_unseen(
    client: FakeClient, scheduler: FakeScheduler
) -> None:
    """AusweisApp 1.26.2 under load: SET_CARD, then success:true without ENTER_PIN."""
    client.feed(reader_msg(SIM, None))
    workflow, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed({"msg": "INSERT_CARD"})
    assert isinstance(rec.last, InsertCardRequest)
    assert rec.last.use_simulator().accepted
    client.feed(reader_msg(SIM, card()))
    client.feed(SUCCESS)  # the quirk
    assert rec.outcomes == [] and workflow.running
    assert workflow.retries == 1
    client.feed(STARTED)
    client.feed({"msg": "INSERT_CARD"})  # the test card goes in again without asking
    client.feed(enter("PIN", SIM))
    assert isinstance(rec.last, NumberRequest) and rec.last.answer(None).accepted
    client.feed(enter("NEW_PIN", SIM))
    assert isinstance(rec.last, NewPinRequest) and rec.last.answer(None).accepted
    client.feed(SUCCESS)
    assert rec.outcome.kind is OutcomeKind.SUCCESS
    assert client.sent_names == [
        "RUN_CHANGE_PIN",
        "SET_CARD",
        "RUN_CHANGE_PIN",
        "SET_CARD",
        "SET_PIN",
        "SET_NEW_PIN",
    ]
    kinds = [type(r).__name__ for r in rec.requests]
    assert kinds == ["InsertCardRequest", "NumberRequest", "NewPinRequest"]


def test_no_retry_once_a_number_was_asked(client: FakeClient, scheduler: FakeScheduler) -> None:
    workflow, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed(enter("PIN"))
    client.feed(FAILED)  # no reason, nothing seen: unknown, but the visitor was asked
    assert rec.outcome.kind is OutcomeKind.UNKNOWN
    assert client.sent_names == ["RUN_CHANGE_PIN"]
    assert workflow.retries == 0


def test_no_retry_for_a_known_failure(client: FakeClient, scheduler: FakeScheduler) -> None:
    _, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed({"msg": "CHANGE_PIN", "success": False, "reason": "Card_Removed"})
    assert rec.outcome.kind is OutcomeKind.CARD_REMOVED
    assert client.sent_names == ["RUN_CHANGE_PIN"]


def test_authentication_never_retries_quietly(client: FakeClient) -> None:
    """A new RUN_AUTH would show the access rights again: that is not free for the visitor."""
    workflow = AuthWorkflow(client, "https://example.invalid/tc")
    rec = Recorder.attach(workflow)
    workflow.start()
    client.feed({"msg": "AUTH"})
    client.feed({"msg": "AUTH", "result": {"major": "x#error"}})
    assert rec.outcome.kind is OutcomeKind.UNKNOWN
    assert client.sent_names == ["RUN_AUTH"]


# --- PAUSE / CONTINUE -----------------------------------------------------------------------


def test_pause_opens_a_request_with_cause_and_reader_and_resume_sends_continue(
    client: FakeClient, scheduler: FakeScheduler
) -> None:
    workflow, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed(enter("PIN", BASIC))
    assert rec.last.answer("123456").accepted
    client.feed(PAUSE)
    request = rec.last
    assert isinstance(request, PauseRequest)
    assert request.cause == "BadCardPosition"
    assert request.reader is not None and request.reader.name == BASIC
    assert workflow.state is State.PAUSED
    answer = request.resume()
    assert answer.accepted and not request.is_open
    assert client.sent_names[-1] == "CONTINUE"
    assert workflow.state is State.RUNNING
    assert not request.resume().accepted  # a second tap sends nothing
    client.feed(enter("NEW_PIN", BASIC))
    assert rec.last.answer("654321", "654321").accepted
    client.feed(SUCCESS)
    assert rec.outcome.kind is OutcomeKind.SUCCESS
    assert client.sent_names.count("CONTINUE") == 1


def test_card_back_on_the_reader_continues_by_itself(
    client: FakeClient, scheduler: FakeScheduler
) -> None:
    workflow, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed(reader_msg(PINPAD, card()))
    client.feed(enter("PIN", PINPAD))
    assert rec.last.answer(None).accepted
    client.feed(PAUSE)
    assert isinstance(rec.last, PauseRequest)
    client.feed(reader_msg(PINPAD, card()))  # still there: nothing happens by itself
    assert "CONTINUE" not in client.sent_names
    client.feed(reader_msg(PINPAD, None))  # the visitor lifts the card ...
    client.feed(reader_msg(PINPAD, card()))  # ... and lays it down again
    assert client.sent_names[-1] == "CONTINUE"
    assert workflow.state is State.RUNNING


def test_cancel_while_paused_ends_cancelled(client: FakeClient, scheduler: FakeScheduler) -> None:
    _, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed(PAUSE)
    assert isinstance(rec.last, PauseRequest) and rec.last.reader is None
    assert rec.last.cancel()
    client.feed(FAILED)
    assert rec.outcome.kind is OutcomeKind.CANCELLED
    assert client.sent_names == ["RUN_CHANGE_PIN", "CANCEL"]


# --- input timeout ---------------------------------------------------------------------------


def test_no_answer_in_time_cancels_and_says_timed_out(
    client: FakeClient, scheduler: FakeScheduler
) -> None:
    workflow, rec = change_pin(client, scheduler, input_timeout_s=120.0)
    client.feed(STARTED)
    assert scheduler.live == []  # nothing asked yet: AusweisApp is working
    client.feed(enter("PIN"))
    assert [p.delay_s for p in scheduler.live] == [120.0]
    scheduler.fire()
    assert client.sent_names == ["RUN_CHANGE_PIN", "CANCEL"]
    assert not rec.requests[-1].is_open
    client.feed(FAILED)
    assert rec.outcome.kind is OutcomeKind.TIMED_OUT
    assert not workflow.running


def test_timeout_also_when_ausweisapp_never_confirms_the_cancel(
    qtbot: object, client: FakeClient, scheduler: FakeScheduler, monkeypatch: pytest.MonkeyPatch
) -> None:
    from eid.workflows import base  # noqa: PLC0415

    monkeypatch.setattr(base, "CANCEL_GRACE_MS", 10)
    _, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed({"msg": "INSERT_CARD"})
    scheduler.fire()
    qtbot.waitUntil(lambda: bool(rec.outcomes), timeout=2000)  # type: ignore[attr-defined]
    assert rec.outcome.kind is OutcomeKind.TIMED_OUT


def test_each_new_request_restarts_the_countdown_and_answers_stop_it(
    client: FakeClient, scheduler: FakeScheduler
) -> None:
    _, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed(enter("PIN"))
    first = scheduler.live
    assert rec.last.answer("123456").accepted
    assert scheduler.live == [] and first[0].cancelled  # AusweisApp works now, not the visitor
    client.feed(enter("NEW_PIN"))
    assert len(scheduler.live) == 1
    assert rec.last.answer("654321", "654321").accepted
    client.feed(SUCCESS)
    assert rec.outcome.kind is OutcomeKind.SUCCESS
    assert scheduler.live == []


def test_keypad_entry_keeps_counting(client: FakeClient, scheduler: FakeScheduler) -> None:
    """On a PIN-pad reader the visitor types on the reader: the screen sees no input."""
    _, rec = change_pin(client, scheduler)
    client.feed(STARTED)
    client.feed(enter("PIN", PINPAD))
    assert rec.last.answer(None).accepted
    assert len(scheduler.live) == 1
    scheduler.fire()
    assert client.sent_names[-1] == "CANCEL"


def test_no_timeout_when_switched_off(client: FakeClient, scheduler: FakeScheduler) -> None:
    workflow, _ = change_pin(client, scheduler, input_timeout_s=None)
    client.feed(STARTED)
    client.feed(enter("PIN"))
    assert scheduler.calls == []
    assert workflow.input_timeout_s is None


def test_deadline_rejects_a_nonsense_timeout(scheduler: FakeScheduler) -> None:
    with pytest.raises(ValueError, match="positive"):
        Deadline(scheduler, 0, lambda: None)
