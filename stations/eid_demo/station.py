"""The eID station: builds the screens, forwards intents, renders the controller's state.

All decisions live in `EidController` (no widgets); this class only maps a `ScreenState`
onto the screens and screen signals onto controller intents, so a language switch simply
renders the same state again.
"""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QWidget

from eid.backend import EidBackend
from kiosk.i18n import base_language
from stations.eid_demo import demo
from stations.eid_demo.about_screen import AboutScreen
from stations.eid_demo.card_screens import (
    CardScreen,
    NeedsKeypadScreen,
    PauseScreen,
    WorkingScreen,
)
from stations.eid_demo.choice_screens import (
    EidPage,
    InfoScreen,
    PinChoiceScreen,
    StartScreen,
    fill_transport_info,
)
from stations.eid_demo.controller import EidController
from stations.eid_demo.countdown import Ticker
from stations.eid_demo.data_words import data_rows
from stations.eid_demo.flow import Step, View
from stations.eid_demo.handoff_screen import HandoffScreen
from stations.eid_demo.handoffs import HANDOFF_VIEWS, handoff_page
from stations.eid_demo.number_screens import NumberScreen, WeakPinScreen
from stations.eid_demo.result_screens import OutcomeScreen, ResultScreen
from stations.eid_demo.rights_screen import RightsScreen
from stations.eid_demo.state import ScreenState
from stations.eid_demo.texts import (
    OFFICE_KEYS,
    RETRY_KEYS,
    explain_key,
    right_text,
    wrong_card_key,
)
from stations.eid_demo.trainer import TrainerPanel
from ui.qr import url_problem
from ui.station import ScreenshotState, Station, StationContext
from ui.widgets import Page

logger = logging.getLogger(__name__)


