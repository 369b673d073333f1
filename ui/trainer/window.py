"""The trainer window: the current eID process as a timeline with plain-language explanations,
the masked SDK messages with their timing, and (in demo mode) the card for the next run.

It has its own translator, so a trainer can explain in German while the visitor reads Danish.
It renders `ui.trainer.timeline.Timeline`, which only ever holds masked frames.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QMouseEvent, QTextCursor
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Translator, base_language
from ui.languages import NATIVE_NAMES
from ui.theme import MARGIN_PX, SPACING_PX, Theme
from ui.trainer.scenarios import SCENARIOS, ScenarioControl
from ui.trainer.timeline import State, Step, StepRecord, Timeline
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)

MARKS = {
    State.PENDING: "○",
    State.ACTIVE: "●",
    State.DONE: "✓",
    State.FAILED: "✗",
    State.SKIPPED: "–",
}
TICK_MS = 250
TIMELINE_WIDTH_PX = 720
#: The trainer reads from close by and needs timeline, explanation, messages and scenarios on
#: one screen: a smaller type scale than the visitor's (still at least 20 px).
COMPACT = """
QLabel { font-size: 22px; }
QLabel[role="h2"] { font-size: 34px; }
QLabel[role="h3"] { font-size: 25px; }
QLabel[role="lead"] { font-size: 24px; }
QLabel[role="muted"] { font-size: 20px; }
QLabel[role="eyebrow"] { font-size: 20px; }
QLabel[role="badge-line"] { font-size: 20px; }
QPushButton { font-size: 21px; min-height: 52px; padding: 4px 14px; }
"""


def number_text(value: float, language: str) -> str:
    """One decimal, with the decimal comma in German and Danish."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if base_language(language) in {"de", "da"} else text


def duration_text(seconds: float, language: str) -> str:
    return f"{round(seconds * 1000)} ms" if seconds < 1 else f"{number_text(seconds, language)} s"


def explanation_key(step: Step, kind: str | None) -> str:
    """The change-PIN variant where the step means something else without a service."""
    if kind == "change_pin" and step in {Step.CONNECT, Step.PACE, Step.RESULT}:
        return f"trainer.step.{step.value}.text_change_pin"
    return f"trainer.step.{step.value}.text"


class StepCard(QFrame):
    """One step: mark, title, state and duration, notes. Signals: chosen()."""

    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 8)
        layout.setSpacing(0)
        top = QHBoxLayout()
        self.mark = text_label("h3", wrap=False)
        self.mark.setFixedWidth(34)
        self.title = text_label("h3")
        self.state = text_label("badge-line", wrap=False)
        top.addWidget(self.mark)
        top.addWidget(self.title, 1)
        top.addWidget(self.state)
        layout.addLayout(top)
        self.notes = text_label("")
        layout.addWidget(self.notes)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.chosen.emit()


