"""The hand-off screen of the eID station: its heading, then the shared QR view (`ui.handoff`).

One screen for the three hand-offs (`stations.eid_demo.handoffs`): it renders a
`HandoffPage` and emits the step of its one optional action (the test card, without PIN).
"""

from __future__ import annotations

import logging
from collections.abc import Collection

from PySide6.QtCore import Signal

from kiosk.i18n import Translator
from stations.eid_demo.choice_screens import EidPage
from stations.eid_demo.flow import Step
from stations.eid_demo.handoffs import HandoffPage
from stations.eid_demo.more_below import more_below
from ui.handoff import HandoffView
from ui.theme import Theme
from ui.widgets import TouchScroll, button, set_button_text

logger = logging.getLogger(__name__)

QR_SIZE_PX = 400


class HandoffScreen(EidPage):
    """Heading and lead of the step, the QR code of the next page. Signals: chosen(Step)."""

    chosen = Signal(object)

    def __init__(
        self, translator: Translator, theme: Theme, allowed_hosts: Collection[str]
    ) -> None:
        super().__init__()
        self._translator = translator
        self._step: Step | None = None
        self.view = HandoffView(translator, theme, allowed_hosts)
        # under the station's own heading the code gets a little less room than on the
        # services station; 400 px (about 11 cm on a 24-inch screen) is still read by any phone
        # camera from arm's length
        self.view.qr.setFixedSize(QR_SIZE_PX, QR_SIZE_PX)
        self.view.title.hide()  # the page's own heading says it; one heading per screen
        self.scroller = TouchScroll(self.view)  # with larger text the texts need more room
        self.body.addWidget(self.scroller, 1)
        self.more = more_below(self.scroller)
        self.body.addWidget(self.more)
        self.primary = button("primary")
        self.primary.setMinimumWidth(360)
        self.primary.hide()
        self.action_row.addWidget(self.primary)
        self.primary.clicked.connect(self._on_primary)

    @property
    def problem(self) -> str | None:
        """Why the page's address was refused (then the staff message shows), or None."""
        return self.view.problem

    def fill(self, page: HandoffPage) -> None:
        self.title.setText(page.title)
        self.lead.setText(page.lead)
        self.view.present(page.handoff)
        self.more.setText("↓  " + self._translator.tr("scroll.more"))
        self._step = page.step
        self.primary.setVisible(page.step is not None)
        set_button_text(self.primary, page.action + "  →" if page.action else "", page.action)

    def _on_primary(self) -> None:
        if self._step is not None:
            self.chosen.emit(self._step)

    def wipe(self) -> None:
        self.view.clear()
        self.scroller.reset_scroll()
        self._step = None
        super().wipe()
