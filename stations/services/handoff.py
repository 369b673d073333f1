"""The steps one by one, and the hand-off to the visitor's phone (QR code)."""

from __future__ import annotations

import logging
from collections.abc import Collection

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from kiosk.content import Service
from kiosk.i18n import Translator
from stations.services.screens import ActionRow
from ui.handoff import Handoff, HandoffView, portal_language_note
from ui.step_indicator import StepIndicator
from ui.theme import SPACING_PX, Theme
from ui.widgets import ImageBox, Page, set_button_text, text_label

logger = logging.getLogger(__name__)

MOMENTS = ("eid", "payment", "upload")


class StepScreen(Page):
    """One step of the service with a big step indicator. Signals: next_requested()."""

    next_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.eyebrow = text_label("eyebrow")
        self.indicator = StepIndicator()
        self.progress = text_label("muted", wrap=False)
        head = QHBoxLayout()
        head.setSpacing(SPACING_PX * 2)
        head.addWidget(self.indicator, 1)
        head.addWidget(self.progress)
        self.moment = text_label("moment", wrap=False)
        self.title = text_label("h1")
        self.text = text_label("lead")
        self.card = QFrame()
        self.card.setProperty("role", "card")
        card_layout = QHBoxLayout(self.card)
        card_layout.setContentsMargins(48, 40, 48, 40)
        card_layout.setSpacing(48)
        text_column = QVBoxLayout()
        text_column.setSpacing(20)
        moment_row = QHBoxLayout()
        moment_row.addWidget(self.moment)
        moment_row.addStretch(1)
        text_column.addLayout(moment_row)
        text_column.addWidget(self.title)
        text_column.addWidget(self.text)
        text_column.addStretch(1)
        card_layout.addLayout(text_column, 3)
        self.image = ImageBox(560, 480)
        card_layout.addWidget(self.image, 2)
        self.big_number = text_label("step-number", wrap=False)  # decoration when no image
        self.big_number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        card_layout.addWidget(self.big_number, 1)
        self.action_row = ActionRow()
        self.action_row.secondary.hide()
        self.action_row.primary.clicked.connect(self.next_requested)
        self.outer.addWidget(self.eyebrow)
        self.outer.addLayout(head)
        self.outer.addWidget(self.card)
        self.outer.addStretch(1)
        self.outer.addLayout(self.action_row)

    def fill(self, service: Service, index: int) -> None:
        lang = self._translator.language
        tr = self._translator.tr
        steps = service.steps
        if not steps:
            return
        index = max(0, min(index, len(steps) - 1))
        step = steps[index]
        progress = tr("services.steps.progress", current=index + 1, total=len(steps))
        self.eyebrow.setText(service.title.get_text(lang).upper())
        marks = {
            i: tr(f"services.moment_short.{s.moment}")
            for i, s in enumerate(steps)
            if s.moment in MOMENTS
        }
        self.indicator.set_steps(len(steps), index, marks, progress)
        self.progress.setText(progress)
        self.title.setText(step.title.get_text(lang))
        self.text.setText(step.text.get_text(lang))
        is_moment = step.moment in MOMENTS
        self.moment.setVisible(is_moment)
        self.moment.setText(tr(f"services.moment.{step.moment}") if is_moment else "")
        self.card.setProperty("role", "moment-card" if is_moment else "card")
        self.card.style().unpolish(self.card)
        self.card.style().polish(self.card)
        self.image.show_image(step.image)
        self.big_number.setText(str(index + 1))
        self.big_number.setVisible(step.image is None)
        last = index == len(steps) - 1
        key = "services.steps.finish" if last else "services.steps.next"
        set_button_text(self.action_row.primary, tr(key) + "  →")

    def wipe(self) -> None:
        self.image.show_image(None)
        self.indicator.set_steps(0, 0)
        self.card.setProperty("role", "card")
        super().wipe()


class HandoffScreen(Page):
    """The service's own page as a QR code for the visitor's phone (the shared `HandoffView`)."""

    def __init__(
        self, translator: Translator, theme: Theme, allowed_hosts: Collection[str]
    ) -> None:
        super().__init__()
        self._translator = translator
        self.view = HandoffView(translator, theme, allowed_hosts)
        self.outer.addWidget(self.view, 1)

    @property
    def problem(self) -> str | None:
        return self.view.problem

    def fill(self, service: Service) -> None:
        lang = self._translator.language
        tr = self._translator.tr
        handoff = Handoff(
            url=service.portal_url,
            title=tr("services.qr.title"),
            text=tr(handoff_text_key(service)),
            eyebrow=service.title.get_text(lang),
            note=portal_language_note(self._translator, service.portal_languages),
        )
        self.view.present(handoff)

    def wipe(self) -> None:
        self.view.clear()
        super().wipe()


def handoff_text_key(service: Service) -> str:
    """What the code opens, said truthfully: the online service itself or its information page."""
    if service.portal_kind != "service":
        return "services.qr.continue_info"
    return "services.qr.continue_eid" if service.needs_eid else "services.qr.continue"
