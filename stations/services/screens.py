"""Service menu, overview and "what you need": screens that render a service and emit intents."""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.content import Bundle, LocalText, Service
from kiosk.i18n import Translator
from ui.theme import SPACING_PX
from ui.widgets import (
    MoreBelow,
    Page,
    Tile,
    TouchScroll,
    button,
    set_button_text,
    text_label,
)

logger = logging.getLogger(__name__)

MENU_COLUMNS = 3


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÄÖÜÆØÅ0-9]|\s*$)")
#: Words that end with a full stop without ending the sentence (de, en, da).
ABBREVIATIONS = frozenset(
    {
        "z",
        "B",
        "d",
        "h",
        "u",
        "a",
        "o",
        "ä",
        "bzw",
        "ca",
        "Nr",
        "usw",
        "vgl",
        "ggf",
        "inkl",
        "evtl",
        "etc",
        "e",
        "g",
        "i",
        "eg",
        "ie",
        "vs",
        "f",
        "eks",
        "mv",
        "bl",
        "dvs",
    }
)


def first_sentence(text: str) -> str:
    """The first sentence: a tile shows one line of the summary, the overview all of it.

    A full stop after a known abbreviation ("z. B.", "Nr.", "ca.", "f.eks.") or a single
    letter does not end the sentence.
    """
    text = text.strip()
    for match in _SENTENCE_END.finditer(text):
        word = re.search(r"(\w+)$", text[: match.start()])
        if match.group() in "!?" or word is None or word.group(1) not in ABBREVIATIONS:
            return text[: match.end()]
    return text


BADGE_KEYS = ("services.badge.eid", "services.badge.payment", "services.badge.upload")


def badge_keys(service: Service) -> list[str]:
    keys = []
    if service.needs_eid:
        keys.append("services.badge.eid")
    if service.needs_payment:
        keys.append("services.badge.payment")
    if service.needs_upload:
        keys.append("services.badge.upload")
    return keys


class ActionRow(QHBoxLayout):
    """Secondary action on the left, primary on the right, at the bottom of a screen."""

    def __init__(self) -> None:
        super().__init__()
        self.setSpacing(SPACING_PX * 2)
        self.secondary = button("secondary")
        self.primary = button("primary")
        self.primary.setMinimumWidth(360)
        self.addStretch(1)
        self.addWidget(self.secondary)
        self.addWidget(self.primary)


