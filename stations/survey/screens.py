"""The survey's screens: intro, one question at a time, thanks, results. They emit intents."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Translator
from stations.survey.chart import SurveyResultsView
from stations.survey.model import Question, Survey
from ui.keyboard import GAP_PX, OnScreenKeyboard, TextDisplay
from ui.theme import SPACING_PX
from ui.widgets import Page, TouchScroll, button, clear_layout, set_button_text, text_label

logger = logging.getLogger(__name__)

CHOICE_COLUMNS = 2
ENTER_KEY = "survey.question.keyboard_enter"  # until a question says "next" or "send"


def card(*widgets: QWidget) -> QFrame:
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(32, 24, 32, 24)
    layout.setSpacing(8)
    for widget in widgets:
        layout.addWidget(widget)
    return frame


class IntroScreen(Page):
    """What the survey is for and that it is anonymous. Signals: start(), results()."""

    start_requested = Signal()
    results_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.eyebrow = text_label("eyebrow")
        self.title = text_label("h1")
        self.intro = text_label("lead")
        self.privacy_title = text_label("h3")
        self.privacy = text_label("")
        self.start = button("primary")
        self.start.setMinimumWidth(420)
        self.results = button("secondary")
        self.start.clicked.connect(self.start_requested)
        self.results.clicked.connect(self.results_requested)
        for widget in (self.eyebrow, self.title, self.intro):
            self.outer.addWidget(widget)
        self.outer.addWidget(card(self.privacy_title, self.privacy))
        self.outer.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(SPACING_PX * 2)
        row.addStretch(1)
        row.addWidget(self.results)
        row.addWidget(self.start)
        self.outer.addLayout(row)

    def fill(self, survey: Survey, *, taken_part: bool, public_results: bool) -> None:
        tr = self._translator.tr
        lang = self._translator.language
        self.eyebrow.setText(tr("survey.intro.eyebrow").upper())
        self.title.setText(survey.title.get_text(lang))
        self.intro.setText(tr("survey.intro.done") if taken_part else survey.intro.get_text(lang))
        self.privacy_title.setText(tr("survey.intro.privacy_title"))
        self.privacy.setText(tr("survey.intro.privacy"))
        set_button_text(self.start, tr("survey.intro.start") + "  →")
        set_button_text(self.results, tr("survey.intro.results"))
        self.start.setVisible(not taken_part)
        self.results.setVisible(taken_part and public_results)


class QuestionScreen(Page):
    """One question: choice buttons, a scale, or a short text on the keyboard.

    Signals: answered(str) for choice and scale, text_changed(str), next_requested().
    """

    answered = Signal(str)
    text_changed = Signal(str)
    next_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.question: Question | None = None
        self.outer.setSpacing(16)
        self.progress = text_label("eyebrow")
        self.title = text_label("h2")
        # Only the shown kind of answer takes room (a stacked widget would reserve room for the
        # tallest, the keyboard, under every question).
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        self.choice_host = QWidget()
        self.choice_grid = QGridLayout(self.choice_host)
        self.choice_grid.setContentsMargins(0, 0, 0, 0)
        self.choice_grid.setSpacing(SPACING_PX)
        self.choices = QButtonGroup(self)
        self.choices.setExclusive(True)
        self.body.addWidget(self.choice_host)
        self.scale_host = QWidget()
        scale_column = QVBoxLayout(self.scale_host)
        scale_column.setContentsMargins(0, 0, 0, 0)
        self.scale_row = QHBoxLayout()
        self.scale_row.setSpacing(SPACING_PX)
        ends = QHBoxLayout()
        self.min_label, self.max_label = text_label("muted"), text_label("muted")
        self.max_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        ends.addWidget(self.min_label)
        ends.addWidget(self.max_label)
        scale_column.addLayout(self.scale_row)
        scale_column.addLayout(ends)
        scale_column.addStretch(1)
        self.body.addWidget(self.scale_host)
        self.text_host = self._build_text_host(translator)
        self.body.addWidget(self.text_host)
        self.body.addStretch(1)
        self.next = button("primary")
        self.next.setMinimumWidth(360)
        self.next.clicked.connect(self.next_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.next)
        self.outer.addWidget(self.progress)
        self.outer.addWidget(self.title)
        self.outer.addLayout(self.body, 1)
        self.outer.addLayout(row)
        self._show_body(self.choice_host)

    def _build_text_host(self, translator: Translator) -> QWidget:
        """The short-text answer: keyboard and display, beside the "no names" hint."""
        host = QWidget()
        text_row = QHBoxLayout(host)
        text_row.setContentsMargins(0, 0, 0, 0)
        text_row.setSpacing(SPACING_PX * 3)
        text_column = QVBoxLayout()
        text_column.setSpacing(GAP_PX)
        self.display = TextDisplay()
        self.keyboard = OnScreenKeyboard(translator, enter_key=ENTER_KEY)
        self.keyboard.text_changed.connect(self._on_text)
        self.keyboard.submitted.connect(lambda _t: self.next_requested.emit())
        text_column.addWidget(self.display)
        text_column.addWidget(self.keyboard)
        text_row.addLayout(text_column, 3)
        self.no_names_title = text_label("h3")
        self.no_names = text_label("")
        self.counter = text_label("muted")
        hint_column = QVBoxLayout()
        hint_column.addWidget(card(self.no_names_title, self.no_names))
        hint_column.addWidget(self.counter)
        hint_column.addStretch(1)
        text_row.addLayout(hint_column, 2)
        return host

    def fill(self, question: Question, number: int, total: int, answer: str) -> None:
        """Show `question` (`number` counts from 1) with the visitor's answer so far."""
        tr = self._translator.tr
        lang = self._translator.language
        rebuild = question is not self.question
        self.question = question
        self.progress.setText(tr("survey.question.progress", current=number, total=total).upper())
        self.title.setText(question.text.get_text(lang))
        if question.kind == "text":
            self._show_body(self.text_host)
            self.keyboard.max_length = question.max_length
            if rebuild:
                self.keyboard.set_text(answer)
            self.display.set_placeholder(tr("survey.question.placeholder"))
            self.display.set_text(self.keyboard.text)
            self.no_names_title.setText(tr("survey.question.no_names_title"))
            self.no_names.setText(tr("survey.question.no_names"))
            self._count()
        else:
            self._fill_buttons(question, answer, lang, rebuild=rebuild)
        last = number == total
        answered = bool(answer.strip())
        key = (
            "survey.question.submit"
            if last
            else ("survey.question.next" if answered else "survey.question.skip")
        )
        set_button_text(self.next, tr(key) + ("" if last else "  →"))
        # A text answer has the keyboard's enter key for the same step: one button, not two.
        self.next.setVisible(question.kind != "text")
        if self.keyboard.enter_key != key:
            self.keyboard.enter_key = key
            self.keyboard.retranslate()

    def _show_body(self, shown: QWidget) -> None:
        for host in (self.choice_host, self.scale_host, self.text_host):
            host.setVisible(host is shown)

    def _fill_buttons(self, question: Question, answer: str, lang: str, *, rebuild: bool) -> None:
        if rebuild:
            for old in self.choices.buttons():
                self.choices.removeButton(old)
            clear_layout(self.choice_grid)
            clear_layout(self.scale_row)
            answers = question.answers()
            for index, value in enumerate(answers):
                widget = button("segment")
                widget.setCheckable(True)
                widget.setProperty("answer", value)
                widget.setMinimumHeight(88 if question.kind == "scale" else 72)
                widget.clicked.connect(lambda _c=False, v=value: self.answered.emit(v))
                self.choices.addButton(widget)
                if question.kind == "scale":
                    self.scale_row.addWidget(widget)
                else:
                    self.choice_grid.addWidget(
                        widget, index // CHOICE_COLUMNS, index % CHOICE_COLUMNS
                    )
        self._show_body(self.scale_host if question.kind == "scale" else self.choice_host)
        for choice in self.choices.buttons():
            value = str(choice.property("answer"))
            label = value
            if question.kind == "choice":
                option = next(o for o in question.options if o.id == value)
                label = option.label.get_text(lang)
            set_button_text(choice, label.replace("&", "&&"), label)
            choice.setChecked(value == answer)
        if question.min_label and question.max_label:
            self.min_label.setText("1 – " + question.min_label.get_text(lang))
            self.max_label.setText(f"{question.points} – " + question.max_label.get_text(lang))

    def _on_text(self, text: str) -> None:
        self.display.set_text(text)
        self._count()
        self.text_changed.emit(text)

    def _count(self) -> None:
        self.counter.setText(
            self._translator.tr(
                "survey.question.counter",
                count=len(self.keyboard.text),
                limit=self.keyboard.max_length,
            )
        )

    def wipe(self) -> None:
        self.keyboard.clear()
        for widget in self.choices.buttons():
            widget.setChecked(False)
        self.question = None
        super().wipe()
        self.keyboard.enter_key = ENTER_KEY
        self.keyboard.retranslate()  # key caps are not visitor data
        self.display.set_text("")


