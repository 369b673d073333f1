"""The station's side of a running workflow: requests in, view data and flow steps out.

Kept apart from `station.py` (screens, intents, wipe) so each stays readable. Nothing here
holds a number the visitor typed: requests get answered by the station's intents, and the
view data (`RightsView`, `CardView`, `NumberView`) carry only what a screen may show.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

from PySide6.QtCore import QTimer

from eid.backend import EidBackend
from eid.readers.cardkind import CardKind
from eid.selfauth import SelfAuthData
from eid.workflows import (
    AccessRightsRequest,
    AuthWorkflow,
    ChangePinWorkflow,
    InsertCardRequest,
    NewPinRequest,
    NumberRequest,
    Outcome,
    OutcomeKind,
    Progress,
    Request,
    State,
    Workflow,
)
from eid.workflows.requests import SIMULATOR_READER
from kiosk.flow import Machine
from stations.eid_demo.flow import Step, View
from stations.eid_demo.result_screens import ResultScreen
from stations.eid_demo.texts import outcome_key, wrong_card_key
from stations.eid_demo.workflow_screens import NumberScreen, NumberView
from ui.station import StationContext
from ui.widgets import Page

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RightsView:
    provider: str = ""
    purpose: str = ""
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    enabled: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardView:
    wrong_card: CardKind | None = None
    no_reader: bool = False
    test_card_offered: bool = False


class WorkflowGlue:
    """Mixin of `EidStation`: starts, follows and forgets one workflow at a time."""

    backend: EidBackend | None
    context: StationContext | None
    flow: Machine
    workflow: Workflow | None
    _finished_workflow: Workflow | None
    request: Request | None
    data: SelfAuthData | None
    test_card: bool
    pin_change: bool
    rights: RightsView
    card: CardView
    number: NumberView
    outcome: str
    percent: int | None
    fetching: bool
    seconds_left: int
    _card_reader: str | None
    _timer: QTimer
    number_screen: NumberScreen
    result: ResultScreen
    pages: dict[View, Page]

    def render(self) -> None:
        raise NotImplementedError

    def clear_result(self) -> None:
        raise NotImplementedError

    # --- workflow ----------------------------------------------------------------------------

    def _start(self, *, pin_change: bool, test_card: bool) -> None:
        self._forget_workflow()
        self.pin_change, self.test_card = pin_change, test_card
        self.percent, self.fetching = None, False
        backend = self.backend
        if backend is None or not backend.ready:
            self._show_outcome(Outcome(OutcomeKind.DISCONNECTED, "eID back end not ready"))
            return
        workflow: Workflow
        if pin_change:
            workflow = ChangePinWorkflow(backend.client, transport_pin=True)
        elif backend.tc_token_url is None:
            self._show_outcome(Outcome(OutcomeKind.SERVICE_ERROR, "no tc_token_url configured"))
            return
        else:
            auth = AuthWorkflow(
                backend.client,
                backend.tc_token_url,
                developer_mode=backend.developer_mode,
                fetcher=backend.fetcher,
            )
            auth.self_auth_data.connect(self._on_data)
            workflow = auth
        self.workflow = workflow
        workflow.request_opened.connect(self._on_request)
        workflow.request_updated.connect(self._on_request_updated)
        workflow.status.connect(self._on_status)
        workflow.finished.connect(self._on_finished)
        backend.set_workflow_running(True)
        workflow.start()

    def _forget_workflow(self) -> None:
        workflow = self.workflow
        if workflow is None:
            return
        for signal, slot in (
            (workflow.request_opened, self._on_request),
            (workflow.request_updated, self._on_request_updated),
            (workflow.status, self._on_status),
            (workflow.finished, self._on_finished),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        if isinstance(workflow, AuthWorkflow):
            with contextlib.suppress(RuntimeError, TypeError):
                workflow.self_auth_data.disconnect(self._on_data)
        self._finished_workflow = workflow
        self.workflow = None
        if self.backend is not None:
            self.backend.set_workflow_running(False)

    def _on_request(self, request: Request) -> None:
        self.request = request
        if isinstance(request, AccessRightsRequest):
            self._read_rights(request)
            self.flow.fire(Step.RIGHTS)
        elif isinstance(request, InsertCardRequest):
            self._insert_card(request)
        elif isinstance(request, NumberRequest):
            self._open_number(request)

    def _open_number(self, request: NumberRequest) -> None:
        reader = request.reader
        simulator = reader is not None and reader.name == SIMULATOR_READER
        if reader is not None and not simulator:
            self._card_reader = reader.name
        self.test_card = simulator  # a real card on a reader wins over the visitor's choice
        self.number = NumberView(
            request.kind,
            keypad=request.keypad,
            retry_counter=request.retry_counter,
            wrong_attempt=request.wrong_attempt,
            mismatch=isinstance(request, NewPinRequest) and request.mismatch,
            test_card=simulator,
        )
        self.number_screen.fill(self.number)
        if request.keypad and not simulator:
            answer = request.answer(None)  # the reader itself asks for the number now
            if not answer.accepted:
                logger.info("eid: keypad entry not started: %s", answer.reason)
        if self.flow.state is View.ENTER_NUMBER:
            self.render()
        else:
            self.flow.fire(Step.NUMBER)

    def _on_request_updated(self, request: Request) -> None:
        if request is not self.request:
            return
        if isinstance(request, AccessRightsRequest):
            self._read_rights(request)
        elif isinstance(request, InsertCardRequest):
            self._insert_card(request)
            return
        self.render()

    def _on_status(self, progress: Progress) -> None:
        self.percent = progress.percent if progress.percent else self.percent
        self.fetching = progress.step is State.FETCHING
        if self.flow.state is View.WORKING:
            self.render()

    def _on_data(self, data: SelfAuthData) -> None:
        self._drop_data()
        self.data = data
        self.seconds_left = self.context.config.session.result_seconds if self.context else 60
        self._timer.start()
        self.flow.fire(Step.DATA)

    def _on_finished(self, outcome: Outcome) -> None:
        self.request = None
        if self.context is not None:  # anonymous statistics: how it ended, nothing else
            self.context.usage.outcome("eid", outcome.kind.value)
        self._forget_workflow()
        if self.data is not None and outcome.ok and self.flow.state is View.RESULT:
            return
        self._show_outcome(outcome)

    def _show_outcome(self, outcome: Outcome) -> None:
        self.outcome = outcome_key(outcome, pin_change=self.pin_change)
        self.number_screen.clear_entry()
        self.flow.fire(Step.ENDED)

    # --- card, readers, result ---------------------------------------------------------------

    def _read_rights(self, request: AccessRightsRequest) -> None:
        certificate = request.certificate
        self.rights = RightsView(
            provider=certificate.subject_name if certificate else "",
            purpose=certificate.purpose if certificate else "",
            required=request.required,
            optional=request.optional,
            enabled=request.enabled_optional,
        )

    def _insert_card(self, request: InsertCardRequest) -> None:
        """The test card goes in as soon as AusweisApp offers its Simulator (the workflow asks
        for the reader list when it is not known yet); otherwise the card screen."""
        if self.test_card and request.simulator is not None and request.use_simulator().accepted:
            self.flow.fire(Step.WORKING)
            return
        self._read_card(request)
        if self.flow.state is View.INSERT_CARD:
            self.render()
        else:
            self.flow.fire(Step.CARD)

    def _read_card(self, request: InsertCardRequest) -> None:
        real = [r for r in request.readers if r.attached and r.name != SIMULATOR_READER]
        self.card = CardView(
            wrong_card=self._wrong_card(),
            no_reader=not real,
            test_card_offered=request.simulator is not None,
        )

    def _wrong_card(self) -> CardKind | None:
        monitor = self.backend.reader_monitor if self.backend else None
        cards = getattr(monitor, "cards", {}) if monitor is not None else {}
        for inserted in cards.values():
            if wrong_card_key(inserted.kind) is not None:
                return inserted.kind
        return None

    def _on_monitor_card(self) -> None:
        if self.flow.state is View.INSERT_CARD and isinstance(self.request, InsertCardRequest):
            self._read_card(self.request)
            self.render()

    def _on_monitor_removed(self, reader: str) -> None:
        if self.flow.state is View.RESULT and reader == self._card_reader:
            logger.info("eid: card removed; self-disclosure data wiped")
            self.clear_result()
        else:
            self._on_monitor_card()

    def _on_sdk_readers(self) -> None:
        request = self.request
        if self.flow.state is View.INSERT_CARD and isinstance(request, InsertCardRequest):
            if request.is_open and self.backend is not None:  # e.g. the asked-for READER_LIST
                request.readers = tuple(
                    r for r in self.backend.client.readers.values() if r.attached
                )
                self._insert_card(request)
            return
        if self.flow.state is not View.RESULT or self._card_reader is None:
            return
        reader = self.backend.client.readers.get(self._card_reader) if self.backend else None
        if reader is None or not reader.attached or reader.card is None:
            logger.info("eid: card removed; self-disclosure data wiped")
            self.clear_result()

    def _tick(self) -> None:
        self.seconds_left -= 1
        if self.seconds_left <= 0 or self.flow.state is not View.RESULT:
            self.clear_result() if self.flow.state is View.RESULT else self._timer.stop()
            return
        self.result.set_seconds(self.seconds_left)

    def _drop_data(self) -> None:
        self._timer.stop()
        if self.data is not None:
            self.data.wipe()
            self.data = None
        if self.pages:
            self.result.wipe()

    def _on_availability(self) -> None:
        if self.pages and self.flow.state is View.START:
            self.render()
