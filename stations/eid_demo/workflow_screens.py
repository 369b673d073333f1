"""Screens while a workflow runs: access rights, insert card, number entry, card is read.

Each screen renders what the station hands it and emits intents (accept, cancel, toggle a
right, use the test card, a number was entered). Only the station talks to the workflow.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from eid.commands import NumberKind
from kiosk.i18n import Translator
from stations.eid_demo.choice_screens import EidPage
from stations.eid_demo.pinpad import PinPad
from stations.eid_demo.state import Entry, NumberView, Stage
from stations.eid_demo.texts import number_key
from ui.theme import PALETTE, SPACING_PX
from ui.widgets import TouchScroll, button, clear_layout, set_button_text, text_label

logger = logging.getLogger(__name__)


def _cancel_button(page: EidPage) -> QPushButton:
    widget = button("secondary")
    widget.setMinimumWidth(260)
    page.action_row.insertWidget(0, widget)
    return widget


class RightsScreen(EidPage):
    """Who asks for which data; optional data can be switched off.

    Signals: accept_requested(), cancel_requested(), toggle_requested(str right).
    """

    accept_requested = Signal()
    cancel_requested = Signal()
    toggle_requested = Signal(str)

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        content = QWidget()
        self.scroller = TouchScroll(content)  # larger text can need more than one screen
        self.body.addWidget(self.scroller, 1)
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 16, 0)
        body.setSpacing(SPACING_PX + 4)
        self.provider = text_label("h3")
        self.purpose = text_label("")
        self.test_badge = text_label("moment", wrap=False)
        body.addWidget(self.test_badge, 0, Qt.AlignmentFlag.AlignLeft)
        provider_row = QHBoxLayout()
        provider_row.setSpacing(SPACING_PX * 2)
        provider_row.addWidget(self.provider, 3)
        provider_row.addWidget(self.purpose, 2)
        body.addLayout(provider_row)
        self.required_title = text_label("h3")
        body.addWidget(self.required_title)
        card = QFrame()
        card.setProperty("role", "card")
        self.required_grid = QGridLayout(card)
        self.required_grid.setContentsMargins(32, 16, 32, 16)
        self.required_grid.setHorizontalSpacing(48)
        self.required_grid.setVerticalSpacing(6)
        body.addWidget(card)
        self.optional_title = text_label("h3")
        body.addWidget(self.optional_title)
        self.optional_row = QHBoxLayout()
        self.optional_row.setSpacing(SPACING_PX)
        body.addLayout(self.optional_row)
        body.addStretch(1)
        self.cancel = _cancel_button(self)
        self.accept = button("primary")
        self.accept.setMinimumWidth(360)
        self.action_row.addWidget(self.accept)
        self.cancel.clicked.connect(self.cancel_requested)
        self.accept.clicked.connect(self.accept_requested)
        self.toggles: dict[str, QPushButton] = {}

    def fill(
        self,
        provider: str,
        purpose: str,
        required: Sequence[tuple[str, str]],
        optional: Sequence[tuple[str, str, bool]],
        *,
        test_card: bool,
    ) -> None:
        """`required`: (right, text); `optional`: (right, text, switched on)."""
        tr = self._translator.tr
        self.title.setText(tr("eid.rights.title"))
        self.lead.setText(tr("eid.rights.lead"))
        self.test_badge.setText(tr("eid.test_data") if test_card else "")
        self.test_badge.setVisible(test_card)
        self.provider.setText(tr("eid.rights.provider", name=provider) if provider else "")
        self.purpose.setText(tr("eid.rights.purpose", purpose=purpose) if purpose else "")
        self.purpose.setVisible(bool(purpose))
        self.required_title.setText(tr("eid.rights.required"))
        clear_layout(self.required_grid)
        columns = 3
        for index, (_right, text) in enumerate(required):
            label = text_label("", "✓\u00a0\u00a0" + text)  # the tick never wraps alone
            self.required_grid.addWidget(label, index // columns, index % columns)
        clear_layout(self.optional_row)
        self.toggles = {}
        self.optional_title.setText(tr("eid.rights.optional"))
        self.optional_title.setVisible(bool(optional))
        for right, text, enabled in optional:
            toggle = button("toggle")
            toggle.setCheckable(True)
            toggle.setChecked(enabled)
            state = tr("eid.rights.on") if enabled else tr("eid.rights.off")
            set_button_text(toggle, f"{'✓' if enabled else '○'}  {text}", f"{text}: {state}")
            toggle.clicked.connect(lambda _c=False, r=right: self.toggle_requested.emit(r))
            self.toggles[right] = toggle
            self.optional_row.addWidget(toggle)
        self.optional_row.addStretch(1)
        set_button_text(self.cancel, tr("eid.cancel"))
        set_button_text(self.accept, tr("eid.rights.accept") + "  →", tr("eid.rights.accept"))

    def wipe(self) -> None:
        clear_layout(self.required_grid)
        clear_layout(self.optional_row)
        self.toggles = {}
        super().wipe()


class CardIllustration(QWidget):
    """A card reader with an ID card lying flat on it: where the card goes, at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(420, 300)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        width, height = float(self.width()), float(self.height())
        reader = QRectF(width * 0.1, height * 0.45, width * 0.8, height * 0.45)
        painter.setPen(QPen(QColor(PALETTE.muted), 3))
        painter.setBrush(QColor(PALETTE.surface_pressed))
        painter.drawRoundedRect(reader, 24, 24)
        card = QRectF(width * 0.2, height * 0.12, width * 0.6, height * 0.5)
        painter.setPen(QPen(QColor(PALETTE.accent), 4))
        painter.setBrush(QColor(PALETTE.accent_soft))
        painter.drawRoundedRect(card, 16, 16)
        chip = QRectF(card.left() + 28, card.top() + card.height() * 0.35, 56, 44)
        painter.setPen(QPen(QColor(PALETTE.moment_border), 3))
        painter.setBrush(QColor(PALETTE.moment_bg))
        painter.drawRoundedRect(chip, 8, 8)
        painter.setPen(QPen(QColor(PALETTE.accent), 6))
        for offset in (0.0, 14.0, 28.0):
            arc = QRectF(card.right() - 90 + offset / 2, card.top() + 24 - offset / 2, 40, 40)
            arc.adjust(-offset, -offset, offset, offset)
            painter.drawArc(arc, 0, 90 * 16)
        font = QFont(self.font())
        font.setPixelSize(30)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(PALETTE.accent))
        painter.drawText(
            card.adjusted(0, 0, -24, -16),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
            "ID",
        )
        painter.end()


