"""The overview: one large card per source with the value, a coloured word and its age.

A card is a button (the whole card opens the source's detail screen); it only renders
what it is given and emits ``clicked``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stations.sensors.look import BIG_PX, SMALL_CHIP_PX, UNIT_PX, chip, sized
from ui.theme import PALETTE, SPACING_PX, Theme
from ui.widgets import KEYS_ONLY_FOCUS, Page, TouchScroll, text_label

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CardContent:
    """Everything one card shows; texts already in the visitor's language."""

    title: str
    label: str  # what the big number is ("PM2,5", "Förde")
    big: str  # "6,4" or "–" when there is no value
    unit: str
    caption: str  # under the number ("PM10: 11,6 µg/m³", "unter Mittelwasser")
    word: str  # the rating in words
    tone: str  # its colour (look.TONES)
    fresh: str  # how fresh, in words
    fresh_tone: str
    note: str  # "Mittel aus 5 Sensoren …"
    open_text: str
    accessible: str  # everything above as one sentence for a screen reader


class ValueCard(QPushButton):
    """One source on the overview (a tile-like button)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self.setProperty("kind", "tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(KEYS_ONLY_FOCUS)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(36, 28, 36, 28)
        layout.setSpacing(10)
        self.title = text_label("h3")
        self.label = text_label("eyebrow")
        self.big = text_label("", wrap=False)
        self.unit = text_label("", wrap=False)
        self.caption = text_label("lead")
        self.word = text_label("", wrap=False)
        self.fresh = text_label("")
        self.note = text_label("muted")
        self.open_text = text_label("badge-line")
        number_row = QHBoxLayout()
        number_row.setSpacing(12)
        number_row.addWidget(self.big, 0, Qt.AlignmentFlag.AlignBaseline)
        number_row.addWidget(self.unit, 0, Qt.AlignmentFlag.AlignBaseline)
        number_row.addStretch(1)
        word_row = QHBoxLayout()
        word_row.addWidget(self.word)
        word_row.addStretch(1)
        layout.addWidget(self.title)
        layout.addSpacing(8)
        layout.addWidget(self.label)
        layout.addLayout(number_row)
        layout.addWidget(self.caption)
        layout.addSpacing(6)
        layout.addLayout(word_row)
        layout.addStretch(1)
        layout.addWidget(self.fresh)
        layout.addWidget(self.note)
        layout.addSpacing(6)
        layout.addWidget(self.open_text)
        for label in self.findChildren(QLabel):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.content: CardContent | None = None

    # A QPushButton sizes itself by its text and ignores the layout inside; without these the
    # row would squeeze the card's labels on top of each other in larger text.
    def sizeHint(self) -> QSize:
        return self._inner().totalSizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._inner().totalMinimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._inner().totalHeightForWidth(width)

    def _inner(self) -> QLayout:
        layout = self.layout()
        assert layout is not None
        return layout

    def show_content(self, content: CardContent) -> None:
        self.content = content
        self.title.setText(content.title)
        self.label.setText(content.label.upper())
        self.big.setText(content.big)
        self.unit.setText(content.unit)
        self.caption.setText(content.caption)
        self.word.setText(content.word)
        self.fresh.setText(content.fresh)
        self.note.setText(content.note)
        self.note.setVisible(bool(content.note))
        self.open_text.setText(content.open_text + "  →")
        self.setAccessibleName(content.accessible)
        self.restyle()

    def restyle(self) -> None:
        theme = self._theme
        sized(self.big, theme, BIG_PX, bold=True, colour=PALETTE.text, scale=False)
        sized(self.unit, theme, UNIT_PX, colour=PALETTE.muted)
        if self.content is not None:
            chip(self.word, self.content.tone, theme)
            chip(self.fresh, self.content.fresh_tone, theme, SMALL_CHIP_PX)


class OverviewScreen(Page):
    """Title, status line, the cards, and the sources' credits.

    Signals: opened(str) — the source whose card was tapped ("air", "workshop", "water").
    """

    opened = Signal(str)

    def __init__(self, theme: Theme, sources: list[str]) -> None:
        super().__init__()
        self.title = text_label("h1")
        self.status = text_label("muted")
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.status)
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACING_PX * 2)
        self.cards: dict[str, ValueCard] = {}
        for source in sources:
            card = ValueCard(theme)
            card.clicked.connect(lambda _c=False, name=source: self.opened.emit(name))
            self.cards[source] = card
            row.addWidget(card, 1)
        self.scroller = TouchScroll(host)  # only scrolls when larger text needs the room
        self.outer.addWidget(self.scroller, 1)
        self.credits = text_label("muted")
        self.outer.addWidget(self.credits)

    def show_texts(self, title: str, status: str, credits: str) -> None:
        self.title.setText(title)
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.credits.setText(credits)

    def restyle(self) -> None:
        for card in self.cards.values():
            card.restyle()
