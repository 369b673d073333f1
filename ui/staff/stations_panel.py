"""Which stations the menu shows and in which order: one row per station, by touch.

Each row is a large toggle with the station's name (shown or not) and two arrow buttons. The
panel only emits what staff did; `ui.staff.mode.StaffMode` applies it to the menu and keeps it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.theme import SPACING_PX
from ui.widgets import button, clear_layout, set_button_text, text_label

logger = logging.getLogger(__name__)

ARROW_WIDTH_PX = 84


class StationsPanel(QWidget):
    """Signals: toggled(str, bool) — show a station or not; moved(str, int) — -1 up, +1 down;
    done() — back to today's numbers."""

    toggled = Signal(str, bool)
    moved = Signal(str, int)
    done = Signal()

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._translator = translator
        self._rows: list[tuple[str, str, bool]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_PX)
        self.heading = text_label("h3")
        self.hint = text_label("muted")
        layout.addWidget(self.heading)
        layout.addWidget(self.hint)
        self.list = QVBoxLayout()
        self.list.setSpacing(SPACING_PX)
        layout.addLayout(self.list)
        layout.addStretch(1)
        self.done_button = button("primary")
        self.done_button.clicked.connect(self.done)
        layout.addWidget(self.done_button)

    def show_rows(self, rows: list[tuple[str, str, bool]]) -> None:
        """(station id, title key, shown) in menu order."""
        self._rows = list(rows)
        self.retranslate()

    def retranslate(self) -> None:
        tr = self._translator.tr
        self.heading.setText(tr("staff.dash.stations"))
        self.hint.setText(tr("staff.dash.stations_hint"))
        set_button_text(self.done_button, tr("staff.dash.stations_done"))
        clear_layout(self.list)
        last = len(self._rows) - 1
        for index, (station_id, title_key, shown) in enumerate(self._rows):
            self.list.addLayout(self._row(index, last, station_id, tr(title_key), shown))

    def _row(self, index: int, last: int, station_id: str, name: str, shown: bool) -> QHBoxLayout:
        tr = self._translator.tr
        row = QHBoxLayout()
        row.setSpacing(SPACING_PX // 2)
        toggle = button("toggle", "✓" if shown else "", name=tr("staff.dash.shown", name=name))
        toggle.setCheckable(True)
        toggle.setChecked(shown)
        toggle.setFixedWidth(ARROW_WIDTH_PX)
        toggle.toggled.connect(lambda on, sid=station_id: self.toggled.emit(sid, on))
        label = text_label("muted" if not shown else "")
        label.setText(name if shown else f"{name} ({tr('staff.dash.hidden')})")
        up = button("secondary", "↑", name=tr("staff.dash.up", name=name))
        down = button("secondary", "↓", name=tr("staff.dash.down", name=name))
        for arrow in (up, down):
            arrow.setFixedWidth(ARROW_WIDTH_PX)
        up.setEnabled(index > 0)
        down.setEnabled(index < last)
        up.clicked.connect(lambda _c=False, sid=station_id: self.moved.emit(sid, -1))
        down.clicked.connect(lambda _c=False, sid=station_id: self.moved.emit(sid, 1))
        row.addWidget(toggle)
        row.addWidget(label, 1)
        row.addWidget(up)
        row.addWidget(down)
        return row