class CardScreen(EidPage):
    """Put the ID card on the reader; says which wrong card lies there, if known.

    Signals: cancel_requested(), test_card_requested().
    """

    cancel_requested = Signal()
    test_card_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        row = QHBoxLayout()
        row.setSpacing(64)
        self.illustration = CardIllustration()
        row.addWidget(self.illustration, 0, Qt.AlignmentFlag.AlignTop)
        column = QGridLayout()
        column.setVerticalSpacing(SPACING_PX + 4)
        self.wrong_card = text_label("error")
        self.hint_labels = [text_label("") for _ in range(3)]
        column.addWidget(self.wrong_card, 0, 0)
        for index, label in enumerate(self.hint_labels, start=1):
            column.addWidget(label, index, 0)
        column.setRowStretch(len(self.hint_labels) + 1, 1)
        row.addLayout(column, 1)
        self.body.addLayout(row, 1)
        self.cancel = _cancel_button(self)
        self.test_card = button("primary")
        self.action_row.addWidget(self.test_card)
        self.cancel.clicked.connect(self.cancel_requested)
        self.test_card.clicked.connect(self.test_card_requested)

    def fill(self, *, wrong_card_key: str | None, no_reader: bool, test_card: bool) -> None:
        tr = self._translator.tr
        self.title.setText(tr("eid.card.title"))
        self.lead.setText(tr("eid.card.lead"))
        message = ""
        if no_reader:
            message = tr("eid.card.no_reader")
        elif wrong_card_key:
            message = tr(wrong_card_key)
        self.wrong_card.setText(message)
        self.wrong_card.setVisible(bool(message))
        for index, label in enumerate(self.hint_labels, start=1):
            label.setText("•  " + tr(f"eid.card.hint{index}"))
        self.illustration.setAccessibleName(tr("eid.card.picture"))
        set_button_text(self.cancel, tr("eid.cancel"))
        set_button_text(self.test_card, tr("eid.card.use_test_card"))
        self.test_card.setVisible(test_card)


