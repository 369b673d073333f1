"""Online authentication (RUN_AUTH), used for the self-disclosure demo.

The service's access rights and certificate become an ``AccessRightsRequest``; PIN,
CAN and PUK go through the shared number requests; the final AUTH is mapped to an
``Outcome``. On success the personal data are fetched from the returned URL by a
``SelfAuthFetcher`` (worker thread) and handed out once on ``self_auth_data`` right
before ``finished``; the outcome itself never contains them.

Signals (besides those of ``Workflow``):
    self_auth_data(object): the ``SelfAuthData``; the receiver owns it and must wipe it.
"""

from __future__ import annotations

import logging
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from eid.commands import Command, GetCertificate, RunAuth
from eid.messages import AccessRights, Auth, Certificate, Message
from eid.selfauth import FetchCallback, SelfAuthData
from eid.workflows.base import ClientLike, Event, Progress, State, Workflow, card_steps
from eid.workflows.machine import TransitionTable
from eid.workflows.outcomes import Outcome, OutcomeKind, auth_outcome
from eid.workflows.requests import AccessRightsRequest
from eid.workflows.timing import INPUT_TIMEOUT_S, Scheduler

logger = logging.getLogger(__name__)


class DataFetcher(Protocol):
    """What ``eid.selfauth.SelfAuthFetcher`` offers (tests pass a fake)."""

    def fetch(self, url: str, callback: FetchCallback) -> None: ...

    def cancel_all(self) -> None: ...


_ACTIVE = (
    State.RUNNING,
    State.ACCESS_RIGHTS,
    State.INSERT_CARD,
    State.ENTER_NUMBER,
    State.PAUSED,
)

AUTH_TABLE: TransitionTable[State, Event] = {
    **card_steps(_ACTIVE),
    (State.RUNNING, Event.ACCESS_RIGHTS): State.ACCESS_RIGHTS,
    (State.ACCESS_RIGHTS, Event.ACCESS_RIGHTS): State.ACCESS_RIGHTS,
    (State.ACCESS_RIGHTS, Event.ANSWERED): State.RUNNING,
    **{(state, Event.FINAL_SUCCESS): State.FETCHING for state in _ACTIVE},
    (State.CANCELLING, Event.FINAL_SUCCESS): State.FETCHING,  # cancel came too late
    (State.FETCHING, Event.DATA_DONE): State.DONE,
    (State.FETCHING, Event.CANCEL): State.DONE,
}


class AuthWorkflow(Workflow):
    """RUN_AUTH against ``tc_token_url``; without a fetcher, success carries no data."""

    self_auth_data = Signal(object)

    table = AUTH_TABLE
    name = "auth"

    def __init__(
        self,
        client: ClientLike,
        tc_token_url: str,
        *,
        developer_mode: bool = False,
        fetcher: DataFetcher | None = None,
        parent: QObject | None = None,
        input_timeout_s: float | None = INPUT_TIMEOUT_S,
        schedule: Scheduler | None = None,
    ) -> None:
        super().__init__(client, parent, input_timeout_s=input_timeout_s, schedule=schedule)
        self._command = RunAuth(tc_token_url=tc_token_url, developer_mode=developer_mode)
        self._fetcher = fetcher
        self._success: Outcome | None = None
        self._rights_request: AccessRightsRequest | None = None

    def run_command(self) -> Command:
        return self._command

    def handle_other(self, message: Message) -> None:
        if isinstance(message, Auth):
            self._on_auth(message)
        elif isinstance(message, AccessRights):
            self._on_access_rights(message)
        elif isinstance(message, Certificate):
            request = self._request
            if isinstance(request, AccessRightsRequest) and request.is_open:
                request.certificate = message
                self.request_updated.emit(request)

    def _on_access_rights(self, message: AccessRights) -> None:
        request = self._rights_request
        if request is not None and not request.is_open:
            logger.debug("auth: ACCESS_RIGHTS after the rights were answered ignored")
            return
        if self._machine.fire(Event.ACCESS_RIGHTS) is None:
            return
        if request is not None:
            request.update(message)
            self.request_updated.emit(request)
            return
        self._rights_request = AccessRightsRequest(self, message)
        self._open(self._rights_request)
        self.status.emit(Progress(State.ACCESS_RIGHTS))
        self._send(GetCertificate())

    def _on_auth(self, message: Auth) -> None:
        if message.error is not None:
            if self._machine.fire(Event.REFUSED) is not None:
                detail = f"AusweisApp refused to start: {message.error}"
                self._finish(Outcome(OutcomeKind.SERVICE_ERROR, detail))
            return
        if message.result is None:
            self.started()
            return
        outcome = auth_outcome(message.result, self._seen)
        if not outcome.ok:
            if self._machine.fire(Event.FINAL_FAILURE) is not None:
                self._finish(outcome)
            return
        if self._machine.fire(Event.FINAL_SUCCESS) is None:
            return
        self._close_request()
        self._success = outcome
        if self._fetcher is None:
            self._machine.fire(Event.DATA_DONE)
            self._finish(outcome)
        elif not message.url:
            self._machine.fire(Event.DATA_DONE)
            self._finish(Outcome(OutcomeKind.SERVICE_ERROR, "AusweisApp returned no data URL"))
        else:
            self.status.emit(Progress(State.FETCHING))
            self._fetcher.fetch(message.url, self._on_data)

    def _on_data(self, data: SelfAuthData | None, problem: str | None) -> None:
        if self._machine.fire(Event.DATA_DONE) is None:
            if data is not None:
                data.wipe()  # aborted meanwhile: nobody may see it any more
            return
        if data is None:
            self._finish(Outcome(OutcomeKind.SERVICE_ERROR, f"self-disclosure data: {problem}"))
            return
        self.self_auth_data.emit(data)
        assert self._success is not None
        self._finish(self._success)

    def stop_fetching(self) -> None:
        if self._fetcher is not None:
            self._fetcher.cancel_all()