class ServiceMenuScreen(Page):
    """Signals: service_chosen(str) — the id of the tapped service."""

    service_chosen = Signal(str)

    def __init__(self, bundle: Bundle, translator: Translator) -> None:
        super().__init__()
        self._bundle = bundle
        self._translator = translator
        self.title = text_label("h1")
        self.outer.addWidget(self.title)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setSpacing(SPACING_PX + 4)
        self.tiles: dict[str, Tile] = {}
        for index, service in enumerate(bundle.services):
            tile = Tile(summary_lines=2)
            tile.setMinimumHeight(180)
            tile.title.setProperty("role", "h3")
            tile.summary.setProperty("role", "")
            tile.content_layout.setContentsMargins(28, 18, 28, 18)
            tile.content_layout.setSpacing(6)
            tile.clicked.connect(lambda _c=False, sid=service.id: self.service_chosen.emit(sid))
            self.tiles[service.id] = tile
            grid.addWidget(tile, index // MENU_COLUMNS, index % MENU_COLUMNS)
        self.scroller = TouchScroll(grid_host)
        self.outer.addWidget(self.scroller, 1)
        self.more = MoreBelow(self.scroller)
        self.outer.addWidget(self.more)

    def fill(self) -> None:
        lang = self._translator.language
        tr = self._translator.tr
        self.title.setText(tr("services.menu.title"))
        self.more.set_texts("▼  " + tr("services.menu.more"), "▲  " + tr("services.menu.top"))
        for service in self._bundle.services:
            title = service.title.get_text(lang)
            self.tiles[service.id].set_content(
                title,
                first_sentence(service.summary.get_text(lang)),
                [tr(key) for key in badge_keys(service)],
            )
            self.tiles[service.id].setAccessibleName(tr("services.menu.open", title=title))

    def wipe(self) -> None:
        super().wipe()


def fact_card(heading: QLabel, body: QLabel) -> QFrame:
    card = QFrame()
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(32, 24, 32, 28)
    layout.setSpacing(8)
    heading.setProperty("role", "eyebrow")
    layout.addWidget(heading)
    layout.addWidget(body)
    return card


class OverviewScreen(Page):
    """What the service is for, who it is for, fee and time.

    Signals: next_requested(), to_phone_requested().
    """

    next_requested = Signal()
    to_phone_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.service: Service | None = None
        self.title = text_label("h1")
        self.badges = QHBoxLayout()
        self.badges.setSpacing(SPACING_PX)
        self.badge_labels = {key: text_label("badge", wrap=False) for key in BADGE_KEYS}
        for badge in self.badge_labels.values():
            self.badges.addWidget(badge)
        self.badges.addStretch(1)
        self.labels: dict[str, tuple[QLabel, QLabel]] = {}
        self.cards: dict[str, QFrame] = {}
        columns_host = QWidget()
        columns = QHBoxLayout(columns_host)
        columns.setContentsMargins(0, 0, 8, 0)
        columns.setSpacing(SPACING_PX * 2)
        left = QVBoxLayout()
        right = QVBoxLayout()
        for column in (left, right):
            column.setSpacing(SPACING_PX * 2)
        for key in ("what", "audience", "fee", "duration"):
            pair = (text_label("eyebrow"), text_label("lead" if key == "what" else ""))
            self.labels[key] = pair
            self.cards[key] = fact_card(*pair)
            (left if key in ("what", "audience") else right).addWidget(self.cards[key])
        left.addStretch(1)
        right.addStretch(1)
        columns.addLayout(left, 3)
        columns.addLayout(right, 2)
        self.action_row = ActionRow()
        self.action_row.primary.clicked.connect(self.next_requested)
        self.action_row.secondary.clicked.connect(self.to_phone_requested)
        self.outer.addWidget(self.title)
        self.outer.addLayout(self.badges)
        self.outer.addSpacing(8)
        self.scroller = TouchScroll(columns_host)  # with larger text the facts may not fit
        self.outer.addWidget(self.scroller, 1)
        self.more = MoreBelow(self.scroller)
        self.outer.addWidget(self.more)
        self.outer.addLayout(self.action_row)

    def fill(self, service: Service) -> None:
        if service is not self.service:
            self.scroller.reset_scroll()
        self.service = service
        lang = self._translator.language
        tr = self._translator.tr
        self.title.setText(service.title.get_text(lang))
        shown = badge_keys(service)
        for key, badge in self.badge_labels.items():
            badge.setText(tr(key))
            badge.setVisible(key in shown)
        facts: dict[str, LocalText | None] = {
            "what": service.summary,
            "audience": service.audience,
            "fee": service.fee,
            "duration": service.duration,
        }
        for key, value in facts.items():
            heading, body = self.labels[key]
            heading.setText(tr(f"services.overview.{key}").upper())
            body.setText(value.get_text(lang) if value is not None else "")
            self.cards[key].setVisible(value is not None)
        set_button_text(self.action_row.primary, tr("services.overview.next") + "  →")
        self.more.set_texts("▼  " + tr("scroll.more"), "▲  " + tr("scroll.top"))
        set_button_text(self.action_row.secondary, tr("services.overview.to_phone"))

    def wipe(self) -> None:
        self.service = None
        super().wipe()


class NeedsScreen(Page):
    """The "what you need" checklist. Signals: next_requested()."""

    next_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.service: Service | None = None
        self.eyebrow = text_label("eyebrow")
        self.title = text_label("h1")
        self.items_host = QWidget()
        self.items = QVBoxLayout(self.items_host)
        self.items.setContentsMargins(0, 0, 0, 0)
        self.items.setSpacing(SPACING_PX)
        self.items.addStretch(1)
        self.rows: list[tuple[QFrame, QLabel, QLabel]] = []
        self.scroller = TouchScroll(self.items_host)
        self.action_row = ActionRow()
        self.action_row.secondary.hide()
        self.action_row.primary.clicked.connect(self.next_requested)
        self.outer.addWidget(self.eyebrow)
        self.outer.addWidget(self.title)
        self.outer.addWidget(self.scroller, 1)
        self.more = MoreBelow(self.scroller)
        self.outer.addWidget(self.more)
        self.outer.addLayout(self.action_row)

    def fill(self, service: Service) -> None:
        if service is not self.service:
            self.scroller.reset_scroll()
        self.service = service
        lang = self._translator.language
        tr = self._translator.tr
        self.eyebrow.setText(service.title.get_text(lang).upper())
        self.title.setText(tr("services.needs.title"))
        while len(self.rows) < len(service.needs):
            self._add_row()
        for index, (row, mark, text) in enumerate(self.rows):
            if index < len(service.needs):
                mark.setText("✓")
                text.setText(service.needs[index].get_text(lang))
            row.setVisible(index < len(service.needs))
        set_button_text(self.action_row.primary, tr("services.needs.next") + "  →")
        self.more.set_texts("▼  " + tr("scroll.more"), "▲  " + tr("scroll.top"))

    def _add_row(self) -> None:
        row = QFrame()
        row.setProperty("role", "card")
        layout = QHBoxLayout(row)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.setSpacing(24)
        mark = text_label("display", wrap=False)
        mark.setMinimumWidth(56)  # grows with larger text; the tick must not be cut
        mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = text_label("lead")
        layout.addWidget(mark)
        layout.addWidget(text, 1)
        self.items.insertWidget(len(self.rows), row)
        self.rows.append((row, mark, text))

    def wipe(self) -> None:
        self.service = None
        for row, _mark, _text in self.rows:
            row.hide()
        super().wipe()
