"""Numbered circles for the steps of a process (the services station's step screens)."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import PALETTE

logger = logging.getLogger(__name__)


class StepIndicator(QWidget):
    """Numbered circles for the steps of a process: done ones ticked, the current one filled.

    A step where something special happens (the ID card, a payment, an upload) has an orange
    ring and its name in a word under the circle, so the colour never has to be guessed.
    Painted rather than built from labels so it stays one accessible element with a name such
    as "Schritt 2 von 5". The word size follows the style sheet (larger text).
    """

    DIAMETER = 64
    GAP = 44

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._total = 0
        self._current = 0
        self._marks: dict[int, str] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_steps(
        self, total: int, current: int, marks: Mapping[int, str] | None = None, name: str = ""
    ) -> None:
        """`current` counts from 0; `marks` maps a step's index to the word shown under it;
        `name` is the accessible name."""
        self._total, self._current, self._marks = total, current, dict(marks or {})
        self.setAccessibleName(name)
        self.updateGeometry()
        self.update()

    def is_done(self, index: int) -> bool:
        return index < self._current

    def mark(self, index: int) -> str:
        return self._marks.get(index, "")

    def _word_font(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _spacing(self) -> tuple[int, int]:
        """(distance between circle centres, left inset): wide enough for every word in full."""
        metrics = QFontMetrics(self._word_font())
        widest = max((metrics.horizontalAdvance(w) for w in self._marks.values()), default=0)
        pitch = max(self.DIAMETER + self.GAP, widest + 20)
        return pitch, max(0, (widest - self.DIAMETER + 1) // 2)

    def sizeHint(self) -> QSize:
        words = QFontMetrics(self._word_font()).height() + 6 if self._marks else 0
        pitch, inset = self._spacing()
        width = 2 * inset + max(0, (self._total - 1) * pitch + self.DIAMETER)
        return QSize(width, self.DIAMETER + 8 + words)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._total <= 0:
            return
        diameter = self.DIAMETER
        pitch, inset = self._spacing()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        number_font = QFont(self.font())
        number_font.setPixelSize(int(diameter * 0.42))
        number_font.setBold(True)
        top = 4
        for index in range(self._total):
            left = inset + index * pitch
            if index:
                painter.setPen(QPen(QColor(PALETTE.border), 4))
                y = top + diameter // 2
                painter.drawLine(left - pitch + diameter + 6, y, left - 6, y)
            circle = QRect(left, top, diameter, diameter)
            marked = index in self._marks
            if index == self._current:
                painter.setBrush(QColor(PALETTE.accent))
                painter.setPen(QPen(QColor(PALETTE.accent), 3))
                text, colour = str(index + 1), PALETTE.on_accent
            elif self.is_done(index):
                painter.setBrush(QColor(PALETTE.accent_soft))
                painter.setPen(QPen(QColor(PALETTE.accent), 3))
                text, colour = "✓", PALETTE.accent
            else:
                painter.setBrush(QColor(PALETTE.background))
                painter.setPen(QPen(QColor(PALETTE.border), 3))
                text, colour = str(index + 1), PALETTE.muted
            if marked and index != self._current:
                painter.setPen(QPen(QColor(PALETTE.moment_border), 4))
            painter.drawEllipse(circle.adjusted(2, 2, -2, -2))
            painter.setFont(number_font)
            painter.setPen(QColor(colour))
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, text)
            if marked:
                self._draw_word(painter, self._marks[index], circle, pitch - 8)
        painter.end()

    def _draw_word(self, painter: QPainter, word: str, circle: QRect, slot: int) -> None:
        font = self._word_font()
        metrics = QFontMetrics(font)
        shown = metrics.elidedText(word, Qt.TextElideMode.ElideRight, slot)
        box = QRect(circle.center().x() - slot // 2, circle.bottom() + 6, slot, metrics.height())
        painter.setFont(font)
        painter.setPen(QColor(PALETTE.moment_text))
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, shown)
