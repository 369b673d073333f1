"""A scripted visitor for integration tests: answers requests like a person at the kiosk."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eid.client import AusweisClient, ConnectionState
from eid.commands import NumberKind
from eid.selfauth import SelfAuthData
from eid.workflows import (
    AccessRightsRequest,
    InsertCardRequest,
    NewPinRequest,
    NumberRequest,
    Outcome,
    PauseRequest,
    Request,
    Workflow,
)
from eid.workflows.auth import AuthWorkflow


@dataclass
class Visitor:
    """Types the next value per kind (then repeats the last); keypad readers get nothing.

    ``cancel_at`` names a request type at which the visitor backs out instead. At a PAUSE
    the visitor waits for the card to be back (``tap_continue``: taps "continue" at once).
    """

    numbers: dict[NumberKind, list[str]] = field(default_factory=dict)
    cancel_at: type[Request] | None = None
    seen: list[Request] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    outcome: Outcome | None = None
    data: list[SelfAuthData] = field(default_factory=list)
    tap_continue: bool = False

    def attach(self, workflow: Workflow) -> Visitor:
        workflow.request_opened.connect(self.on_request)
        workflow.request_updated.connect(self.on_update)
        workflow.finished.connect(self.on_finished)
        if isinstance(workflow, AuthWorkflow):
            workflow.self_auth_data.connect(self.data.append)
        return self

    def on_finished(self, outcome: Outcome) -> None:
        self.outcome = outcome

    def _next(self, kind: NumberKind) -> str:
        values = self.numbers.get(kind) or [""]
        return values.pop(0) if len(values) > 1 else values[0]

    def on_request(self, request: Request) -> None:
        self.seen.append(request)
        if self.cancel_at is not None and isinstance(request, self.cancel_at):
            request.cancel()
            return
        answer: Any
        if isinstance(request, AccessRightsRequest):
            answer = request.accept()
        elif isinstance(request, InsertCardRequest):
            if request.simulator is None:
                return  # like the kiosk: wait until AusweisApp reports its Simulator
            answer = request.use_simulator()
        elif isinstance(request, NewPinRequest):
            value = None if request.keypad else self._next(NumberKind.NEW_PIN)
            answer = request.answer(value, value)
        elif isinstance(request, NumberRequest):
            answer = request.answer(None if request.keypad else self._next(request.kind))
        elif isinstance(request, PauseRequest):
            if not self.tap_continue:
                return  # the card comes back by itself; the workflow continues
            answer = request.resume()
        else:
            raise AssertionError(f"unexpected request {request!r}")
        if not answer.accepted:
            self.problems.append(answer.reason)

    def on_update(self, request: Request) -> None:
        """The reader list arrived after INSERT_CARD: insert the test card now."""
        if not isinstance(request, InsertCardRequest) or not request.is_open:
            return
        if request.simulator is None or self.cancel_at is InsertCardRequest:
            return
        answer = request.use_simulator()
        if not answer.accepted:
            self.problems.append(answer.reason)

    @property
    def number_requests(self) -> list[tuple[NumberKind, bool]]:
        """(kind, wrong_attempt) of every number request, in order."""
        return [(r.kind, r.wrong_attempt) for r in self.seen if isinstance(r, NumberRequest)]


def ready_client(qtbot: Any, url: str, timeout_ms: int) -> AusweisClient:
    """A client connected to ``url`` and READY (no reconnect: a test sees every drop)."""
    sdk = AusweisClient(url, reconnect=False)
    sdk.open()
    qtbot.waitUntil(lambda: sdk.state is ConnectionState.READY, timeout=timeout_ms)
    return sdk


def run(qtbot: Any, timeout_ms: int, workflow: Workflow, visitor: Visitor) -> Visitor:
    """Let ``visitor`` answer ``workflow`` until it ends."""
    visitor.attach(workflow)
    assert workflow.start()
    qtbot.waitUntil(lambda: visitor.outcome is not None, timeout=timeout_ms)
    return visitor
