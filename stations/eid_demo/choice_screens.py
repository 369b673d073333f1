"""The eID station's first screens: the four choices, "which PIN do you have?", and info pages.

Screens render what the station gives them and emit a `Step` (an intent); they never
start a workflow themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Translator
from stations.eid_demo.bullets import BulletPoint
from stations.eid_demo.flow import Step
from stations.eid_demo.more_below import more_below
from stations.eid_demo.texts import tile_names
from ui.theme import PALETTE, SPACING_PX
from ui.widgets import Page, Tile, TouchScroll, button, clear_layout, set_button_text, text_label

logger = logging.getLogger(__name__)


class EidPage(Page):
    """Heading (with room on its right for the station's trainer toggle), lead text, a body
    and a row of actions at the bottom."""

    def __init__(self) -> None:
        super().__init__()
        self.title = text_label("h1")
        self.lead = text_label("lead")
        self.title_row = QHBoxLayout()
        self.title_row.setSpacing(SPACING_PX * 2)
        self.title_row.addWidget(self.title, 1)
        self.outer.addLayout(self.title_row)
        self.outer.addWidget(self.lead)
        self.body = QVBoxLayout()
        self.body.setSpacing(SPACING_PX + 4)
        self.outer.addLayout(self.body, 1)
        self.action_row = QHBoxLayout()
        self.action_row.setSpacing(SPACING_PX * 2)
        self.action_row.addStretch(1)
        self.outer.addLayout(self.action_row)


def cancel_button(page: EidPage) -> QPushButton:
    """ "Abbrechen" at the left of a workflow screen's action row."""
    widget = button("secondary")
    widget.setMinimumWidth(260)
    page.action_row.insertWidget(0, widget)
    return widget


#: A tile that cannot be used now looks switched off, not broken: flat, dashed, muted text.
DISABLED_TILE_STYLE = f"""
QPushButton[kind="tile"]:disabled {{ background: {PALETTE.background};
    border: 2px dashed {PALETTE.border}; }}
QPushButton[off="true"] QLabel {{ color: {PALETTE.muted}; }}
"""


class StartScreen(EidPage):
    """What the online function is, and four large choices. Signals: chosen(Step)."""

    chosen = Signal(object)

    TILES = (
        (Step.SHOW_DATA, "eid.start.show_data"),
        (Step.CHANGE_PIN, "eid.start.change_pin"),
        (Step.TEST_CARD, "eid.start.test_card"),
        (Step.NO_PIN, "eid.start.no_pin"),
    )
    NEEDS_EID = (Step.SHOW_DATA, Step.CHANGE_PIN, Step.TEST_CARD)

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.setStyleSheet(DISABLED_TILE_STYLE)
        self.notice = text_label("moment")
        self.body.addWidget(self.notice)
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 12, 0)
        grid.setSpacing(SPACING_PX * 2)
        self.tiles: dict[Step, Tile] = {}
        grid.setSpacing(SPACING_PX + 8)
        for index, (step, _key) in enumerate(self.TILES):
            tile = Tile()
            tile.setMinimumHeight(140)
            tile.content_layout.setContentsMargins(32, 22, 32, 22)  # four tiles and the notice fit
            tile.clicked.connect(lambda _c=False, s=step: self.chosen.emit(s))
            self.tiles[step] = tile
            grid.addWidget(tile, index // 2, index % 2)
        self.scroller = TouchScroll(grid_host)  # larger text may need more than one screen
        self.body.addWidget(self.scroller, 1)
        self.more = more_below(self.scroller)
        self.body.addWidget(self.more)
        self.about = button("secondary")
        self.about.setMinimumWidth(420)
        self.action_row.insertWidget(0, self.about)
        self.about.clicked.connect(lambda: self.chosen.emit(Step.ABOUT))

    def fill(self, *, available: bool, self_disclosure: bool) -> None:
        tr = self._translator.tr
        self.title.setText(tr("eid.start.title"))
        self.lead.setText(tr("eid.start.intro"))
        set_button_text(self.about, tr("eid.start.about") + "  →", tr("eid.start.about"))
        self.more.setText("↓  " + tr("eid.start.more"))
        for step, key in self.TILES:
            tile = self.tiles[step]
            tile.set_content(tr(f"{key}.title"), tr(f"{key}.summary"))
            enabled = available or step not in self.NEEDS_EID
            if step in {Step.SHOW_DATA, Step.TEST_CARD} and not self_disclosure:
                enabled = False
            tile.setEnabled(enabled)
            if tile.property("off") != (not enabled):
                tile.setProperty("off", not enabled)
                for widget in (tile, *tile.findChildren(QLabel)):
                    widget.style().unpolish(widget)
                    widget.style().polish(widget)
        # Not available: the notice takes the lead's place, so the tiles keep their room.
        self.notice.setVisible(not available)
        self.notice.setText(tr("eid.start.unavailable") if not available else "")
        self.lead.setVisible(available)


class PinChoiceScreen(EidPage):
    """Which PIN do you have? Three large choices. Signals: chosen(Step)."""

    chosen = Signal(object)

    TILES = (
        (Step.HAVE_PIN, "eid.choice.pin"),
        (Step.HAVE_TRANSPORT_PIN, "eid.choice.transport"),
        (Step.NO_PIN, "eid.choice.none"),
    )

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        host = QWidget()
        row = QVBoxLayout(host)
        row.setContentsMargins(0, 0, 12, 0)
        row.setSpacing(SPACING_PX + 4)
        self.tiles: dict[Step, Tile] = {}
        for step, _key in self.TILES:
            tile = Tile()
            tile.setMinimumHeight(150)
            tile.clicked.connect(lambda _c=False, s=step: self.chosen.emit(s))
            self.tiles[step] = tile
            row.addWidget(tile)
        self.scroller = TouchScroll(host)  # with larger text the three tiles need more room
        self.body.addWidget(self.scroller, 1)
        self.more = more_below(self.scroller)
        self.body.addWidget(self.more)

    def fill(self) -> None:
        tr = self._translator.tr
        self.title.setText(tr("eid.choice.title"))
        self.lead.setText(tr("eid.choice.lead"))
        self.more.setText("↓  " + tr("eid.start.more"))
        for step, key in self.TILES:
            self.tiles[step].set_content(tr(f"{key}.title"), tr(f"{key}.summary"))


class InfoScreen(EidPage):
    """A page of explanation with one way forward (no PIN; Transport-PIN letter).

    Signals: chosen(Step) with the step of the primary button.
    """

    chosen = Signal(object)

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self._step: Step | None = None
        self.card = QFrame()
        self.card.setProperty("role", "card")
        self.points = QVBoxLayout(self.card)
        self.points.setContentsMargins(40, 32, 40, 32)
        self.points.setSpacing(SPACING_PX + 4)
        self.body.addWidget(self.card)
        self.hint = text_label("muted")
        self.body.addWidget(self.hint)
        self.body.addStretch(1)
        self.primary = button("primary")
        self.primary.setMinimumWidth(360)
        self.action_row.addWidget(self.primary)
        self.primary.clicked.connect(self._on_primary)

    def fill(
        self,
        title: str,
        lead: str,
        points: Sequence[str],
        *,
        hint: str = "",
        action: str = "",
        step: Step | None = None,
    ) -> None:
        self.title.setText(title)
        self.lead.setText(lead)
        clear_layout(self.points)
        for point in points:
            label = BulletPoint()
            label.setText(point)
            self.points.addWidget(label)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self._step = step
        self.primary.setVisible(step is not None)
        set_button_text(self.primary, action + "  →" if action else "", action)

    def _on_primary(self) -> None:
        if self._step is not None:
            self.chosen.emit(self._step)

    def wipe(self) -> None:
        clear_layout(self.points)
        self._step = None
        super().wipe()


def fill_transport_info(page: InfoScreen, translator: Translator) -> None:
    tr = translator.tr
    page.fill(
        tr("eid.transport.title"),
        tr("eid.transport.lead"),
        [tr(f"eid.transport.point{index}") for index in range(1, 4)],
        hint=tr("eid.transport.hint", **tile_names(tr)),
        action=tr("eid.transport.start"),
        step=Step.START_TRANSPORT,
    )
