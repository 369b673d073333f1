"""A source's detail screen: the 24-hour chart, the current values, what they mean, credits.

The screen renders a ``DetailContent`` (texts already in the visitor's language) and the
chart lines; it decides nothing itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from stations.sensors.chart import HistoryChart, Line
from stations.sensors.look import SMALL_CHIP_PX, UNIT_PX, chip, sized
from stations.sensors.wording import Wording
from ui.theme import PALETTE, SPACING_PX, Theme
from ui.widgets import Page, TouchScroll, text_label

logger = logging.getLogger(__name__)

MIN_CHART_POINTS = 2
EXPLAIN_PX = 720
VALUE_PX = 80
CHART_FONT_PX = 20
VALUE_ROWS = 2


@dataclass(frozen=True)
class ValueRow:
    """One current value beside the chart: "PM2,5 · 6,4 µg/m³ · gut"."""

    label: str
    big: str
    unit: str
    word: str
    tone: str


@dataclass(frozen=True)
class DetailContent:
    eyebrow: str
    headline: str
    fresh: str
    fresh_tone: str
    chart_caption: str
    chart_empty: str
    y_title: str
    rows: Sequence[ValueRow]
    explain_title: str
    paragraphs: Sequence[str]
    credits: str
    lines: Sequence[Line] = field(default_factory=tuple)
    chart_end: datetime | None = None
    floor: float | None = 0.0


_NUMBER_AND_UNIT = re.compile(r"(\d) (µg/m³|cm|m|km)\b")


def keep_units_together(text: str) -> str:
    """No line break between a number and its unit, nor inside "µg/m³" (Qt would break
    after the slash)."""
    return _NUMBER_AND_UNIT.sub("\\1\u00a0\\2", text).replace("/m³", "/\u2060m³")


class _ValueBox(QFrame):
    """One current value: label, big number with unit, its word on a coloured chip."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 18)
        layout.setSpacing(4)
        self.label = text_label("eyebrow")
        self.big = text_label("", wrap=False)
        self.unit = text_label("", wrap=False)
        self.word = text_label("", wrap=False)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.big, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addWidget(self.unit, 0, Qt.AlignmentFlag.AlignBaseline)
        row.addStretch(1)
        word_row = QHBoxLayout()
        word_row.addWidget(self.word)
        word_row.addStretch(1)
        layout.addWidget(self.label)
        layout.addLayout(row)
        layout.addLayout(word_row)
        layout.addStretch(1)
        self.tone = "quiet"


class DetailScreen(Page):
    """Heading with the freshness; left the values and the chart, right the explanation."""

    def __init__(self, theme: Theme, wording: Wording) -> None:
        super().__init__()
        self._theme = theme
        self.content: DetailContent | None = None
        self.eyebrow = text_label("eyebrow")
        self.headline = text_label("h2")  # the value boxes below repeat it in large numbers
        self.fresh = text_label("", wrap=False)
        heading = QVBoxLayout()
        heading.setSpacing(4)
        heading.addWidget(self.eyebrow)
        heading.addWidget(self.headline)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(self.fresh, 0, Qt.AlignmentFlag.AlignBottom)
        self.outer.addLayout(top)
        body = QHBoxLayout()
        body.setSpacing(SPACING_PX * 3)
        body.addLayout(self._build_left(wording), 1)
        body.addWidget(self._build_explanation())
        self.outer.addLayout(body, 1)
        self.credits = text_label("muted")
        self.outer.addWidget(self.credits)

    def _build_left(self, wording: Wording) -> QVBoxLayout:
        left = QVBoxLayout()
        left.setSpacing(SPACING_PX)
        values = QHBoxLayout()
        values.setSpacing(SPACING_PX)
        self.boxes = [_ValueBox() for _ in range(VALUE_ROWS)]
        for box in self.boxes:
            values.addWidget(box, 1)
        left.addLayout(values)
        self.chart_caption = text_label("eyebrow")
        self.chart = HistoryChart(wording)
        self.chart_empty = text_label("lead")
        self.chart_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left.addWidget(self.chart_caption)
        left.addWidget(self.chart, 1)
        left.addWidget(self.chart_empty, 1)
        return left

    def _build_explanation(self) -> TouchScroll:
        host = QWidget()
        outer = QVBoxLayout(host)
        outer.setContentsMargins(0, 0, 8, 0)
        card = QFrame()
        card.setProperty("role", "card")
        self._explain_layout = QVBoxLayout(card)
        self._explain_layout.setContentsMargins(28, 22, 28, 24)
        self._explain_layout.setSpacing(14)
        self.explain_title = text_label("eyebrow")
        self._explain_layout.addWidget(self.explain_title)
        self.paragraphs: list[QLabel] = []
        outer.addWidget(card)
        outer.addStretch(1)
        self.scroller = TouchScroll(host)
        self.scroller.setFixedWidth(EXPLAIN_PX)
        return self.scroller

    def show_content(self, content: DetailContent) -> None:
        self.content = content
        self.eyebrow.setText(content.eyebrow.upper())
        self.headline.setText(content.headline)
        self.fresh.setText(content.fresh)
        self.chart_caption.setText(content.chart_caption.upper())
        self.chart_empty.setText(content.chart_empty)
        for box, row in zip(self.boxes, [*content.rows, None, None], strict=False):
            box.setVisible(row is not None)
            if row is not None:
                box.label.setText(row.label.upper())
                box.big.setText(row.big)
                box.unit.setText(row.unit)
                box.word.setText(row.word)
                box.word.setVisible(bool(row.word))
                box.tone = row.tone
        while len(self.paragraphs) < len(content.paragraphs):
            label = text_label("")
            self.paragraphs.append(label)
            self._explain_layout.addWidget(label)
        for index, label in enumerate(self.paragraphs):
            label.setVisible(index < len(content.paragraphs))
            text = content.paragraphs[index] if index < len(content.paragraphs) else ""
            label.setText(keep_units_together(text))
        self.explain_title.setText(content.explain_title.upper())
        self.credits.setText(content.credits)
        has_chart = sum(len(line.points) for line in content.lines if not line.reference)
        enough = content.chart_end is not None and has_chart >= MIN_CHART_POINTS
        self.chart.setVisible(enough)
        self.chart_empty.setVisible(not enough)
        if enough and content.chart_end is not None:
            self.chart.show_lines(content.lines, content.chart_end, content.y_title, content.floor)
        self.restyle()
        self.scroller.reset_scroll()

    def restyle(self) -> None:
        theme = self._theme
        self.chart.set_font_px(CHART_FONT_PX)  # not scaled: the chart is small already
        if self.content is not None:
            chip(self.fresh, self.content.fresh_tone, theme, SMALL_CHIP_PX)
        for box in self.boxes:
            sized(box.big, theme, VALUE_PX, bold=True, colour=PALETTE.text, scale=False)
            sized(box.unit, theme, UNIT_PX * 3 // 4, colour=PALETTE.muted)
            chip(box.word, box.tone, theme, SMALL_CHIP_PX)
