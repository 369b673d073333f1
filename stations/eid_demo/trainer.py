"""The "Schritt für Schritt" panel: what happens technically at the current step, for trainers.

Why a panel and not a screen: a trainer explains while the visitor goes through the real
flow, so the explanation sits under the screen and follows it. It only ever shows fixed
catalog texts, never a number or a person's data.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.theme import MARGIN_PX, SPACING_PX
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)

START_KEY = "eid.explain.start"
PANEL_WIDTH_PX = 480  # beside the screen, not under it: height is the scarce dimension


class TrainerPanel(QWidget):
    """The explanation of the current view, shown while `toggle` is on.

    The toggle itself is placed by the station into the heading row of the current screen.
    """

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._translator = translator
        self._key = START_KEY
        self.setFixedWidth(PANEL_WIDTH_PX)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 40, MARGIN_PX, 32)
        layout.setSpacing(SPACING_PX)
        self.box = QFrame()
        self.box.setProperty("role", "moment-card")
        inner = QVBoxLayout(self.box)
        inner.setContentsMargins(28, 24, 28, 24)
        inner.setSpacing(12)
        self.heading = text_label("eyebrow")
        self.text = text_label("")
        inner.addWidget(self.heading)
        inner.addWidget(self.text)
        layout.addWidget(self.box)
        layout.addStretch(1)
        self.toggle = button("toggle")
        self.toggle.setCheckable(True)
        self.toggle.setProperty("aside", True)  # keys start at the screen's task, not here
        self.toggle.toggled.connect(self._on_toggled)
        self.box.setVisible(False)
        self.setVisible(False)
        self.refresh()

    @property
    def showing(self) -> bool:
        return self.toggle.isChecked()

    def show_key(self, key: str) -> None:
        """Explain what the screen shows now: `key` from `texts.explain_key`."""
        self._key = key
        self.refresh()

    def refresh(self) -> None:
        tr = self._translator.tr
        set_button_text(self.toggle, tr("eid.explain.toggle"))
        self.heading.setText(tr("eid.explain.heading").upper())
        self.text.setText(tr(self._key) if self.showing else "")

    def _on_toggled(self, _on: bool) -> None:
        self.box.setVisible(self.showing)
        self.setVisible(self.showing)
        self.refresh()

    def reset(self) -> None:
        self.toggle.setChecked(False)
        self._key = START_KEY
        self.refresh()
