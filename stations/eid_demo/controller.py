"""The eID station's controller: the only part that talks to a workflow; no widgets.

Screens emit intents, the station forwards them here; the controller answers the open
request or starts/cancels a workflow, moves through the station's transition table
(`flow.TABLE`) and publishes one immutable `ScreenState` on `state_changed`. Nothing here
keeps a number longer than the call that hands it to AusweisApp, except the first entry of a
new PIN while the visitor types it a second time.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Signal

from eid.backend import EidBackend
from eid.selfauth import SelfAuthData
from eid.workflows import (
    INPUT_TIMEOUT_S,
    AccessRightsRequest,
    InsertCardRequest,
    NumberRequest,
    Outcome,
    OutcomeKind,
    PauseRequest,
    Progress,
    Request,
    State,
    Workflow,
)
from eid.workflows.requests import SIMULATOR_READER
from stations.eid_demo.countdown import Countdown, Ticker
from stations.eid_demo.flow import TABLE, WORKFLOW_VIEWS, Step, View
from stations.eid_demo.number_entry import Next, NumberEntry
from stations.eid_demo.sdk_views import (
    card_view,
    has_keypad,
    monitor_of,
    new_workflow,
    only_basic_readers,
    rights_view,
)
from stations.eid_demo.state import ABOUT_PAGES, Entry, ScreenState
from stations.eid_demo.texts import PIN_CHANGED, RETRY_KEYS, outcome_key
from stations.eid_demo.workflow_handle import Listener, WorkflowHandle

logger = logging.getLogger(__name__)

#: Visitor choices that start a workflow: (PIN change, test card).
STARTS = {
    Step.HAVE_PIN: (False, False),
    Step.TEST_CARD: (False, True),
    Step.START_TRANSPORT: (True, False),
}


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
        input_timeout_s: float = INPUT_TIMEOUT_S,
        parent: QObject | None = None,
    ) -> None:
        """`ticker`: the result countdown's one-second tick; `input_timeout_s`: how long a
        workflow waits for the visitor (on the screen or the reader's keypad) before it
        cancels by itself."""
        super().__init__(parent)
        self.input_timeout_s = input_timeout_s
        self.result_seconds = result_seconds
        self.reader_only = reader_only
        self.backend: EidBackend | None = None
        self._workflow = WorkflowHandle(
            Listener(
                self._on_request,
                self._on_request_updated,
                self._on_status,
                self._on_finished,
                self._on_data,
            )
        )
        self.request: Request | None = None
        self.showcase = False  # screenshots: the start screen as if eID were ready
        self._pin_change = False
        self._card_reader: str | None = None
        self._entry = NumberEntry()
        self._state = ScreenState()
        self._countdown = Countdown(ticker, self)
        self._countdown.tick.connect(self._on_countdown)
        self._countdown.expired.connect(self.clear_result)

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
            self._countdown.start(state.seconds_left)
        self._state = state
        self._publish()

    # --- visitor intents ---------------------------------------------------------------------

    def choose(self, step: Step) -> None:
        """A choice on the start, PIN-choice or info screen."""
        instead = self._state.view is View.NEEDS_KEYPAD  # the test card instead of the own
        if instead and self._state.workflow_running:
            logger.info("eid: test card waits until the cancelled workflow has ended")
            return
        if step is Step.ABOUT:
            self._set(about_page=0)
        if not self._move(step):
            return
        if step in STARTS:
            pin_change, test_card = STARTS[step]
            self._start(pin_change=self._pin_change if instead else pin_change, test_card=test_card)

    def about_next(self) -> None:
        """ "Weiter" in the explainer; after its last page, back to the choices."""
        if self._state.view is not View.ABOUT:
            return
        page = self._state.about_page + 1
        if page >= ABOUT_PAGES:
            self._move(Step.BACK)
            return
        self._set(about_page=page)
        self._move(Step.NEXT)

    def about_previous(self) -> None:
        """A swipe back in the explainer (or "Zurück"): the page before, or the choices."""
        if self._state.view is not View.ABOUT:
            return
        if self._state.about_page == 0:
            self._move(Step.BACK)
            return
        self._set(about_page=self._state.about_page - 1)
        self._move(Step.NEXT)

    def confirm_without_number(self) -> None:
        """ "Weiter" where the test card needs no number and the kiosk shows no pad."""
        request = self.request
        if isinstance(request, NumberRequest) and self._entry.confirm(request, self._state.number):
            self._move(Step.WORKING)

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
        """A full entry from the on-screen pad: sent, kept for the repetition (new PIN), or
        held back with a warning when it is easy to guess."""
        request = self.request
        if not isinstance(request, NumberRequest):
            logger.info("eid: number entry ignored (%s)", request)
            return
        done = self._entry.submit(request, self._state.number, value)
        del value
        if done.next is Next.WEAK:  # warn before anything is sent; the visitor decides
            self._set(weak=done.weak)
            self._move(Step.WEAK_PIN)
        elif done.next is Next.REPEAT:
            self._set(number=done.number)
            self._publish()
        elif done.next is Next.SENT:
            self._move(Step.WORKING)

    def keep_weak_pin(self) -> None:
        """ "Trotzdem diese PIN nehmen": on to the repetition of the same first entry."""
        number = self._entry.keep_weak(self._state.number)
        if self._state.view is View.WEAK_PIN and number is not None:
            self._set(number=number, weak=None)
            self._move(Step.NUMBER)

    def choose_other_pin(self) -> None:
        """ "Andere PIN wählen": the first entry is forgotten, a fresh pad asks again."""
        if self._state.view is View.WEAK_PIN:
            self._set(number=self._entry.choose_other(self._state.number), weak=None)
            self._move(Step.NUMBER)

    def resume(self) -> None:
        """ "Weiter" on the pause screen: AusweisApp tries the card again (CONTINUE)."""
        if isinstance(self.request, PauseRequest) and self.request.resume().accepted:
            self._move(Step.WORKING)

    def retry(self) -> None:
        """ "Noch einmal versuchen" after an ending a second try can fix: the same way again."""
        if self._state.outcome in RETRY_KEYS and self._move(Step.RETRY):
            self._start(pin_change=self._pin_change, test_card=self._state.test_card)

    def cancel(self) -> None:
        """ "Abbrechen" or "Zurück" during a workflow: CANCEL; the outcome screen follows."""
        self._entry.forget()
        request = self.request
        if request is not None and request.is_open:
            request.cancel()
        elif self._workflow.running and self._workflow.workflow is not None:
            self._workflow.workflow.abort()
        else:  # nothing runs (any more): never leave the visitor on a waiting screen
            self._show_outcome(Outcome(OutcomeKind.CANCELLED, "nothing was running"))

    def clear_result(self) -> None:
        """ "Daten jetzt löschen", the countdown, or the card left the reader: the data go,
        the next step on the phone (portal login) follows."""
        self._drop_data()
        self._move(Step.CLEAR)

    def back(self) -> bool:
        """ "Zurück" of the shell; False at the start screen (the shell shows the menu)."""
        view = self._state.view
        if view is View.START:
            return False
        if view is View.ABOUT:
            self.about_previous()
        elif view in WORKFLOW_VIEWS:
            self.cancel()
        elif view is View.RESULT:  # straight back to the choices, data wiped on the way
            self._drop_data()
            self._move(Step.BACK)
        else:
            self._move(Step.BACK)
        return True

    def wipe(self) -> None:
        """Abort the workflow (CANCEL), forget requests, data, entries and every text."""
        if self._workflow.workflow is not None:
            self._workflow.abort()
            self._backend_idle()
        self._drop_data()
        self.request = None
        self._entry.forget()
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

    @property
    def workflow(self) -> Workflow | None:
        return self._workflow.workflow

    def _start(self, *, pin_change: bool, test_card: bool) -> None:
        self._workflow.forget()
        self._pin_change = pin_change
        self._set(test_card=test_card, percent=None, fetching=False)
        if self.reader_only and not test_card and only_basic_readers(self.backend):
            logger.info("eid: PIN entry on the reader only, and no reader has a keypad")
            self._move(Step.NEEDS_KEYPAD)
            return
        workflow = new_workflow(
            self.backend, pin_change=pin_change, input_timeout_s=self.input_timeout_s
        )
        if isinstance(workflow, Outcome):
            self._show_outcome(workflow)
            return
        if self.backend is not None:
            self.backend.set_workflow_running(True)
        self._set(workflow_running=True)
        self._workflow.start(workflow)

    def _backend_idle(self) -> None:
        """The reader layer may probe cards again (AusweisApp is done with the reader)."""
        if self.backend is not None:
            self.backend.set_workflow_running(False)

    def _on_request(self, request: Request) -> None:
        self.request = request
        self._entry.forget()
        self._set(weak=None)
        if isinstance(request, AccessRightsRequest):
            self._set(rights=rights_view(request))
            self._move(Step.RIGHTS)
        elif isinstance(request, InsertCardRequest):
            self._insert_card(request)
        elif isinstance(request, NumberRequest):
            self._open_number(request)
        elif isinstance(request, PauseRequest):
            reader = request.reader
            real = reader is not None and reader.name != SIMULATOR_READER
            self._set(pause_reader=reader.name if real and reader is not None else "")
            self._move(Step.PAUSE)

    def _open_number(self, request: NumberRequest) -> None:
        reader = request.reader
        simulator = reader is not None and reader.name == SIMULATOR_READER
        if reader is not None and not simulator:
            self._card_reader = reader.name
        keypad = has_keypad(reader, monitor_of(self.backend))
        number = self._entry.open(request, keypad=keypad, reader_only=self.reader_only)
        # a real card on a reader wins over the visitor's choice of the test card
        self._set(number=number, test_card=simulator)
        if number.entry is Entry.NEEDS_KEYPAD:  # never ask for the number on this screen
            logger.info("eid: the card lies on a reader without keypad; cancelling")
            self._move(Step.NEEDS_KEYPAD)
            request.cancel()
            return
        if number.entry is Entry.READER:
            answer = request.answer(None)  # the reader itself asks for the number now
            if not answer.accepted:
                logger.info("eid: keypad entry not started: %s", answer.reason)
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
        if self._state.view is View.PAUSE and progress.step is State.RUNNING:
            self._move(Step.WORKING)  # the card is back: AusweisApp continued by itself
        elif self._state.view is View.WORKING:
            self._publish()

    def _on_data(self, data: SelfAuthData) -> None:
        self._drop_data()
        self._set(data=data, seconds_left=self.result_seconds)
        self._countdown.start(self.result_seconds)
        self._move(Step.DATA)

    def _on_finished(self, outcome: Outcome) -> None:
        self.request = None
        self.workflow_finished.emit(outcome.kind.value)
        self._entry.forget()
        self._workflow.forget()
        self._backend_idle()
        self._set(workflow_running=False)
        if self._state.view is View.NEEDS_KEYPAD:  # cancelled by us; the screen says why
            self._publish()
            return
        if self._state.data is not None and outcome.ok and self._state.view is View.RESULT:
            return
        self._show_outcome(outcome)

    def _show_outcome(self, outcome: Outcome) -> None:
        key = outcome_key(outcome, pin_change=self._pin_change)
        self._set(outcome=key)
        self._move(Step.PIN_READY if key == PIN_CHANGED else Step.ENDED)

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

    def _on_countdown(self, seconds_left: int) -> None:
        if self._state.view is View.RESULT:
            self._set(seconds_left=seconds_left)
            self._publish()

    def _drop_data(self) -> None:
        self._countdown.stop()
        data = self._state.data
        if data is not None:
            data.wipe()
            self._set(data=None, seconds_left=0)

    def _on_availability(self) -> None:
        if self._state.view is View.START:
            self._publish()