class NumberScreen(EidPage):
    """PIN, Transport-PIN, CAN, PUK or new PIN: on-screen pad, or "type it on the reader".

    Renders a `NumberView`; a new request or the second entry of the new PIN gets a fresh
    pad. `take()` hands the entered digits over once and forgets them.
    Signals: submitted(), cancel_requested().
    """

    submitted = Signal()
    cancel_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.view = NumberView(NumberKind.PIN)
        row = QHBoxLayout()
        row.setSpacing(72)
        texts = QGridLayout()
        texts.setVerticalSpacing(SPACING_PX + 4)
        self.test_badge = text_label("moment", wrap=False)
        self.hint = text_label("")
        self.retries = text_label("error")
        self.keypad_note = text_label("h2")
        self.privacy = text_label("muted")
        # The lead sits in the text column, so the pad gets the full height under the title.
        self.lead.hide()
        self.detail = text_label("lead")
        column = (self.test_badge, self.retries, self.detail, self.hint, self.keypad_note)
        for index, widget in enumerate((*column, self.privacy)):
            texts.addWidget(widget, index, 0, Qt.AlignmentFlag.AlignTop)
        texts.setRowStretch(6, 1)
        self.shuffle = button("toggle")
        self.shuffle.setCheckable(True)
        self.shuffle.toggled.connect(self._on_shuffle)
        row.addLayout(texts, 1)
        self.pad = PinPad()
        row.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(row, 1)
        self.cancel = _cancel_button(self)
        self.action_row.insertWidget(1, self.shuffle)
        self.pad.submitted.connect(self.submitted)
        self.cancel.clicked.connect(self.cancel_requested)

    def fill(self, view: NumberView) -> None:
        """Texts for `view`; a fresh pad of the right length when the entry is a new one."""
        fresh = (view.request, view.stage, view.kind) != (
            self.view.request,
            self.view.stage,
            self.view.kind,
        )
        self.view = view
        if fresh:
            self.pad.configure(view.kind.lengths[0], shuffled=self.shuffle.isChecked())
        tr = self._translator.tr
        key = number_key(view.kind)
        title_key = "eid.number.new_pin.repeat" if view.stage is Stage.REPEAT else f"{key}.title"
        self.title.setText(tr(title_key))
        self.detail.setText(tr(f"{key}.lead"))
        self.hint.setText(tr(f"{key}.hint"))
        self.test_badge.setText(tr("eid.number.test_card") if view.test_card else "")
        self.test_badge.setVisible(view.test_card)
        self.retries.setText(self._retry_text())
        self.retries.setVisible(bool(self.retries.text()))
        on_reader = view.entry is Entry.READER
        what = tr(f"{key}.name")
        self.keypad_note.setText(tr("eid.number.on_reader", what=what) if on_reader else "")
        self.keypad_note.setVisible(on_reader)
        self.pad.setVisible(view.pad_shown)
        self.shuffle.setVisible(view.pad_shown)
        self.privacy.setText(tr("eid.number.privacy") if view.pad_shown else "")
        set_button_text(self.shuffle, tr("eid.number.shuffle"))
        self.pad.set_labels(
            tr("eid.number.delete"),
            tr("eid.number.confirm"),
            lambda filled, length: tr("eid.number.dots", filled=filled, length=length),
        )
        set_button_text(self.cancel, tr("eid.cancel"))

    def _retry_text(self) -> str:
        tr = self._translator.tr
        view = self.view
        if view.mismatch:
            return tr("eid.number.mismatch")
        pin_like = view.kind in {NumberKind.PIN, NumberKind.TRANSPORT_PIN}
        if pin_like and view.retry_counter == 1:
            return tr("eid.number.last_try")
        if view.wrong_attempt and pin_like and view.retry_counter is not None:
            return tr("eid.number.wrong", tries=view.retry_counter)
        if view.wrong_attempt:
            return tr("eid.number.wrong_other")
        return ""

    def _on_shuffle(self, shuffled: bool) -> None:
        count = self.pad.count
        self.pad.configure(self.pad.length, shuffled=shuffled)
        if count:
            logger.debug("pad reshuffled; the partial entry was cleared")

    def take(self) -> str:
        """The entered digits, once; the pad is empty afterwards."""
        return self.pad.take()

    def clear_entry(self) -> None:
        self.pad.clear()

    def wipe(self) -> None:
        self.clear_entry()
        self.view = NumberView(NumberKind.PIN)
        self.shuffle.setChecked(False)
        super().wipe()


class WorkingScreen(EidPage):
    """The card is being read: keep it still. Signals: cancel_requested()."""

    cancel_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.illustration = CardIllustration()
        self.body.addStretch(1)
        self.body.addWidget(self.illustration, 0, Qt.AlignmentFlag.AlignHCenter)
        self.progress = text_label("h3")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.progress)
        self.body.addStretch(2)
        self.cancel = _cancel_button(self)
        self.cancel.clicked.connect(self.cancel_requested)

    def fill(self, *, percent: int | None, fetching: bool) -> None:
        tr = self._translator.tr
        self.title.setText(tr("eid.working.title"))
        self.lead.setText(tr("eid.working.fetching" if fetching else "eid.working.lead"))
        self.progress.setText(tr("eid.working.percent", percent=percent) if percent else "")
        self.illustration.setAccessibleName(tr("eid.card.picture"))
        set_button_text(self.cancel, tr("eid.cancel"))
