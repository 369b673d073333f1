"""The consent screen: which data the service asks for, and who asks in its own words.

It renders what the station hands it and emits intents (accept, cancel, toggle an
optional right); only the controller talks to the workflow.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Translator
from stations.eid_demo.choice_screens import EidPage, cancel_button
from stations.eid_demo.more_below import more_below
from ui.flow_layout import FlowLayout
from ui.theme import SPACING_PX
from ui.widgets import TouchScroll, button, clear_layout, set_button_text, text_label

logger = logging.getLogger(__name__)


class RightsScreen(EidPage):
    """Who asks for which data; optional data can be switched off.

    The provider's name and purpose come from its certificate, in its own words and
    language; the screen says so and sets them in quotation marks.
    Signals: accept_requested(), cancel_requested(), toggle_requested(str right).
    """

    accept_requested = Signal()
    cancel_requested = Signal()
    toggle_requested = Signal(str)

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        content = QWidget()
        self.scroller = TouchScroll(content)  # many optional rights can need more room
        self.body.addWidget(self.scroller, 1)
        self.more = more_below(self.scroller)
        self.body.addWidget(self.more)
        page = QVBoxLayout(content)
        page.setContentsMargins(0, 0, 16, 0)
        page.setSpacing(SPACING_PX)
        self.test_badge = text_label("moment")
        page.addWidget(self.test_badge, 0, Qt.AlignmentFlag.AlignLeft)
        columns = QHBoxLayout()
        columns.setSpacing(SPACING_PX * 2)
        required = QVBoxLayout()
        required.setSpacing(SPACING_PX)
        self.required_title = text_label("h3")
        required.addWidget(self.required_title)
        card = QFrame()
        card.setProperty("role", "card")
        self.required_grid = QGridLayout(card)
        self.required_grid.setContentsMargins(32, 16, 32, 16)
        self.required_grid.setHorizontalSpacing(40)
        self.required_grid.setVerticalSpacing(6)
        required.addWidget(card)
        required.addStretch(1)
        columns.addLayout(required, 3)
        columns.addWidget(self._provider_card(), 2, Qt.AlignmentFlag.AlignTop)
        page.addLayout(columns)
        self.optional_title = text_label("h3")
        page.addWidget(self.optional_title)
        self.optional_flow = FlowLayout(spacing=SPACING_PX)
        page.addLayout(self.optional_flow)
        page.addStretch(1)
        self.cancel = cancel_button(self)
        self.accept = button("primary")
        self.accept.setMinimumWidth(360)
        self.action_row.addWidget(self.accept)
        self.cancel.clicked.connect(self.cancel_requested)
        self.accept.clicked.connect(self.accept_requested)
        self.toggles: dict[str, QPushButton] = {}

    def _provider_card(self) -> QFrame:
        """Who asks, in the provider's own words (from its certificate)."""
        card = QFrame()
        card.setProperty("role", "card")
        box = QVBoxLayout(card)
        box.setContentsMargins(28, 20, 28, 20)
        box.setSpacing(8)
        self.provider_intro = text_label("muted")
        self.provider = text_label("h3")
        self.purpose = text_label("")
        for widget in (self.provider_intro, self.provider, self.purpose):
            box.addWidget(widget)
        return card

    def fill(
        self,
        provider: str,
        purpose: str,
        required: Sequence[tuple[str, str]],
        optional: Sequence[tuple[str, str, bool]],
        *,
        test_card: bool,
    ) -> None:
        """`required`: (right, text); `optional`: (right, text, switched on)."""
        tr = self._translator.tr
        self.title.setText(tr("eid.rights.title"))
        self.lead.setText(tr("eid.rights.lead"))
        self.test_badge.setText(tr("eid.test_data") if test_card else "")
        self.test_badge.setVisible(test_card)
        self.provider_intro.setText(tr("eid.rights.provider_intro"))
        self.provider_intro.setVisible(bool(provider or purpose))
        self.provider.setText(tr("eid.rights.provider", name=provider) if provider else "")
        self.provider.setVisible(bool(provider))
        self.purpose.setText(tr("eid.rights.purpose", purpose=purpose) if purpose else "")
        self.purpose.setVisible(bool(purpose))
        self.required_title.setText(tr("eid.rights.required"))
        clear_layout(self.required_grid)
        columns = 2
        for index, (_right, text) in enumerate(required):
            label = text_label("", "✓\u00a0\u00a0" + text)  # the tick never wraps alone
            self.required_grid.addWidget(label, index // columns, index % columns)
        clear_layout(self.optional_flow)
        self.toggles = {}
        self.optional_title.setText(tr("eid.rights.optional"))
        self.optional_title.setVisible(bool(optional))
        for right, text, enabled in optional:
            toggle = button("toggle")
            toggle.setCheckable(True)
            toggle.setChecked(enabled)
            state = tr("eid.rights.on") if enabled else tr("eid.rights.off")
            set_button_text(toggle, f"{'✓' if enabled else '○'}  {text}", f"{text}: {state}")
            toggle.clicked.connect(lambda _c=False, r=right: self.toggle_requested.emit(r))
            self.toggles[right] = toggle
            self.optional_flow.addWidget(toggle)
        self.more.setText("↓  " + tr("eid.rights.more"))
        set_button_text(self.cancel, tr("eid.cancel"))
        set_button_text(self.accept, tr("eid.rights.accept") + "  →", tr("eid.rights.accept"))

    def wipe(self) -> None:
        clear_layout(self.required_grid)
        clear_layout(self.optional_flow)
        self.toggles = {}
        super().wipe()
