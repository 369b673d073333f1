"""The stations' own views for staff (e.g. the survey's result charts), one page each.

Why here and not in the stations: the dashboard lives in `ui/` and never imports a station;
`ui.staff.mode.StaffMode` asks each loaded station for its `staff_view()` and hands the
widgets in. A view refreshes itself when it is shown (the survey reloads its results).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.theme import MIN_TARGET_PX, SPACING_PX
from ui.widgets import TouchScroll, button, set_button_text, text_label

logger = logging.getLogger(__name__)

HINT_WIDTH_PX = 200  # before the first layout, the words are measured at this width


class ViewButton(QPushButton):
    """A dashboard button whose words wrap: a station's name ("Digitale Agenda – Ihre
    Meinung – Auswertung …") is longer than the actions column is wide."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "secondary")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 10, 20, 10)
        self._margins = layout.contentsMargins()
        self.words = text_label("brand")
        self.words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.words.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self.words)

    def set_words(self, words: str) -> None:
        self.words.setText(words)
        self.setAccessibleName(words)
        self.updateGeometry()

    # A push button sizes itself by its own (empty) text: as high as the wrapped words instead.
    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        margins = self._margins
        inner = width - margins.left() - margins.right()
        words = self.words.heightForWidth(inner) if inner > 0 else 0
        return max(MIN_TARGET_PX, words + margins.top() + margins.bottom())

    def sizeHint(self) -> QSize:
        width = max(self.width(), HINT_WIDTH_PX)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(HINT_WIDTH_PX, self.heightForWidth(max(self.width(), HINT_WIDTH_PX)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()  # another width, another number of lines


class StationViewPage(QWidget):
    """A heading with the station's name, its view (scrolling if long) and "Done".

    Signals: done() — back to the dashboard's overview."""

    done = Signal()

    def __init__(
        self, translator: Translator, title_key: str, view: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._translator = translator
        self.title_key = title_key
        self.view = view
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_PX)
        top = QHBoxLayout()
        self.heading = text_label("h3")
        self.done_button = button("primary")
        self.done_button.setMinimumWidth(220)
        self.done_button.clicked.connect(self.done)
        top.addWidget(self.heading, 1)
        top.addWidget(self.done_button)
        layout.addLayout(top)
        self.scroller = TouchScroll(view)
        layout.addWidget(self.scroller, 1)
        self.retranslate()

    def retranslate(self) -> None:
        tr = self._translator.tr
        self.heading.setText(tr("staff.dash.view_title", name=tr(self.title_key)))
        set_button_text(self.done_button, tr("staff.dash.stations_done"))
