"""The survey station "Digitale Agenda – Ihre Meinung".

The visitor answers a few questions (choice, scale, a short text on the on-screen keyboard);
answers stay in memory until "Absenden" and are then stored anonymously (see
`stations.survey.storage`). One submission per visitor session: after sending, the station
only offers the results until the session ends. `wipe()` forgets unsent answers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk.content import SHIPPED_BUNDLE
from kiosk.flow import Machine
from kiosk.i18n import Translator
from stations.survey.chart import SurveyResultsView
from stations.survey.flow import Go, View, survey_machine
from stations.survey.model import Question, Survey, load_survey
from stations.survey.screens import IntroScreen, QuestionScreen, ResultsScreen, ThanksScreen
from stations.survey.storage import Results, Submission, SurveyStore, default_path
from ui.station import ScreenshotState, Station, StationContext
from ui.widgets import Page, text_label

logger = logging.getLogger(__name__)


class StaffResults(SurveyResultsView):
    """The survey's results for staff: loaded from the store each time the widget is shown."""

    def __init__(self, translator: Translator, survey: Survey, store: SurveyStore) -> None:
        super().__init__(translator)
        self._survey = survey
        self._store = store
        store.results_ready.connect(self._arrived)
        translator.language_changed.connect(lambda _lang: self._store.load_results(survey))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._store.load_results(self._survey)

    def _arrived(self, results: object) -> None:
        if isinstance(results, Results) and self.isVisible():
            self.show_results(self._survey, results)