class EidStation(Station):
    id = "eid"
    title_key = "stations.eid.title"

    def __init__(self, *, ticker: Ticker | None = None) -> None:
        """`ticker`: the result countdown's one-second tick (tests pass a faster one)."""
        self.controller = EidController(ticker=ticker)
        self.context: StationContext | None = None
        self.stack = QStackedWidget()
        self.pages: dict[View, Page] = {}

    # --- wiring ------------------------------------------------------------------------------

    @property
    def backend(self) -> EidBackend | None:
        return self.controller.backend

    @property
    def summary_key(self) -> str:
        """The menu tile says so when the eID back end is there but not reachable."""
        if self.backend is not None and not self.backend.ready:
            return "stations.eid.unavailable"
        return "stations.eid.summary"

    @summary_key.setter
    def summary_key(self, _value: str) -> None:
        """The summary follows the back end's availability; it cannot be set."""

    @property
    def view(self) -> View:
        return self.controller.view

    def build(self, context: StationContext) -> QWidget:
        self.context = context
        self.controller.result_seconds = context.config.session.result_seconds
        self.controller.reader_only = context.config.eid.pin_entry == "reader-only"
        self.controller.input_timeout_s = float(context.config.eid.input_timeout_seconds)
        self.controller.attach(context.eid)
        tr = context.translator
        self.start_screen = StartScreen(tr)
        self.about_screen = AboutScreen(tr)
        self.choice = PinChoiceScreen(tr)
        self.info = InfoScreen(tr)
        self.rights_screen = RightsScreen(tr)
        self.card_screen = CardScreen(tr)
        self.number_screen = NumberScreen(tr)
        self.working = WorkingScreen(tr)
        self.result = ResultScreen(tr)
        self.outcome_screen = OutcomeScreen(tr)
        self.pause_screen = PauseScreen(tr)
        self.weak_screen = WeakPinScreen(tr)
        self.keypad_screen = NeedsKeypadScreen(tr)
        hosts = context.config.content.allowed_hosts
        self.handoff_screen = HandoffScreen(tr, context.theme, hosts)
        for key in ("portal_login_url", "appointment_url"):  # say it at start, not on a visit
            problem = url_problem(getattr(context.config.eid, key), hosts)
            if problem is not None:
                logger.error("config: eid.%s: %s; that hand-off shows no QR code", key, problem)
        self.pages = {
            View.START: self.start_screen,
            View.ABOUT: self.about_screen,
            View.PIN_CHOICE: self.choice,
            View.NO_PIN: self.handoff_screen,
            View.PORTAL: self.handoff_screen,
            View.PIN_READY: self.handoff_screen,
            View.TRANSPORT_INFO: self.info,
            View.ACCESS_RIGHTS: self.rights_screen,
            View.INSERT_CARD: self.card_screen,
            View.ENTER_NUMBER: self.number_screen,
            View.WEAK_PIN: self.weak_screen,
            View.NEEDS_KEYPAD: self.keypad_screen,
            View.WORKING: self.working,
            View.PAUSE: self.pause_screen,
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
        self._connect()
        tr.language_changed.connect(lambda _lang: self.render(self.controller.state))
        self.controller.state_changed.connect(self.render)
        self.wipe()  # start exactly as after a visitor: nothing but the start screen filled
        return root

    def _connect(self) -> None:
        """Screen signals are intents: each goes straight to the controller."""
        control = self.controller
        self.start_screen.chosen.connect(control.choose)
        self.about_screen.next_requested.connect(control.about_next)
        self.about_screen.previous_requested.connect(control.about_previous)
        self.choice.chosen.connect(control.choose)
        self.info.chosen.connect(control.choose)
        self.keypad_screen.chosen.connect(control.choose)
        self.handoff_screen.chosen.connect(control.choose)
        self.number_screen.confirm_requested.connect(control.confirm_without_number)
        self.rights_screen.accept_requested.connect(control.accept_rights)
        self.rights_screen.toggle_requested.connect(control.toggle_right)
        self.card_screen.test_card_requested.connect(control.use_test_card)
        self.number_screen.submitted.connect(
            lambda: control.submit_number(self.number_screen.take())
        )
        self.pause_screen.resume_requested.connect(control.resume)
        self.weak_screen.keep_requested.connect(control.keep_weak_pin)
        self.weak_screen.other_requested.connect(control.choose_other_pin)
        for page in (
            self.rights_screen,
            self.card_screen,
            self.number_screen,
            self.working,
            self.pause_screen,
            self.weak_screen,
        ):
            page.cancel_requested.connect(control.cancel)
        self.result.clear_requested.connect(control.clear_result)
        self.outcome_screen.retry_requested.connect(control.retry)
        self.outcome_screen.office_requested.connect(lambda: control.choose(Step.NO_PIN))
        if self.context is not None:
            usage = self.context.usage  # anonymous statistics: the view reached, how it ended
            control.state_changed.connect(lambda state: usage.step(self.id, state.view.value))
            control.workflow_finished.connect(lambda kind: usage.outcome(self.id, kind))

    # --- Station interface -------------------------------------------------------------------

    def enter(self) -> None:
        self.wipe()

    def back(self) -> bool:
        return self.controller.back()

    def wipe(self) -> None:
        """Abort the workflow (CANCEL), forget requests, data, entries and every text."""
        for page in dict.fromkeys(self.pages.values()):
            page.wipe()
        if self.pages:
            self.trainer.reset()
        self.controller.wipe()

    # --- rendering ---------------------------------------------------------------------------

    def render(self, state: ScreenState) -> None:
        """Draw `state` on its screen (and only there: other screens keep nothing)."""
        if not self.pages or self.context is None:
            return
        view = state.view
        translator = self.context.translator
        tr = translator.tr
        if view is View.START:
            self.start_screen.fill(available=state.available, self_disclosure=state.self_disclosure)
        elif view is View.ABOUT:
            self.about_screen.fill(state.about_page)
        elif view is View.PIN_CHOICE:
            self.choice.fill()
        elif view in HANDOFF_VIEWS:
            settings, bundle = self.context.config.eid, self.context.bundle
            self.handoff_screen.fill(
                handoff_page(view, translator, settings, bundle, test_card=state.test_card)
            )
        elif view is View.TRANSPORT_INFO:
            fill_transport_info(self.info, translator)
        elif view is View.ACCESS_RIGHTS:
            rights = state.rights
            self.rights_screen.fill(
                rights.provider,
                rights.purpose,
                [(r, right_text(tr, r)) for r in rights.required],
                [(r, right_text(tr, r), r in rights.enabled) for r in rights.optional],
                test_card=state.test_card,
            )
        elif view is View.INSERT_CARD:
            card = state.card
            self.card_screen.fill(
                wrong_card_key=wrong_card_key(card.wrong_card),
                no_reader=card.no_reader,
                test_card=card.test_card_offered,
            )
        elif view is View.ENTER_NUMBER:
            self.number_screen.fill(state.number)
        elif view is View.NEEDS_KEYPAD:
            self.keypad_screen.fill(ready=not state.workflow_running)
        elif view is View.WEAK_PIN:
            self.weak_screen.fill(state.weak)
        elif view is View.WORKING:
            self.working.fill(percent=state.percent, fetching=state.fetching)
        elif view is View.PAUSE:
            self.pause_screen.fill(reader=state.pause_reader)
        elif view is View.RESULT:
            self._render_result(state)
        elif view is View.OUTCOME:
            key = state.outcome or "eid.outcome.unknown"
            self.outcome_screen.fill(
                key,
                test_card=state.test_card,
                retry=key in RETRY_KEYS,
                office=key in OFFICE_KEYS and not state.test_card,
            )
        if view is not View.RESULT:
            self.result.wipe()  # personal data never stay on a hidden screen
        if view is not View.ENTER_NUMBER:
            self.number_screen.clear_entry()  # nor do digits typed but never confirmed
        page = self.pages[view]
        if isinstance(page, EidPage) and self.trainer.toggle.parent() is not page:
            page.title_row.addWidget(self.trainer.toggle, 0, Qt.AlignmentFlag.AlignTop)
        self.stack.setCurrentWidget(page)
        self.trainer.show_key(explain_key(state))

    def _render_result(self, state: ScreenState) -> None:
        assert self.context is not None
        data = state.data
        if data is None:
            self.result.wipe()
            return
        language = base_language(self.context.translator.language)  # dates, country names
        self.result.fill(
            data_rows(data, language), test_data=state.test_data, seconds_left=state.seconds_left
        )

    # --- screenshots -------------------------------------------------------------------------

    def screenshot_states(self) -> list[ScreenshotState]:
        return [(shot.name, partial(self._show, shot)) for shot in demo.screenshots()]

    def _show(self, shot: demo.Screenshot) -> None:
        self.controller.showcase = shot.showcase
        self.controller.present(demo.with_person(shot.state) if shot.person else shot.state)
        self.trainer.toggle.setChecked(shot.explained)
