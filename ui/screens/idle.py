"""The idle warning: a visible countdown over the current screen; one tap continues.

Why an overlay and not a screen: the visitor must see that their screen is still there, and
a tap anywhere (not only on the button) must count as "I am still here".
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.theme import SPACING_PX
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)


class IdleOverlay(QWidget):
    """Signals: continue_requested(), end_requested()."""

    continue_requested = Signal()
    end_requested = Signal()

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._translator = translator
        self._seconds = 0
        self.setObjectName("backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setObjectName("overlay-card")
        card.setFixedWidth(1040)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(64, 56, 64, 56)
        layout.setSpacing(28)
        self.title = text_label("h1")
        self.count = text_label("display", wrap=False)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text = text_label("lead")
        row = QHBoxLayout()
        row.setSpacing(SPACING_PX * 2)
        self.continue_button = button("primary")
        self.end_button = button("secondary")
        self.continue_button.clicked.connect(self.continue_requested)
        self.end_button.clicked.connect(self.end_requested)
        row.addWidget(self.end_button)
        row.addStretch(1)
        row.addWidget(self.continue_button)
        layout.addWidget(self.title)
        layout.addWidget(self.count)
        layout.addWidget(self.text)
        layout.addSpacing(12)
        layout.addLayout(row)
        outer.addWidget(card)
        self.hide()
        translator.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    def set_seconds(self, seconds: int) -> None:
        self._seconds = seconds
        self.retranslate()

    def retranslate(self) -> None:
        tr = self._translator.tr
        self.title.setText(tr("idle.title"))
        self.count.setText(str(self._seconds))
        self.text.setText(tr("idle.text", seconds=self._seconds))
        set_button_text(self.continue_button, tr("idle.continue"))
        set_button_text(self.end_button, tr("idle.end"))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A tap on the backdrop also means "I am still here"."""
        event.accept()
        self.continue_requested.emit()