class SurveyStation(Station):
    id = "survey"
    title_key = "survey.tile.title"
    summary_key = "survey.tile.summary"

    def __init__(self, store: SurveyStore | None = None) -> None:
        self.context: StationContext | None = None
        self.flow: Machine = survey_machine()
        self.stack = QStackedWidget()
        self.survey: Survey | None = None
        self.store = store
        self.submission: Submission | None = None
        self.position = 0
        self.taken_part = False
        self.saved: bool | None = None
        self.results: Results | None = None

    def build(self, context: StationContext) -> QWidget:
        self.context = context
        translator = context.translator
        self.survey = self._load_survey(context)
        if self.store is None:
            self.store = SurveyStore(default_path(context.config.survey.database))
        self.store.saved.connect(self._on_saved)
        self.store.results_ready.connect(self._on_results)
        self.intro = IntroScreen(translator)
        self.question = QuestionScreen(translator)
        self.thanks = ThanksScreen(translator)
        self.result_screen = ResultsScreen(translator)
        self.unavailable = Page()
        self.unavailable_text = text_label("lead")
        self.unavailable.outer.addWidget(self.unavailable_text)
        self.pages: dict[View, Page] = {
            View.INTRO: self.intro,
            View.QUESTION: self.question,
            View.THANKS: self.thanks,
            View.RESULTS: self.result_screen,
        }
        for page in (*self.pages.values(), self.unavailable):
            self.stack.addWidget(page)
        self.intro.start_requested.connect(self.start)
        self.intro.results_requested.connect(self.show_results)
        self.question.answered.connect(self.answer)
        self.question.text_changed.connect(self.answer_text)
        self.question.next_requested.connect(self.next)
        self.thanks.results_requested.connect(self.show_results)
        self.flow.changed.connect(lambda _old, _new: self._render_if_shown())
        translator.language_changed.connect(lambda _lang: self.render())
        self.render()
        return self.stack

    def _load_survey(self, context: StationContext) -> Survey | None:
        for directory in dict.fromkeys((context.bundle.directory, SHIPPED_BUNDLE)):
            survey, problems = load_survey(directory)
            for problem in problems:
                logger.error("survey content: %s", problem)
            if survey is not None:
                return survey
        logger.critical("survey: no usable questions; the station shows a message only")
        return None

    # intents --------------------------------------------------------------------------------

    def start(self) -> None:
        if self.taken_part or self.survey is None or not self.survey.questions:
            return
        language = self.context.translator.language if self.context else "de"
        self.submission = Submission(language)
        self.position = 0
        self.flow.fire(Go.START)

    def answer(self, value: str) -> None:
        question = self._current_question()
        if self.submission is None or question is None:
            return
        self.submission.choices[question.id] = value
        self.render()

    def answer_text(self, text: str) -> None:
        question = self._current_question()
        if self.submission is None or question is None or question.kind != "text":
            return
        self.submission.texts[question.id] = text
        self.render()  # the button turns from "skip" to "next"

    def next(self) -> None:
        if self.survey is None or self.flow.state is not View.QUESTION:
            return
        if self.position + 1 < len(self.survey.questions):
            self.position += 1
            self.flow.fire(Go.NEXT)
        else:
            self.submit()

    def submit(self) -> None:
        """Hand the answers to the store (worker thread) and forget them here."""
        submission, self.submission = self.submission, None
        if self.taken_part or submission is None or self.survey is None or self.store is None:
            return
        self.taken_part = True
        self.saved = None
        if self.context is not None:  # the language the visitor finished in
            submission.language = self.context.translator.language
        self.store.add(self.survey, submission)
        self.flow.fire(Go.SUBMIT)

    def show_results(self) -> None:
        if self.survey is not None and self.store is not None:
            self.store.load_results(self.survey)
        self.flow.fire(Go.RESULTS)

    def _on_saved(self, ok: bool) -> None:
        if not ok:
            logger.error("survey: a submission could not be stored")
        if self.taken_part:  # not after a wipe: the next visitor must not see it
            self.saved = ok
            self.render()

    def _on_results(self, results: object) -> None:
        if isinstance(results, Results) and self.flow.state is View.RESULTS:
            self.results = results
            self.render()

    def enter(self) -> None:
        self.flow.reset()
        self.position = 0
        self.render()

    def back(self) -> bool:
        state = self.flow.state
        if state is View.QUESTION and self.position > 0:
            self.position -= 1
            return self.flow.fire(Go.PREVIOUS)
        if state in (View.INTRO, View.THANKS):
            return False
        return self.flow.fire(Go.BACK)

    def wipe(self) -> None:
        """Forget unsent answers and the "already answered" mark of this visitor."""
        self.submission = None
        self.position = 0
        self.taken_part = False
        self.saved = None
        self.results = None
        self.flow.reset()
        for page in self.pages.values():
            page.wipe()
        self.render()  # the default language's texts, as before the visitor came

    # rendering ------------------------------------------------------------------------------

    def _render_if_shown(self) -> None:
        """Re-render after a move only if a visitor sees the station (`enter()` renders it)."""
        if self.stack.isVisible():
            self.render()

    def _current_question(self) -> Question | None:
        if self.survey is None or not 0 <= self.position < len(self.survey.questions):
            return None
        return self.survey.questions[self.position]

    def render(self) -> None:
        assert self.context is not None
        survey = self.survey
        if survey is None:
            self.unavailable_text.setText(self.context.translator.tr("survey.unavailable"))
            self.stack.setCurrentWidget(self.unavailable)
            return
        public = self.context.config.survey.public_results
        view = self.flow.state
        if view is View.QUESTION and self.submission is not None:
            question = survey.questions[self.position]
            answer = self.submission.choices.get(question.id) or self.submission.texts.get(
                question.id, ""
            )
            self.question.fill(question, self.position + 1, len(survey.questions), answer)
        elif view is View.THANKS:
            self.thanks.fill(survey, public_results=public, saved=self.saved)
        elif view is View.RESULTS:
            self.result_screen.title.setText(
                survey.title.get_text(self.context.translator.language)
            )
            self.result_screen.view.show_results(survey, self.results or Results(0, {}, 0))
        else:
            view = View.INTRO
            self.intro.fill(survey, taken_part=self.taken_part, public_results=public)
        assert isinstance(view, View)
        self.stack.setCurrentWidget(self.pages[view])

    # staff --------------------------------------------------------------------------------

    def staff_view(self) -> QWidget | None:
        """The results charts for the staff dashboard; they reload whenever they are shown."""
        if self.context is None or self.survey is None or self.store is None:
            return None
        return StaffResults(self.context.translator, self.survey, self.store)

    # screenshots ----------------------------------------------------------------------------

    def screenshot_states(self) -> list[ScreenshotState]:
        states: list[tuple[str, Callable[[], None]]] = [("intro", self.enter)]
        count = len(self.survey.questions) if self.survey else 0
        for index in range(count):
            states.append((f"question{index + 1}", partial(self._at_question, index)))
        # Normal text only: the renderer runs every state once more in larger text.
        return [*states, ("thanks", self._thanks), ("results", self._results)]

    def _at_question(self, index: int) -> None:
        """Demo answers up to question `index` (nothing is stored)."""
        self.wipe()
        self.start()
        demo = {"choice": 1, "scale": 3}
        for _ in range(index):
            self._demo_answer(demo)
            self.next()
        self._demo_answer(demo)
        question = self._current_question()
        if question is not None and question.kind == "text":
            self.question.keyboard.set_text("Kita-Anmeldung online")

    def _demo_answer(self, demo: dict[str, int]) -> None:
        question = self._current_question()
        if question is not None and question.kind in demo:
            answers = question.answers()
            self.answer(answers[min(demo[question.kind], len(answers) - 1)])

    def _thanks(self) -> None:
        """The thanks screen as after sending, without storing anything."""
        self.wipe()
        self.taken_part = True
        self.saved = True
        self.flow.reset()
        self.flow.fire(Go.START)
        self.flow.fire(Go.SUBMIT)

    def _results(self) -> None:
        """Results with demo counts (the real ones come from the store)."""
        self._thanks()
        self.flow.fire(Go.RESULTS)
        if self.survey is not None:
            counts = {
                q.id: {a: (7 * (i + 2) + 3 * len(q.id)) % 11 for i, a in enumerate(q.answers())}
                for q in self.survey.questions
                if q.answers()
            }
            self.results = Results(42, counts, 17)
            self.render()
