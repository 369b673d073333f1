"""How it ended: the visitor's own data for a bounded time, or an outcome with cause and fix.

The result screen is the only place personal data ever appear; `wipe()` removes every
label that held them, and the station calls it on "Fertig", on the countdown, on card
removal and on every session end.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from stations.eid_demo.choice_screens import EidPage
from stations.eid_demo.data_words import DataRow
from stations.eid_demo.more_below import more_below
from stations.eid_demo.texts import tile_names
from ui.speech import mark_private, read_private_button
from ui.theme import SPACING_PX
from ui.widgets import TouchScroll, button, clear_layout, set_button_text, text_label

logger = logging.getLogger(__name__)


class ResultScreen(EidPage):
    """The data in a clear card, a visible countdown and "Fertig – Daten löschen".

    Signals: clear_requested().
    """

    clear_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.test_badge = text_label("moment", wrap=False)  # one line; wrapped, it was cut off
        self.body.addWidget(self.test_badge, 0, Qt.AlignmentFlag.AlignLeft)
        self.card = QFrame()
        self.card.setProperty("role", "card")
        mark_private(self.card)  # Vorlesen reads the data only after "Daten vorlesen"
        holder = QWidget()  # the card keeps its height; the scroll area only shows it
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.card)
        column.addStretch(1)
        self.scroller = TouchScroll(holder)  # larger text beside the trainer panel
        self.more = more_below(self.scroller)
        self.grid = QGridLayout(self.card)
        self.grid.setContentsMargins(40, 28, 40, 28)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(14)
        self.body.addWidget(self.scroller, 1)
        self.body.addWidget(self.more)
        self.where = text_label("muted")
        self.body.addWidget(self.where)
        self.countdown = text_label("h3", wrap=False)
        self.action_row.insertWidget(0, self.countdown)
        self.read_data = read_private_button()
        self.action_row.addWidget(self.read_data)
        self.clear = button("primary")
        self.clear.setMinimumWidth(420)
        self.action_row.addWidget(self.clear)
        self.clear.clicked.connect(self.clear_requested)
        self.value_labels: list[QLabel] = []
        self._shown: tuple[str, tuple[DataRow, ...]] | None = None

    def fill(self, rows: Sequence[DataRow], *, test_data: bool, seconds_left: int) -> None:
        tr = self._translator.tr
        self.title.setText(tr("eid.result.title"))
        self.lead.setText(tr("eid.result.lead"))
        self.test_badge.setText(tr("eid.test_data") if test_data else "")
        self.test_badge.setVisible(test_data)
        # A countdown tick changes only the seconds: the card is rebuilt only for other data
        # or another language (rebuilding it every second flickered and slowed the tick).
        shown = (self._translator.language, tuple(rows))
        if shown == self._shown:
            self.set_seconds(seconds_left)
            return
        self._shown = shown
        clear_layout(self.grid)
        self.value_labels = []
        half = (len(rows) + 1) // 2  # reading order: down the left pair, then the right
        for index, row in enumerate(rows):
            column = 0 if index < half else 2
            line = index if index < half else index - half
            label = text_label("muted", tr(row.label_key))
            value = text_label("h3", tr(row.value_key) if row.value_key else row.value)
            self.grid.addWidget(label, line, column, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, line, column + 1, Qt.AlignmentFlag.AlignTop)
            self.value_labels.append(value)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(3, 1)
        self.where.setText(tr("eid.result.where"))
        set_button_text(self.clear, tr("eid.result.clear"))
        set_button_text(self.read_data, tr("speech.read_data"))
        self.more.setText("↓  " + tr("eid.result.more"))
        self.set_seconds(seconds_left)

    def set_seconds(self, seconds: int) -> None:
        self.countdown.setText(self._translator.tr("eid.result.countdown", seconds=seconds))

    def wipe(self) -> None:
        clear_layout(self.grid)
        self.value_labels = []
        self._shown = None
        super().wipe()


class OutcomeScreen(EidPage):
    """Title, what happened, what to do, and one way on where there is one: "Noch einmal
    versuchen" where a second try can help, "Zum Bürgerbüro" where only the office can.

    "Zurück" and "Fertig" are the shell's footer buttons; this screen adds no second pair.
    Signals: retry_requested(), office_requested().
    """

    retry_requested = Signal()
    office_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.key = ""
        self.card = QFrame()
        self.card.setProperty("role", "card")
        inner = QVBoxLayout(self.card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(SPACING_PX + 8)
        self.cause_title = text_label("h3")
        self.cause = text_label("")
        self.fix_title = text_label("h3")
        self.fix = text_label("")
        for widget in (self.cause_title, self.cause, self.fix_title, self.fix):
            inner.addWidget(widget)
        self.body.addWidget(self.card)
        self.body.addStretch(1)
        self.office = button("secondary")
        self.retry = button("primary")
        for action in (self.office, self.retry):
            action.setMinimumWidth(360)
            self.action_row.addWidget(action)
        self.retry.clicked.connect(self.retry_requested)
        self.office.clicked.connect(self.office_requested)

    def fill(
        self, key: str, *, test_card: bool = False, retry: bool = False, office: bool = False
    ) -> None:
        """`key` is a catalog prefix such as "eid.outcome.wrong_pin"."""
        tr = self._translator.tr
        self.key = key
        self.title.setText(tr(f"{key}.title"))
        self.lead.setText(tr("eid.outcome.test_card") if test_card else "")
        self.lead.setVisible(test_card)
        self.cause_title.setText(tr("eid.outcome.what"))
        self.cause.setText(tr(f"{key}.cause", **tile_names(tr)))
        self.fix_title.setText(tr("eid.outcome.next"))
        self.fix.setText(tr(f"{key}.fix", **tile_names(tr)))
        set_button_text(self.retry, tr("eid.outcome.retry"))
        self.retry.setVisible(retry)
        set_button_text(self.office, tr("eid.outcome.office") + "  →", tr("eid.outcome.office"))
        self.office.setVisible(office)

    def wipe(self) -> None:
        self.key = ""
        super().wipe()
