"""A bullet point whose wrapped lines start under its first word, not under the bullet.

Why a widget and not "•  " in front of the text: a QLabel wraps such a text back to its left
edge, so a point of two lines looked like two points (review of the eID explainer). The
bullet and the words sit in two labels side by side; both follow the text size.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ui.widgets import text_label

logger = logging.getLogger(__name__)

BULLET = "•"


class BulletPoint(QWidget):
    """`setText()` / `text()` like a label; the bullet stays in a column of its own."""

    def __init__(self, role: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(14)
        self.bullet = text_label(role, wrap=False)
        self.bullet.setAccessibleName("")  # the speech reads the words, not the mark
        self.words: QLabel = text_label(role)
        row.addWidget(self.bullet, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.words, 1)

    def setText(self, text: str) -> None:
        self.words.setText(text)
        self.bullet.setText(BULLET if text else "")  # a wipe blanks every label, this one too

    def text(self) -> str:
        return self.words.text()
