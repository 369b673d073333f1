"""Any order of SDK frames and visitor actions: no exception, one end, nothing after it."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eid.workflows import (
    AccessRightsRequest,
    AuthWorkflow,
    ChangePinWorkflow,
    InsertCardRequest,
    NewPinRequest,
    NumberRequest,
    Workflow,
)
from tests.eid.workflows.fakes import FakeClient
from tests.eid.workflows.scripts import (
    BASIC,
    PINPAD,
    SIM,
    Recorder,
    auth_result,
    card,
    enter,
    reader_msg,
)

SECRET = "975318"
FRAMES: list[dict[str, Any]] = [
    {"msg": "AUTH"},
    {"msg": "CHANGE_PIN"},
    {"msg": "CHANGE_PIN", "success": True},
    {"msg": "CHANGE_PIN", "success": False},
    {"msg": "CHANGE_PIN", "error": "busy"},
    {"msg": "INSERT_CARD"},
    {"msg": "INSERT_CARD", "error": "Unknown reader name"},
    {"msg": "ACCESS_RIGHTS", "chat": {"effective": ["A"], "optional": ["A"], "required": ["B"]}},
    {"msg": "CERTIFICATE", "description": {"subjectName": "Test"}},
    {"msg": "STATUS", "workflow": "AUTH", "progress": 40, "state": None},
    {"msg": "BAD_STATE", "error": "ACCEPT"},
    {"msg": "BAD_STATE", "error": "RUN_AUTH"},
    enter("PIN"),
    enter("PIN", PINPAD, retry=2),
    enter("CAN", retry=1),
    enter("PUK", retry=0),
    enter("NEW_PIN"),
    enter("PIN", error="You must provide 6 digits"),
    reader_msg(BASIC, card()),
    reader_msg(BASIC, None),
    reader_msg(SIM, card()),
    reader_msg(BASIC, card(deactivated=True)),
    reader_msg(BASIC, card(0, inoperative=True)),
    auth_result(),
    auth_result(url="https://example.org/data"),
    auth_result("sal#cancellationByUser"),
    auth_result("dp#trustedChannelEstablishmentFailed"),
    auth_result("al/common#internalError"),
]
ACTIONS = ["answer", "answer_keypad", "wrong_length", "mismatch", "cancel", "accept", "toggle"]
ACTIONS += ["use_simulator", "abort", "drop"]


def act(workflow: Workflow, rec: Recorder, client: FakeClient, action: str) -> None:
    request = rec.requests[-1] if rec.requests else None
    if action == "abort":
        workflow.abort()
    elif action == "drop":
        client.drop()
    elif request is None:
        return
    elif action == "cancel":
        request.cancel()
    elif isinstance(request, NewPinRequest):
        second = SECRET[::-1] if action == "mismatch" else SECRET
        request.answer(None if action == "answer_keypad" else SECRET, second)
    elif isinstance(request, NumberRequest):
        value = {"answer": SECRET, "wrong_length": "12"}.get(action)
        request.answer(value)
    elif isinstance(request, AccessRightsRequest):
        if action == "toggle":
            request.toggle("A")
        elif action == "accept":
            request.accept()
    elif isinstance(request, InsertCardRequest) and action == "use_simulator":
        request.use_simulator()


steps = st.lists(
    st.one_of(st.sampled_from(FRAMES), st.sampled_from(ACTIONS)), min_size=1, max_size=25
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(script=steps, auth=st.booleans())
def test_random_sequences_never_break_the_workflow(
    qapp: Any, caplog: pytest.LogCaptureFixture, script: list[Any], auth: bool
) -> None:
    client = FakeClient()
    workflow: Workflow = (
        AuthWorkflow(client, "https://example.org/tcToken") if auth else ChangePinWorkflow(client)
    )
    rec = Recorder.attach(workflow)
    caplog.clear()
    with caplog.at_level(logging.DEBUG):
        workflow.start()
        sent_at_end: int | None = None
        for step in script:
            if isinstance(step, dict):
                if client.state.name == "READY":
                    client.feed(step)
            else:
                act(workflow, rec, client, step)
            if rec.outcomes and sent_at_end is None:
                sent_at_end = len(client.sent)
    assert len(rec.outcomes) <= 1
    if rec.outcomes:
        assert not workflow.running
        assert all(not r.is_open for r in rec.requests)
        assert len(client.sent) == sent_at_end  # nothing is sent after the end
    assert client.sent_names.count("CANCEL") <= 1
    assert SECRET not in caplog.text and SECRET[::-1] not in caplog.text
    for command in client.sent:
        assert SECRET not in repr(command)
    workflow.deleteLater()
    client.deleteLater()
