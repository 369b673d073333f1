"""The station menu: one large tile per configured station."""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.station import Station
from ui.theme import SPACING_PX
from ui.widgets import MoreBelow, Page, Tile, TouchScroll, text_label

logger = logging.getLogger(__name__)


class MenuScreen(Page):
    """Signals: station_chosen(str) — the id of the tapped station."""

    station_chosen = Signal(str)

    def __init__(
        self, translator: Translator, stations: list[Station], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._translator = translator
        self._stations: list[Station] = []
        self.title = text_label("h1")
        self.outer.addWidget(self.title)
        self.empty = text_label("lead")
        self.outer.addWidget(self.empty)
        host = QWidget()
        column = QVBoxLayout(host)
        column.setContentsMargins(0, 0, 8, 0)
        self.grid = QGridLayout()
        self.grid.setSpacing(SPACING_PX * 2)
        column.addLayout(self.grid)
        column.addStretch(1)
        self.tiles: dict[str, Tile] = {}
        # with larger text or many stations the tiles may not all fit: scroll, and say so
        self.scroller = TouchScroll(host)
        self.outer.addWidget(self.scroller, 1)
        self.more = MoreBelow(self.scroller)
        self.outer.addWidget(self.more)
        self.set_stations(stations)

    def set_stations(self, stations: list[Station]) -> None:
        """One tile per station, in this order (at start-up, and when staff change them)."""
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles.clear()
        self._stations = list(stations)
        # Up to four stations: tall tiles. Five or more: tiles as high as their words, a
        # little closer together, so that in normal text all of them fit 1920×1080 (larger
        # text scrolls, and the button below says so).
        compact = len(stations) > 4
        columns = 2 if len(stations) > 1 else 1
        self.grid.setSpacing(SPACING_PX + 8 if compact else SPACING_PX * 2)
        for index, station in enumerate(stations):
            tile = Tile()
            tile.setProperty("variant", "" if compact else "large")
            tile.setMaximumHeight(420)
            tile.content_layout.setContentsMargins(
                36, 14 if compact else 22, 36, 16 if compact else 22
            )
            tile.clicked.connect(lambda _c=False, sid=station.id: self.station_chosen.emit(sid))
            self.tiles[station.id] = tile
            self.grid.addWidget(tile, index // columns, index % columns)
        self.retranslate()

    def retranslate(self) -> None:
        tr = self._translator.tr
        self.title.setText(tr("menu.title"))
        self.empty.setText(tr("menu.empty"))
        self.empty.setVisible(not self._stations)
        self.more.set_texts("▼  " + tr("scroll.more"), "▲  " + tr("scroll.top"))
        for station in self._stations:
            self.tiles[station.id].set_content(
                tr(station.title_key), tr(station.summary_key), [tr("attract.start") + "  →"]
            )
