"""The finder's screens: search (keyboard, topics, results while typing) and one result.

Screens render what they are given and emit intents; the station runs the search and the flow.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Translator
from stations.finder.catalogue import FinderService, Topic
from stations.finder.matching import Hit
from ui.flow_layout import FlowLayout
from ui.keyboard import OnScreenKeyboard, TextDisplay
from ui.theme import SPACING_PX
from ui.widgets import Page, Tile, button, set_button_text, text_label

logger = logging.getLogger(__name__)


def badge_texts(translator: Translator, service: FinderService) -> list[str]:
    tr = translator.tr
    badges = [tr("finder.badge.online" if service.online else "finder.badge.offline")]
    if service.needs_eid:
        badges.append(tr("finder.badge.eid"))
    return badges


class ResultsColumn(QWidget):
    """The result tiles, as many as fit the column's height; the rest stay hidden.

    Why not a scroll area: a kinetic scroll area takes a short tap on a tile for the start of
    a drag (taps on results got lost), and results that need scrolling while the keyboard is
    in use are hard to reach anyway; the best ones come first. The column never asks for more
    height than the screen has, also in larger text.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(SPACING_PX - 4)
        self._layout.addStretch(1)
        self.tiles: list[Tile] = []
        self._wanted = 0

    def add(self, tile: Tile) -> None:
        self._layout.insertWidget(len(self.tiles), tile)
        self.tiles.append(tile)

    def show_first(self, count: int) -> None:
        """Show the first `count` tiles, or fewer if they do not fit."""
        self._wanted = count
        self._fit()

    def _fit(self) -> None:
        room = self.height()
        used = 0
        full = False  # once one does not fit, no lower-ranked one jumps the queue
        for index, tile in enumerate(self.tiles):
            needed = tile.heightForWidth(self.width()) if tile.hasHeightForWidth() else -1
            needed = max(needed, tile.sizeHint().height(), tile.minimumHeight())
            fits = index < self._wanted and not full
            fits = fits and (used + needed <= room or index == 0 or room <= 0)
            full = full or (index < self._wanted and not fits)
            tile.setVisible(fits)
            if fits:
                used += needed + self._layout.spacing()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()


class SearchScreen(Page):
    """Keyboard on the left; topics (nothing typed) or results (while typing) on the right.

    Signals: query_changed(str), topic_chosen(int), result_chosen(str), submitted().
    """

    query_changed = Signal(str)
    topic_chosen = Signal(int)
    result_chosen = Signal(str)
    submitted = Signal()

    def __init__(self, translator: Translator, max_results: int) -> None:
        super().__init__()
        self._translator = translator
        self.title = text_label("h1")
        self.outer.addWidget(self.title)
        columns = QHBoxLayout()
        columns.setSpacing(SPACING_PX * 3)
        left = QVBoxLayout()
        left.setSpacing(SPACING_PX + 8)
        self.display = TextDisplay()
        self.keyboard = OnScreenKeyboard(translator, enter_key="finder.search.enter")
        self.keyboard.text_changed.connect(self.display.set_text)
        self.keyboard.text_changed.connect(self.query_changed)
        self.keyboard.submitted.connect(lambda _text: self.submitted.emit())
        left.addWidget(self.display)
        left.addWidget(self.keyboard)
        left.addStretch(1)
        columns.addLayout(left, 11)
        right = QVBoxLayout()
        right.setSpacing(SPACING_PX)
        self.side_title = text_label("eyebrow")
        self.message = text_label("lead")
        right.addWidget(self.side_title)
        right.addWidget(self.message)
        self.topics_host = QWidget()
        # Wrapping, not a fixed grid: two columns of long topics in larger text made the
        # window wider than the screen (the keyboard beside them cannot give way).
        self.topics_flow = FlowLayout(self.topics_host, spacing=SPACING_PX)
        self.topic_buttons: list[QPushButton] = []
        self._topics: list[Topic] = []
        right.addWidget(self.topics_host)
        self.results_scroll = self._build_results(max_results)
        right.addWidget(self.results_scroll, 1)
        right.addStretch(0)
        columns.addLayout(right, 9)
        self.outer.addLayout(columns, 1)

    def _build_results(self, count: int) -> ResultsColumn:
        """`count` result tiles, reused for every search (never created while typing)."""
        column = ResultsColumn()
        for _ in range(count):
            tile = Tile()
            tile.setMinimumHeight(96)
            tile.title.setProperty("role", "h3")
            tile.summary.setProperty("role", "muted")
            tile.content_layout.setContentsMargins(28, 12, 28, 12)
            tile.content_layout.setSpacing(2)
            tile.hide()
            tile.clicked.connect(
                lambda _c=False, t=tile: self.result_chosen.emit(str(t.property("service")))
            )
            column.add(tile)
        self.result_tiles: list[Tile] = column.tiles
        return column

    def set_topics(self, topics: Sequence[Topic]) -> None:
        for index, _topic in enumerate(topics):
            widget = button("secondary")
            widget.clicked.connect(lambda _c=False, i=index: self.topic_chosen.emit(i))
            self.topics_flow.addWidget(widget)
            self.topic_buttons.append(widget)
        self._topics = list(topics)

    def show_results(self, query: str, hits: Sequence[Hit], available: bool = True) -> None:
        """Show topics for an empty query, else the hits (or a "nothing found" message)."""
        tr = self._translator.tr
        lang = self._translator.language
        self.title.setText(tr("finder.search.title"))
        self.display.set_placeholder(tr("finder.search.placeholder"))
        self.display.set_text(self.keyboard.text)
        for widget, topic in zip(self.topic_buttons, self._topics, strict=True):
            label = topic.label.get_text(lang)
            set_button_text(widget, label.replace("&", "&&"), label)  # "&" is no shortcut mark
        typing = bool(query.strip())
        self.topics_host.setVisible(available and not typing)
        self.results_scroll.setVisible(available and typing and bool(hits))
        if not available:
            self.side_title.setText("")
            self.message.setText(tr("finder.unavailable"))
        elif not typing:
            self.side_title.setText(tr("finder.search.topics").upper())
            self.message.setText(tr("finder.search.hint"))
        elif not hits:
            self.side_title.setText("")
            self.message.setText(tr("finder.search.none"))
        else:
            self.side_title.setText(tr("finder.search.results").upper())
            self.message.setText("")
        self.message.setVisible(bool(self.message.text()))
        shown = 0
        for index, tile in enumerate(self.result_tiles):
            if index < len(hits):
                service = hits[index].service
                title = service.title.get_text(lang)
                tile.setProperty("service", service.id)
                tile.set_content(
                    title,
                    service.office.name.get_text(lang),
                    badge_texts(self._translator, service),
                )
                tile.setAccessibleName(tr("finder.search.open", title=title))
                shown += 1
        self.results_scroll.show_first(shown)

    def wipe(self) -> None:
        self.keyboard.clear()
        for tile in self.result_tiles:
            tile.setProperty("service", "")
            tile.hide()
        super().wipe()
        self.keyboard.retranslate()  # the key caps are not visitor data: label them again


