"""Screens about the card itself: put it on the reader, keep it still, it is being read.

Each screen renders what the station hands it and emits intents (cancel, use the test
card, continue after a pause); only the controller talks to the workflow.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QWidget

from kiosk.i18n import Translator
from stations.eid_demo.choice_screens import EidPage, cancel_button
from ui.theme import PALETTE, SPACING_PX
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)


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
        self.cancel = cancel_button(self)
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
        self.cancel = cancel_button(self)
        self.cancel.clicked.connect(self.cancel_requested)

    def fill(self, *, percent: int | None, fetching: bool) -> None:
        tr = self._translator.tr
        self.title.setText(tr("eid.working.title"))
        self.lead.setText(tr("eid.working.fetching" if fetching else "eid.working.lead"))
        self.progress.setText(tr("eid.working.percent", percent=percent) if percent else "")
        self.illustration.setAccessibleName(tr("eid.card.picture"))
        set_button_text(self.cancel, tr("eid.cancel"))


class PauseScreen(EidPage):
    """AusweisApp paused: the card lost contact. Lay it still; it goes on by itself, or "Weiter".

    Signals: resume_requested(), cancel_requested().
    """

    resume_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        row = QHBoxLayout()
        row.setSpacing(64)
        self.illustration = CardIllustration()
        row.addWidget(self.illustration, 0, Qt.AlignmentFlag.AlignTop)
        column = QGridLayout()
        column.setVerticalSpacing(SPACING_PX + 4)
        self.reader = text_label("muted")
        self.hint_labels = [text_label("") for _ in range(3)]
        for index, label in enumerate(self.hint_labels):
            column.addWidget(label, index, 0)
        column.addWidget(self.reader, len(self.hint_labels), 0)
        column.setRowStretch(len(self.hint_labels) + 1, 1)
        row.addLayout(column, 1)
        self.body.addLayout(row, 1)
        self.cancel = cancel_button(self)
        self.resume = button("primary")
        self.resume.setMinimumWidth(360)
        self.action_row.addWidget(self.resume)
        self.cancel.clicked.connect(self.cancel_requested)
        self.resume.clicked.connect(self.resume_requested)

    def fill(self, *, reader: str) -> None:
        tr = self._translator.tr
        self.title.setText(tr("eid.pause.title"))
        self.lead.setText(tr("eid.pause.lead"))
        for index, label in enumerate(self.hint_labels, start=1):
            label.setText("•  " + tr(f"eid.card.hint{index}"))
        self.reader.setText(tr("eid.pause.reader", reader=reader) if reader else "")
        self.reader.setVisible(bool(reader))
        self.illustration.setAccessibleName(tr("eid.card.picture"))
        set_button_text(self.cancel, tr("eid.cancel"))
        set_button_text(self.resume, tr("eid.pause.continue") + "  →", tr("eid.pause.continue"))
