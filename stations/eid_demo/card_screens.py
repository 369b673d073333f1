"""Screens about the card itself: put it on the reader, keep it still, it is being read.

Each screen renders what the station hands it and emits intents (cancel, use the test
card, continue after a pause); only the controller talks to the workflow.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout

from kiosk.i18n import Translator
from stations.eid_demo.bullets import BulletPoint
from stations.eid_demo.choice_screens import EidPage, cancel_button
from stations.eid_demo.flow import Step
from stations.eid_demo.pictures import CardOnReaderPicture, KeypadReaderPicture
from ui.theme import SPACING_PX
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)


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
        self.illustration = CardOnReaderPicture(width=520)
        row.addWidget(self.illustration, 0, Qt.AlignmentFlag.AlignTop)
        column = QGridLayout()
        column.setVerticalSpacing(SPACING_PX + 4)
        self.wrong_card = text_label("error")
        self.hint_labels = [BulletPoint() for _ in range(3)]
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
            label.setText(tr(f"eid.card.hint{index}"))
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
        self.illustration = CardOnReaderPicture(width=520)
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
        self.illustration = CardOnReaderPicture(width=520)
        row.addWidget(self.illustration, 0, Qt.AlignmentFlag.AlignTop)
        column = QGridLayout()
        column.setVerticalSpacing(SPACING_PX + 4)
        self.reader = text_label("muted")
        self.hint_labels = [BulletPoint() for _ in range(3)]
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
            label.setText(tr(f"eid.card.hint{index}"))
        self.reader.setText(tr("eid.pause.reader", reader=reader) if reader else "")
        self.reader.setVisible(bool(reader))
        self.illustration.setAccessibleName(tr("eid.card.picture"))
        set_button_text(self.cancel, tr("eid.cancel"))
        set_button_text(self.resume, tr("eid.pause.continue") + "  →", tr("eid.pause.continue"))


class NeedsKeypadScreen(EidPage):
    """This station takes PINs only on a reader's own keypad, and the reader has none.

    Signals: chosen(Step) with Step.TEST_CARD (the test card instead).
    """

    chosen = Signal(object)

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        row = QHBoxLayout()
        row.setSpacing(64)
        column = QVBoxLayout()
        column.setSpacing(SPACING_PX + 4)
        self.points = [BulletPoint() for _ in range(3)]
        for label in self.points:
            column.addWidget(label)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.picture = KeypadReaderPicture(width=480)
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(row, 1)
        self.test_card = button("primary")
        self.test_card.setMinimumWidth(360)
        self.action_row.addWidget(self.test_card)
        self.test_card.clicked.connect(lambda: self.chosen.emit(Step.TEST_CARD))

    def fill(self, *, ready: bool) -> None:
        """`ready`: the cancelled workflow has ended, so the test card can start."""
        tr = self._translator.tr
        self.title.setText(tr("eid.keypad.title"))
        self.lead.setText(tr("eid.keypad.lead"))
        for index, label in enumerate(self.points, start=1):
            label.setText(tr(f"eid.keypad.point{index}"))
        self.picture.set_labels(keypad=tr("eid.number.keypad_here"))
        self.picture.setAccessibleName(tr("eid.keypad.picture"))
        set_button_text(self.test_card, tr("eid.keypad.try") + "  →", tr("eid.keypad.try"))
        self.test_card.setEnabled(ready)