class DetailScreen(Page):
    """One service: what it is, who is responsible, online or not, eID or not.

    Signals: to_phone_requested().
    """

    to_phone_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.eyebrow = text_label("eyebrow")
        self.title = text_label("h1")
        self.summary = text_label("lead")
        self.badges = text_label("badge-line")
        facts = QHBoxLayout()
        facts.setSpacing(SPACING_PX * 2)
        self.office_heading, self.office = text_label("eyebrow"), text_label("h3")
        self.how_heading, self.how = text_label("eyebrow"), text_label("")
        for heading, body in ((self.office_heading, self.office), (self.how_heading, self.how)):
            card = QFrame()
            card.setProperty("role", "card")
            layout = QVBoxLayout(card)
            layout.setContentsMargins(32, 24, 32, 28)
            layout.setSpacing(10)
            layout.addWidget(heading)
            layout.addWidget(body)
            layout.addStretch(1)
            facts.addWidget(card, 1)
        self.leika = text_label("muted")
        self.to_phone = button("primary")
        self.to_phone.setMinimumWidth(420)
        self.to_phone.clicked.connect(self.to_phone_requested)
        action_row = QHBoxLayout()
        action_row.addWidget(self.leika, 1, Qt.AlignmentFlag.AlignBottom)
        action_row.addWidget(self.to_phone)
        for widget in (self.eyebrow, self.title, self.badges, self.summary):
            self.outer.addWidget(widget)
        self.outer.addSpacing(8)
        self.outer.addLayout(facts)
        self.outer.addStretch(1)
        self.outer.addLayout(action_row)

    def fill(self, service: FinderService) -> None:
        tr = self._translator.tr
        lang = self._translator.language
        self.eyebrow.setText(tr("finder.detail.eyebrow").upper())
        self.title.setText(service.title.get_text(lang))
        self.summary.setText(service.summary.get_text(lang))
        self.badges.setText("  ·  ".join(badge_texts(self._translator, service)))
        self.office_heading.setText(tr("finder.detail.office").upper())
        self.office.setText(service.office.name.get_text(lang))
        self.how_heading.setText(tr("finder.detail.how").upper())
        how = [tr("finder.detail.online" if service.online else "finder.detail.offline")]
        if service.online:
            how.append(tr("finder.detail.eid" if service.needs_eid else "finder.detail.no_eid"))
        self.how.setText(" ".join(how))
        self.leika.setText(tr("finder.detail.leika", code=service.leika) if service.leika else "")
        set_button_text(self.to_phone, tr("finder.detail.to_phone") + "  →")
