"""The eID station's controller: the only part that talks to a workflow; no widgets.

Screens emit intents, the station forwards them here; the controller answers the open
request or starts/cancels a workflow, moves through the station's transition table
(`flow.TABLE`) and publishes one immutable `ScreenState` on `state_changed`. Nothing here
keeps a number longer than the call that hands it to AusweisApp, except the first entry of a
new PIN while the visitor types it a second time.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from eid.backend import EidBackend
from eid.commands import NumberKind
from eid.selfauth import SelfAuthData
from eid.workflows import (
    AccessRightsRequest,
    AuthWorkflow,
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
from stations.eid_demo.flow import TABLE, WORKFLOW_VIEWS, Step, View
from stations.eid_demo.sdk_views import card_view, has_keypad, monitor_of, new_workflow, rights_view
from stations.eid_demo.state import (
    Entry,
    NumberView,
    ScreenState,
    Stage,
    entry_for,
)
from stations.eid_demo.texts import outcome_key

logger = logging.getLogger(__name__)

#: Visitor choices that start a workflow: (PIN change, test card).
STARTS = {
    Step.HAVE_PIN: (False, False),
    Step.TEST_CARD: (False, True),
    Step.START_TRANSPORT: (True, False),
}


class Ticker(Protocol):
    """A repeating one-second tick (a `QTimer` in the kiosk, a hand-fired fake in tests)."""

    @property
    def timeout(self) -> SignalInstance: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


def second_ticker(parent: QObject) -> QTimer:
    timer = QTimer(parent)
    timer.setInterval(1000)
    return timer


class EidController(QObject):
    """Owns the workflow and the station's view; see the module docstring.

    Signals:
        state_changed(ScreenState): after every change the station must draw.
        workflow_finished(str): how a workflow ended (an `OutcomeKind` value; no data).
    """

    state_changed = Signal(object)
    workflow_finished = Signal(str)

    def __init__(
        self,
        *,
        result_seconds: int = 60,
        reader_only: bool = False,
        ticker: Ticker | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.result_seconds = result_seconds
        self.reader_only = reader_only
        self.backend: EidBackend | None = None
        self.workflow: Workflow | None = None
        self._finished_workflow: Workflow | None = None  # kept until the next start
        self.request: Request | None = None
        self.showcase = False  # screenshots: the start screen as if eID were ready
        self._pin_change = False
        self._card_reader: str | None = None
        self._first_new_pin: str | None = None
        self._requests = 0
        self._state = ScreenState()
        self._ticker = ticker if ticker is not None else second_ticker(self)
        self._ticker.timeout.connect(self._tick)

    # --- wiring ------------------------------------------------------------------------------

    def attach(self, backend: EidBackend | None) -> None:
        """The kiosk's eID back end (None: eID not configured, the station explains)."""
        self.backend = backend
        if backend is None:
            return
        backend.availability_changed.connect(lambda _a: self._on_availability())
        backend.client.readers_changed.connect(self._on_sdk_readers)
        monitor = backend.reader_monitor
        if monitor is not None:
            monitor.card_inserted.connect(lambda _card: self._on_monitor_card())
            monitor.card_removed.connect(self._on_monitor_removed)

    @property
    def state(self) -> ScreenState:
        return self._state

    @property
    def view(self) -> View:
        return self._state.view

    @property
    def data(self) -> SelfAuthData | None:
        return self._state.data

    def present(self, state: ScreenState) -> None:
        """Show `state` as it is, without a workflow (screenshots, tests)."""
        self.wipe()
        if state.data is not None and state.view is View.RESULT:
            self._ticker.start()
        self._state = state
        self._publish()

    # --- visitor intents ---------------------------------------------------------------------

    def choose(self, step: Step) -> None:
        """A choice on the start, PIN-choice or info screen."""
        if not self._move(step):
            return
        if step in STARTS:
            pin_change, test_card = STARTS[step]
            self._start(pin_change=pin_change, test_card=test_card)

    def accept_rights(self) -> None:
        if isinstance(self.request, AccessRightsRequest) and self.request.accept().accepted:
            self._move(Step.WORKING)

    def toggle_right(self, right: str) -> None:
        if isinstance(self.request, AccessRightsRequest):
            self.request.toggle(right)  # the SDK confirms with ACCESS_RIGHTS -> request_updated

    def use_test_card(self) -> None:
        if isinstance(self.request, InsertCardRequest) and self.request.use_simulator().accepted:
            self._set(test_card=True)
            self._move(Step.WORKING)

    def submit_number(self, value: str) -> None:
        """A full entry from the on-screen pad. The new PIN is asked twice: the first entry
        waits here for the repetition; everything else goes out at once."""
        request = self.request
        number = self._state.number
        if not isinstance(request, NumberRequest) or not number.pad_shown:
            logger.info("eid: number entry ignored (%s)", request)
            return
        if number.kind is NumberKind.NEW_PIN and number.stage is Stage.FIRST:
            self._first_new_pin = value
            self._set(number=replace(number, stage=Stage.REPEAT))
            self._publish()
            return
        first, self._first_new_pin = self._first_new_pin, None
        if number.entry is not Entry.PAD:  # the test card: the pad was a demonstration
            answer = request.answer(None)
        elif first is not None:
            answer = request.answer(first, value)
        else:
            answer = request.answer(value)
        del value, first
        if answer.accepted:
            self._move(Step.WORKING)
        else:
            logger.info("eid: number not taken: %s", answer.reason)

    def cancel(self) -> None:
        """ "Abbrechen" or "Zurück" during a workflow: CANCEL; the outcome screen follows."""
        self._first_new_pin = None
        request = self.request
        if request is not None and request.is_open:
            request.cancel()
        elif self.workflow is not None and self.workflow.running:
            self.workflow.abort()
        else:  # nothing runs (any more): never leave the visitor on a waiting screen
            self._show_outcome(Outcome(OutcomeKind.CANCELLED, "nothing was running"))

    def clear_result(self) -> None:
        """ "Daten löschen", the countdown, or the card left the reader."""
        self._drop_data()
        self._move(Step.CLEAR)

    def back(self) -> bool:
        """ "Zurück" of the shell; False at the start screen (the shell shows the menu)."""
        view = self._state.view
        if view is View.START:
            return False
        if view in WORKFLOW_VIEWS:
            self.cancel()
        elif view is View.RESULT:
            self.clear_result()
        else:
            self._move(Step.BACK)
        return True

    def wipe(self) -> None:
        """Abort the workflow (CANCEL), forget requests, data, entries and every text."""
        workflow = self.workflow
        self._forget_workflow()
        if workflow is not None:
            workflow.abort()
        self._drop_data()
        self.request = None
        self._first_new_pin = None
        self._pin_change = False
        self._card_reader = None
        self._state = ScreenState()
        self._publish()

    # --- state -------------------------------------------------------------------------------

    def _set(self, **changes: Any) -> None:
        self._state = replace(self._state, **changes)

    def _publish(self) -> None:
        backend = self.backend
        self._set(
            available=self.showcase or (backend is not None and backend.ready),
            self_disclosure=backend is None or backend.tc_token_url is not None,
            emulated=backend is not None and backend.emulated,
        )
        self.state_changed.emit(self._state)

    def _move(self, step: Step) -> bool:
        """One row of the transition table; anything else is logged and ignored."""
        target = TABLE.get((self._state.view, step))
        if not isinstance(target, View):
            logger.info("eid: %s ignored in %s", step.name, self._state.view.name)
            return False
        self._set(view=target)
        self._publish()
        return True

    # --- workflow ----------------------------------------------------------------------------

    def _start(self, *, pin_change: bool, test_card: bool) -> None:
        self._forget_workflow()
        self._pin_change = pin_change
        self._set(test_card=test_card, percent=None, fetching=False)
        workflow = new_workflow(self.backend, pin_change=pin_change)
        if isinstance(workflow, Outcome):
            self._show_outcome(workflow)
            return
        if isinstance(workflow, AuthWorkflow):
            workflow.self_auth_data.connect(self._on_data)
        self.workflow = workflow
        workflow.request_opened.connect(self._on_request)
        workflow.request_updated.connect(self._on_request_updated)
        workflow.status.connect(self._on_status)
        workflow.finished.connect(self._on_finished)
        if self.backend is not None:
            self.backend.set_workflow_running(True)
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
        self._first_new_pin = None
        if isinstance(request, AccessRightsRequest):
            self._set(rights=rights_view(request))
            self._move(Step.RIGHTS)
        elif isinstance(request, InsertCardRequest):
            self._insert_card(request)
        elif isinstance(request, NumberRequest):
            self._open_number(request)

    def _open_number(self, request: NumberRequest) -> None:
        reader = request.reader
        simulator = reader is not None and reader.name == SIMULATOR_READER
        if reader is not None and not simulator:
            self._card_reader = reader.name
        entry = entry_for(
            keypad=has_keypad(reader, monitor_of(self.backend)),
            simulator=simulator,
            reader_only=self.reader_only,
        )
        self._requests += 1
        number = NumberView(
            request.kind,
            entry=entry,
            retry_counter=request.retry_counter,
            wrong_attempt=request.wrong_attempt,
            mismatch=isinstance(request, NewPinRequest) and request.mismatch,
            request=self._requests,
        )
        if entry is Entry.READER:
            answer = request.answer(None)  # the reader itself asks for the number now
            if not answer.accepted:
                logger.info("eid: keypad entry not started: %s", answer.reason)
        # a real card on a reader wins over the visitor's choice of the test card
        self._set(number=number, test_card=simulator)
        self._move(Step.NUMBER)

    def _on_request_updated(self, request: Request) -> None:
        if request is not self.request:
            return
        if isinstance(request, AccessRightsRequest):
            self._set(rights=rights_view(request))
        elif isinstance(request, InsertCardRequest):
            self._insert_card(request)
            return
        self._publish()

    def _on_status(self, progress: Progress) -> None:
        self._set(
            percent=progress.percent if progress.percent else self._state.percent,
            fetching=progress.step is State.FETCHING,
        )
        if self._state.view is View.WORKING:
            self._publish()

    def _on_data(self, data: SelfAuthData) -> None:
        self._drop_data()
        self._set(data=data, seconds_left=self.result_seconds)
        self._ticker.start()
        self._move(Step.DATA)

    def _on_finished(self, outcome: Outcome) -> None:
        self.request = None
        self.workflow_finished.emit(outcome.kind.value)
        self._first_new_pin = None
        self._forget_workflow()
        if self._state.data is not None and outcome.ok and self._state.view is View.RESULT:
            return
        self._show_outcome(outcome)

    def _show_outcome(self, outcome: Outcome) -> None:
        self._set(outcome=outcome_key(outcome, pin_change=self._pin_change))
        self._move(Step.ENDED)

    # --- card, readers, result ---------------------------------------------------------------

    def _insert_card(self, request: InsertCardRequest) -> None:
        """The test card goes in as soon as AusweisApp offers its Simulator (the workflow asks
        for the reader list when it is not known yet); otherwise the card screen."""
        simulator = self._state.test_card and request.simulator is not None
        if simulator and request.use_simulator().accepted:
            self._move(Step.WORKING)
            return
        self._set(card=card_view(request, monitor_of(self.backend)))
        self._move(Step.CARD)

    def _on_monitor_card(self) -> None:
        if self._state.view is View.INSERT_CARD and isinstance(self.request, InsertCardRequest):
            self._set(card=card_view(self.request, monitor_of(self.backend)))
            self._publish()

    def _on_monitor_removed(self, reader: str) -> None:
        if self._state.view is View.RESULT and reader == self._card_reader:
            logger.info("eid: card removed; self-disclosure data wiped")
            self.clear_result()
        else:
            self._on_monitor_card()

    def _on_sdk_readers(self) -> None:
        request = self.request
        view = self._state.view
        if view is View.INSERT_CARD and isinstance(request, InsertCardRequest):
            if request.is_open and self.backend is not None:  # e.g. the asked-for READER_LIST
                request.readers = tuple(
                    r for r in self.backend.client.readers.values() if r.attached
                )
                self._insert_card(request)
            return
        if view is not View.RESULT or self._card_reader is None:
            return
        reader = self.backend.client.readers.get(self._card_reader) if self.backend else None
        if reader is None or not reader.attached or reader.card is None:
            logger.info("eid: card removed; self-disclosure data wiped")
            self.clear_result()

    def _tick(self) -> None:
        if self._state.view is not View.RESULT:
            self._ticker.stop()
            return
        seconds = self._state.seconds_left - 1
        if seconds <= 0:
            self.clear_result()
            return
        self._set(seconds_left=seconds)
        self._publish()

    def _drop_data(self) -> None:
        self._ticker.stop()
        data = self._state.data
        if data is not None:
            data.wipe()
            self._set(data=None, seconds_left=0)

    def _on_availability(self) -> None:
        if self._state.view is View.START:
            self._publish()