class TrainerWindow(QWidget):
    """See the module docstring. `feed(direction, masked_frame)` is the client's traffic."""

    def __init__(
        self,
        translator: Translator,
        timeline: Timeline,
        *,
        scenarios: ScenarioControl | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shell")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setWindowTitle("Plietsch – Trainer")
        self.translator = translator
        self.timeline = timeline
        self.scenarios = scenarios
        self._selected: Step | None = None
        self._followed: Step | None = None
        self._scenario_message: tuple[str, dict[str, object]] | None = None
        self.cards: list[StepCard] = []
        self.setStyleSheet(Theme().combined_stylesheet() + COMPACT)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(MARGIN_PX, 20, MARGIN_PX, 20)
        outer.setSpacing(SPACING_PX + 4)
        outer.addLayout(self._build_top())
        body = QHBoxLayout()
        body.setSpacing(SPACING_PX * 3)
        steps = QWidget()
        steps.setFixedWidth(TIMELINE_WIDTH_PX)
        self.step_list = QVBoxLayout(steps)
        self.step_list.setContentsMargins(0, 0, 0, 0)
        self.step_list.setSpacing(SPACING_PX // 2)
        self.waiting = text_label("lead")
        self.step_list.addWidget(self.waiting)
        self.step_list.addStretch(1)
        body.addWidget(steps)
        body.addLayout(self._build_right(), 1)
        outer.addLayout(body, 1)
        if scenarios is not None:
            outer.addWidget(self._build_scenarios(scenarios))
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.refresh)
        translator.language_changed.connect(lambda _lang: self.refresh())
        self.refresh()

    # --- construction --------------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        row = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = text_label("h2")
        self.status = text_label("lead")
        titles.addWidget(self.title)
        titles.addWidget(self.status)
        row.addLayout(titles, 1)
        self.language_group = QButtonGroup(self)
        for lang in self.translator.languages:
            widget = button("segment", NATIVE_NAMES.get(lang, lang))
            widget.setCheckable(True)
            widget.clicked.connect(lambda _c=False, code=lang: self.translator.set_language(code))
            self.language_group.addButton(widget)
            row.addWidget(widget)
        return row

    def _build_right(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.setSpacing(SPACING_PX)
        box = QFrame()
        box.setProperty("role", "moment-card")
        inner = QVBoxLayout(box)
        inner.setContentsMargins(28, 20, 28, 24)
        inner.setSpacing(10)
        self.explain_heading = text_label("eyebrow")
        self.explain_title = text_label("h2")
        self.explain_text = text_label("lead")
        for widget in (self.explain_heading, self.explain_title, self.explain_text):
            inner.addWidget(widget)
        column.addWidget(box)
        self.frames_heading = text_label("h3")
        self.frames_hint = text_label("muted")
        column.addWidget(self.frames_heading)
        column.addWidget(self.frames_hint)
        self.frames_view = QPlainTextEdit()
        self.frames_view.setReadOnly(True)
        self.frames_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.frames_view.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPixelSize(17)
        self.frames_view.setFont(font)
        column.addWidget(self.frames_view, 1)
        return column

    def _build_scenarios(self, scenarios: ScenarioControl) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_PX // 2)
        self.scenario_heading = text_label("h3")
        self.scenario_hint = text_label("muted")
        layout.addWidget(self.scenario_heading)
        layout.addWidget(self.scenario_hint)
        grid = QGridLayout()
        grid.setSpacing(SPACING_PX // 2)
        self.scenario_group = QButtonGroup(self)
        self.scenario_buttons: dict[str, QPushButton] = {}
        for index, name in enumerate(SCENARIOS):
            widget = button("segment")
            widget.setCheckable(True)
            widget.clicked.connect(lambda _c=False, preset=name: scenarios.choose(preset))
            self.scenario_group.addButton(widget)
            self.scenario_buttons[name] = widget
            grid.addWidget(widget, index // 5, index % 5)
        layout.addLayout(grid)
        self.scenario_status = text_label("")
        layout.addWidget(self.scenario_status)
        scenarios.chosen.connect(self._on_scenario)
        scenarios.failed.connect(
            lambda reason: self._set_scenario_message("trainer.scenario.failed", reason=reason)
        )
        return panel

    # --- input ---------------------------------------------------------------------------

    def feed(self, direction: str, masked: str) -> None:
        """One SDK frame, already masked by the client (eid.traffic_log.redact_frame)."""
        if self.timeline.feed(direction, masked):
            active = self.timeline.active
            current = active.step if active is not None else None
            if current is None and self.timeline.outcome is not None:
                current = Step.RESULT
            if current is not None and current is not self._followed:
                self._followed = self._selected = current
            if self.timeline.running:
                self._timer.start()
            self.refresh()

    def clear(self) -> None:
        """Forget the last process (privacy wipe on a station with real cards)."""
        self.timeline.clear()
        self._selected = self._followed = None
        self._timer.stop()
        self.refresh()

    def select(self, step: Step) -> None:
        self._selected = step
        self.refresh()

    def _on_scenario(self, preset: str) -> None:
        widget = self.scenario_buttons.get(preset)
        if widget is not None:
            widget.setChecked(True)
        self._set_scenario_message("trainer.scenario.chosen", preset=preset)

    def _set_scenario_message(self, key: str, **params: object) -> None:
        self._scenario_message = (key, params)
        self.refresh()

    # --- rendering -----------------------------------------------------------------------

    def refresh(self) -> None:
        tr = self.translator.tr
        timeline = self.timeline
        self.title.setText(tr("trainer.title"))
        for widget, lang in zip(
            self.language_group.buttons(), self.translator.languages, strict=True
        ):
            widget.setChecked(lang == self.translator.language)
        self.status.setText(self._status_text())
        self.waiting.setText(tr("trainer.waiting"))
        self.waiting.setVisible(timeline.kind is None)
        self._render_steps()
        self._render_explanation()
        self.frames_heading.setText(tr("trainer.frames"))
        self.frames_hint.setText(tr("trainer.frames_hint"))
        self._render_frames()
        if self.scenarios is not None:
            self._render_scenarios()
        if not timeline.running:
            self._timer.stop()

    def _status_text(self) -> str:
        tr, timeline = self.translator.tr, self.timeline
        if timeline.kind is None:
            return ""
        run = tr("trainer.run_auth" if timeline.kind == "auth" else "trainer.run_change_pin")
        elapsed = timeline.elapsed_s()
        key = "trainer.running"
        if not timeline.running:
            key = "trainer.ended_ok" if timeline.outcome == "success" else "trainer.ended_failed"
        return f"{run} – {tr(key, seconds=number_text(elapsed, self.translator.language))}"

    def _render_steps(self) -> None:
        steps = self.timeline.steps
        while len(self.cards) < len(steps):
            card = StepCard()
            index = len(self.cards)
            card.chosen.connect(lambda i=index: self.select(self.timeline.steps[i].step))
            self.step_list.insertWidget(self.step_list.count() - 1, card)
            self.cards.append(card)
        for index, card in enumerate(self.cards):
            card.setVisible(index < len(steps))
            if index < len(steps):
                self._fill_card(card, steps[index], index, len(steps))

    def _fill_card(self, card: StepCard, record: StepRecord, index: int, total: int) -> None:
        tr = self.translator.tr
        title = tr(f"trainer.step.{record.step.value}.title")
        state = tr(f"trainer.state.{record.state.value}")
        duration = record.duration_ms(self.timeline.now())
        shown_state = state
        if duration is not None:
            shown_state += f" · {duration_text(duration / 1000, self.translator.language)}"
        card.mark.setText(MARKS[record.state])
        card.title.setText(title)
        card.state.setText(shown_state)
        notes = [tr(key, **params) for key, params in record.notes[-3:]]
        card.notes.setText("\n".join(notes))
        card.notes.setVisible(bool(notes))
        card.setProperty("role", "moment-card" if record.step is self._selected else "card")
        card.style().unpolish(card)
        card.style().polish(card)
        name = tr(
            "trainer.step_name", number=index + 1, total=total, title=title, state=shown_state
        )
        card.setAccessibleName(name)
        card.setAccessibleDescription(" ".join(notes))

    def _render_explanation(self) -> None:
        tr = self.translator.tr
        step = self._selected or Step.CONNECT
        self.explain_heading.setText(tr("trainer.explain").upper())
        self.explain_title.setText(tr(f"trainer.step.{step.value}.title"))
        self.explain_text.setText(tr(explanation_key(step, self.timeline.kind)))

    def _render_frames(self) -> None:
        tr = self.translator.tr
        lines = [
            f"{frame.offset_ms:>7} ms  {'→' if frame.direction == 'send' else '←'}  {frame.text}"
            for frame in self.timeline.frames
        ]
        text = "\n".join(lines) or tr("trainer.no_frames")
        if self.frames_view.toPlainText() != text:
            self.frames_view.setPlainText(text)
            self.frames_view.moveCursor(QTextCursor.MoveOperation.End)  # the newest in view
        self.frames_view.setAccessibleName(tr("trainer.frames"))
        self.frames_view.setAccessibleDescription(
            f"{tr('trainer.send')}: →, {tr('trainer.recv')}: ←. {tr('trainer.frames_hint')}"
        )

    def _render_scenarios(self) -> None:
        tr = self.translator.tr
        self.scenario_heading.setText(tr("trainer.scenario.heading"))
        self.scenario_hint.setText(tr("trainer.scenario.hint"))
        for name, widget in self.scenario_buttons.items():
            set_button_text(widget, tr(f"trainer.scenario.{name}.title"))
            widget.setToolTip(tr(f"trainer.scenario.{name}.text"))
            widget.setAccessibleDescription(tr(f"trainer.scenario.{name}.text"))
        message = self._scenario_message
        if message is None:
            self.scenario_status.setText("")
            return
        key, params = message
        preset = params.get("preset")
        if preset == "none":  # the emulator's start: only the Simulator test card
            key, params = "trainer.scenario.none", {}
        elif preset is not None:  # named in the language shown now
            known = preset in self.scenario_buttons
            params = {"name": tr(f"trainer.scenario.{preset}.title") if known else preset}
        self.scenario_status.setText(tr(key, **params))