class ThanksScreen(Page):
    """Thanks, and the way to the results. Signals: results_requested()."""

    results_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.title = text_label("h1")
        self.text = text_label("lead")
        self.problem = text_label("error")
        self.results = button("primary")
        self.results.setMinimumWidth(420)
        self.results.clicked.connect(self.results_requested)
        self.outer.addStretch(1)
        for widget in (self.title, self.text, self.problem):
            self.outer.addWidget(widget)
        self.outer.addSpacing(24)
        self.outer.addWidget(self.results, 0, Qt.AlignmentFlag.AlignLeft)
        self.outer.addStretch(2)

    def fill(self, survey: Survey, *, public_results: bool, saved: bool | None) -> None:
        tr = self._translator.tr
        self.title.setText(tr("survey.thanks.title"))
        self.text.setText(survey.thanks.get_text(self._translator.language))
        self.problem.setText(tr("survey.thanks.not_saved") if saved is False else "")
        self.problem.setVisible(saved is False)
        set_button_text(self.results, tr("survey.thanks.results") + "  →")
        self.results.setVisible(public_results)


class ResultsScreen(Page):
    """The charts of all answers so far."""

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.title = text_label("h1")
        self.view = SurveyResultsView(translator)
        self.scroller = TouchScroll(self.view)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.scroller, 1)

    def wipe(self) -> None:
        self.view.clear()
        super().wipe()


def survey_buttons(screen: QuestionScreen) -> list[QPushButton]:
    """The answer buttons of the shown choice or scale question (for tests and tools)."""
    return [b for b in screen.choices.buttons() if isinstance(b, QPushButton)]
