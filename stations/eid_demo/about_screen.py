"""'Was ist der Online-Ausweis?': a few pages, one idea each, with a picture drawn by the project.

Pages turn with "Weiter", with a swipe, and back with the shell's "Zurück" (or a swipe the
other way). The texts live in the catalogs under ``eid.about.<n>``; the pictures take their
words from there too.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout

from kiosk.i18n import Translator
from stations.eid_demo.bullets import BulletPoint
from stations.eid_demo.choice_screens import EidPage
from stations.eid_demo.pictures import (
    CardOnReaderPicture,
    IdCardPicture,
    PhonePicture,
    Picture,
    PinLetterPicture,
)
from stations.eid_demo.state import ABOUT_PAGES
from ui.theme import SPACING_PX
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)

POINTS_PER_PAGE = 4
SWIPE_PX = 120  # a horizontal drag at least this long turns the page


class AboutScreen(EidPage):
    """One page of the explainer. Signals: next_requested(), previous_requested()."""

    next_requested = Signal()
    previous_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self._page = 0
        self._press: QPoint | None = None
        row = QHBoxLayout()
        row.setSpacing(64)
        column = QVBoxLayout()
        column.setSpacing(SPACING_PX + 8)
        self.points = [BulletPoint() for _ in range(POINTS_PER_PAGE)]
        for label in self.points:
            column.addWidget(label)
        column.addStretch(1)
        row.addLayout(column, 1)
        self.pictures: list[Picture] = [
            CardOnReaderPicture(width=640),
            PinLetterPicture(width=640),
            IdCardPicture(width=640),
            PhonePicture(width=640),
        ]
        self.picture_stack = QStackedWidget()
        for picture in self.pictures:
            self.picture_stack.addWidget(picture)
        row.addWidget(self.picture_stack, 0, Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(row, 1)
        self.progress = text_label("muted", wrap=False)
        self.action_row.insertWidget(0, self.progress)
        self.next = button("primary")
        self.next.setMinimumWidth(360)
        self.action_row.addWidget(self.next)
        self.next.clicked.connect(self.next_requested)

    def fill(self, page: int) -> None:
        tr = self._translator.tr
        self._page = page = max(0, min(page, ABOUT_PAGES - 1))
        key = f"eid.about.{page + 1}"
        self.title.setText(tr(f"{key}.title"))
        self.lead.setText(tr(f"{key}.lead"))
        for index, label in enumerate(self.points, start=1):
            text = tr(f"{key}.point{index}")
            label.setText(text)
        self.picture_stack.setCurrentIndex(page)
        picture = self.pictures[page]
        picture.set_labels(
            title=tr("eid.about.letter"),
            transport_pin=tr("eid.about.letter_transport_pin"),
            puk=tr("eid.about.letter_puk"),
            can=tr("eid.about.can_here"),
            flat=tr("eid.about.lay_flat"),
        )
        picture.setAccessibleName(tr(f"{key}.picture"))
        self.progress.setText(tr("eid.about.progress", page=page + 1, pages=ABOUT_PAGES))
        last = page == ABOUT_PAGES - 1
        action = tr("eid.about.done") if last else tr("eid.about.next")
        set_button_text(self.next, action + "  →", action)

    # --- swipe ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        start, self._press = self._press, None
        if start is not None:
            moved = event.position().toPoint() - start
            if abs(moved.x()) >= SWIPE_PX and abs(moved.x()) > 2 * abs(moved.y()):
                (self.previous_requested if moved.x() > 0 else self.next_requested).emit()
        super().mouseReleaseEvent(event)
