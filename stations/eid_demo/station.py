"""The eID station's controller: the only part that talks to a workflow.

Screens emit intents, the controller answers the open request or starts/cancels a
workflow, and the station's `Machine` (plain table in `flow.py`) decides which screen
shows. What a screen renders is kept here as plain view data (never a PIN), so a
language switch re-renders the same step, and `wipe()` can forget all of it at once.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QWidget

from eid.backend import EidBackend
from eid.commands import NumberKind
from eid.selfauth import SelfAuthData
from eid.workflows import (
    AccessRightsRequest,
    InsertCardRequest,
    NewPinRequest,
    NumberRequest,
    Outcome,
    OutcomeKind,
    Request,
    Workflow,
)
from stations.eid_demo import demo
from stations.eid_demo.choice_screens import EidPage, InfoScreen, PinChoiceScreen, StartScreen
from stations.eid_demo.flow import Step, View, eid_machine
from stations.eid_demo.result_screens import OutcomeScreen, ResultScreen
from stations.eid_demo.texts import data_rows, right_text, wrong_card_key
from stations.eid_demo.trainer import TrainerPanel
from stations.eid_demo.workflow_glue import CardView, RightsView, WorkflowGlue
from stations.eid_demo.workflow_screens import (
    CardScreen,
    NumberScreen,
    NumberView,
    RightsScreen,
    WorkingScreen,
)
from ui.station import ScreenshotState, Station, StationContext
from ui.widgets import Page

logger = logging.getLogger(__name__)


class EidStation(WorkflowGlue, Station):
    id = "eid"
    title_key = "stations.eid.title"

    def __init__(self) -> None:
        self.backend: EidBackend | None = None
        self.context: StationContext | None = None
        self.flow = eid_machine()
        self.workflow: Workflow | None = None
        self._finished_workflow: Workflow | None = None  # kept until the next start
        self.request: Request | None = None
        self.data: SelfAuthData | None = None
        self.test_card = False
        self.pin_change = False
        self.rights = RightsView()
        self.card = CardView()
        self.number = NumberView(NumberKind.PIN)
        self.outcome = ""
        self.percent: int | None = None
        self.fetching = False
        self.seconds_left = 0
        self._card_reader: str | None = None
        self.showcase = False  # screenshots: show the start screen as if eID were ready
        self.stack = QStackedWidget()
        self.pages: dict[View, Page] = {}
        self._timer = QTimer()
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)

    # --- wiring ------------------------------------------------------------------------------

    @property
    def summary_key(self) -> str:
        """The menu tile says so when the eID back end is there but not reachable."""
        if self.backend is not None and not self.backend.ready:
            return "stations.eid.unavailable"
        return "stations.eid.summary"

    @summary_key.setter
    def summary_key(self, _value: str) -> None:
        """The summary follows the back end's availability; it cannot be set."""

    def attach_eid(self, backend: EidBackend | None) -> None:
        """The kiosk's eID back end (None: eID not configured, the station explains)."""
        self.backend = backend
        if backend is None:
            return
        backend.availability_changed.connect(lambda _a: self._on_availability())
        backend.client.readers_changed.connect(self._on_sdk_readers)
        monitor = backend.reader_monitor
        inserted = getattr(monitor, "card_inserted", None)
        removed = getattr(monitor, "card_removed", None)
        if inserted is not None and removed is not None:
            inserted.connect(lambda _card: self._on_monitor_card())
            removed.connect(self._on_monitor_removed)

    def build(self, context: StationContext) -> QWidget:
        self.context = context
        tr = context.translator
        self.start_screen = StartScreen(tr)
        self.choice = PinChoiceScreen(tr)
        self.info = InfoScreen(tr)
        self.rights_screen = RightsScreen(tr)
        self.card_screen = CardScreen(tr)
        self.number_screen = NumberScreen(tr)
        self.working = WorkingScreen(tr)
        self.result = ResultScreen(tr)
        self.outcome_screen = OutcomeScreen(tr)
        self.pages = {
            View.START: self.start_screen,
            View.PIN_CHOICE: self.choice,
            View.NO_PIN: self.info,
            View.TRANSPORT_INFO: self.info,
            View.ACCESS_RIGHTS: self.rights_screen,
            View.INSERT_CARD: self.card_screen,
            View.ENTER_NUMBER: self.number_screen,
            View.WORKING: self.working,
            View.RESULT: self.result,
            View.OUTCOME: self.outcome_screen,
        }
        for page in dict.fromkeys(self.pages.values()):
            self.stack.addWidget(page)
        self.trainer = TrainerPanel(tr)
        root = QWidget()
        layout = QHBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.trainer)
        self.start_screen.chosen.connect(self.choose)
        self.choice.chosen.connect(self.choose)
        self.info.chosen.connect(self.choose)
        self.rights_screen.accept_requested.connect(self.accept_rights)
        self.rights_screen.toggle_requested.connect(self.toggle_right)
        self.card_screen.test_card_requested.connect(self.use_test_card)
        self.number_screen.submitted.connect(self.submit_number)
        for page in (self.rights_screen, self.card_screen, self.number_screen, self.working):
            page.cancel_requested.connect(self.cancel)
        self.result.clear_requested.connect(self.clear_result)
        self.outcome_screen.back_requested.connect(lambda: self.flow.fire(Step.BACK))
        self.outcome_screen.done_requested.connect(context.finish)
        self.flow.changed.connect(lambda _old, _new: self.render())
        self.flow.changed.connect(lambda _old, new: context.usage.step(self.id, new.value))
        tr.language_changed.connect(lambda _lang: self.render())
        self.wipe()  # start exactly as after a visitor: nothing but the start screen filled
        return root

    # --- visitor intents ---------------------------------------------------------------------

    def choose(self, step: Step) -> None:
        """A choice on the start, PIN-choice or info screen."""
        if not self.flow.can(step):
            logger.info("eid: %s ignored in %s", step.name, self.flow.state.name)
            return
        starts = {
            Step.HAVE_PIN: (False, False),
            Step.TEST_CARD: (False, True),
            Step.START_TRANSPORT: (True, False),
        }
        self.flow.fire(step)
        if step in starts:
            pin_change, test_card = starts[step]
            self._start(pin_change=pin_change, test_card=test_card)

    def accept_rights(self) -> None:
        if isinstance(self.request, AccessRightsRequest) and self.request.accept().accepted:
            self.flow.fire(Step.WORKING)

    def toggle_right(self, right: str) -> None:
        if isinstance(self.request, AccessRightsRequest):
            self.request.toggle(right)  # the SDK confirms with ACCESS_RIGHTS -> request_updated

    def use_test_card(self) -> None:
        if isinstance(self.request, InsertCardRequest) and self.request.use_simulator().accepted:
            self.test_card = True
            self.flow.fire(Step.WORKING)

    def submit_number(self) -> None:
        value, repeated = self.number_screen.take()
        request = self.request
        if not isinstance(request, NumberRequest):
            return
        if request.keypad:  # the Simulator: the pad was a demonstration, it takes no value
            value, repeated = "", ""
        sent = None if request.keypad else value
        if isinstance(request, NewPinRequest):
            answer = request.answer(sent, None if request.keypad else repeated)
        else:
            answer = request.answer(sent)
        del value, repeated, sent
        if answer.accepted:
            self.flow.fire(Step.WORKING)
        else:
            logger.info("eid: number not taken: %s", answer.reason)

    def cancel(self) -> None:
        """ "Abbrechen" or "Zurück" during a workflow: CANCEL; the outcome screen follows."""
        request = self.request
        if request is not None and request.is_open:
            request.cancel()
        elif self.workflow is not None and self.workflow.running:
            self.workflow.abort()
        else:  # nothing runs (any more): never leave the visitor on a waiting screen
            self._show_outcome(Outcome(OutcomeKind.CANCELLED, "nothing was running"))

    def clear_result(self) -> None:
        """ "Fertig – Daten löschen", the countdown, or the card left the reader."""
        self._drop_data()
        self.flow.fire(Step.CLEAR)

    # --- Station interface -------------------------------------------------------------------

    def enter(self) -> None:
        self.wipe()

    def back(self) -> bool:
        view = self.flow.state
        if view is View.START:
            return False
        if view in {View.ACCESS_RIGHTS, View.INSERT_CARD, View.ENTER_NUMBER, View.WORKING}:
            self.cancel()
            return True
        if view is View.RESULT:
            self.clear_result()
            return True
        self.flow.fire(Step.BACK)
        return True

    def wipe(self) -> None:
        """Abort the workflow (CANCEL), forget requests, data, entries and every text."""
        workflow = self.workflow
        self._forget_workflow()
        if workflow is not None:
            workflow.abort()
        self._drop_data()
        self.request = None
        self.test_card = self.pin_change = self.fetching = False
        self.rights, self.card, self.outcome, self.percent = RightsView(), CardView(), "", None
        self.number = NumberView(NumberKind.PIN)
        self._card_reader = None
        for page in dict.fromkeys(self.pages.values()):
            page.wipe()
        if self.pages:
            self.trainer.reset()
        self.flow.reset()
        self.render()

    # --- rendering ---------------------------------------------------------------------------

    def render(self) -> None:
        if not self.pages or self.context is None:
            return
        view = self.flow.state
        assert isinstance(view, View)
        tr = self.context.translator.tr
        if view is View.START:
            backend = self.backend
            self.start_screen.fill(
                available=self.showcase or (backend is not None and backend.ready),
                self_disclosure=backend is None or backend.tc_token_url is not None,
            )
        elif view is View.PIN_CHOICE:
            self.choice.fill()
        elif view is View.NO_PIN:
            demo.fill_no_pin(self.info, tr)
        elif view is View.TRANSPORT_INFO:
            demo.fill_transport_info(self.info, tr)
        elif view is View.ACCESS_RIGHTS:
            rights = self.rights
            self.rights_screen.fill(
                rights.provider,
                rights.purpose,
                [(r, right_text(tr, r)) for r in rights.required],
                [(r, right_text(tr, r), r in rights.enabled) for r in rights.optional],
                test_card=self.test_card,
            )
        elif view is View.INSERT_CARD:
            card = self.card
            self.card_screen.fill(
                wrong_card_key=wrong_card_key(card.wrong_card),
                no_reader=card.no_reader,
                test_card=card.test_card_offered,
            )
        elif view is View.ENTER_NUMBER:
            if self.number_screen.view != self.number:
                self.number_screen.fill(self.number)
            self.number_screen.retranslate()
        elif view is View.WORKING:
            self.working.fill(percent=self.percent, fetching=self.fetching)
        elif view is View.RESULT:
            language = self.context.translator.language
            rows = data_rows(self.data, language) if self.data is not None else []
            self.result.fill(rows, test_data=self._test_data(), seconds_left=self.seconds_left)
        elif view is View.OUTCOME:
            self.outcome_screen.fill(
                self.outcome or "eid.outcome.unknown", test_card=self.test_card
            )
        page = self.pages[view]
        if isinstance(page, EidPage) and self.trainer.toggle.parent() is not page:
            page.title_row.addWidget(self.trainer.toggle, 0, Qt.AlignmentFlag.AlignTop)
        self.stack.setCurrentWidget(page)
        self.trainer.show_view(view)

    def _test_data(self) -> bool:
        return self.test_card or (self.backend is not None and self.backend.emulated)

    # --- screenshots -------------------------------------------------------------------------

    def screenshot_states(self) -> list[ScreenshotState]:
        return demo.screenshot_states(self)
