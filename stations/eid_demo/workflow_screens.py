"""Screens while a workflow runs: access rights, insert card, number entry, card is read.

Each screen renders what the station hands it and emits intents (accept, cancel, toggle a
right, use the test card, a number was entered). Only the station talks to the workflow.
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

from eid.commands import NumberKind
from kiosk.i18n import Translator
from stations.eid_demo.choice_screens import EidPage, cancel_button
from stations.eid_demo.flow_layout import FlowLayout
from stations.eid_demo.pinpad import PinPad
from stations.eid_demo.state import Entry, NumberView, Stage
from stations.eid_demo.texts import number_key
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
        self.more = text_label("muted", wrap=False)  # says the list goes on below
        self.body.addWidget(self.more, 0, Qt.AlignmentFlag.AlignHCenter)
        page = QVBoxLayout(content)
        page.setContentsMargins(0, 0, 16, 0)
        page.setSpacing(SPACING_PX)
        self.test_badge = text_label("moment", wrap=False)
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
        bar = self.scroller.verticalScrollBar()
        bar.rangeChanged.connect(lambda _low, _high: self._show_more())
        bar.valueChanged.connect(lambda _value: self._show_more())

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
        self._show_more()

    def _show_more(self) -> None:
        """The hint under the list shows while part of it lies below the visible area."""
        bar = self.scroller.verticalScrollBar()
        self.more.setVisible(bar.maximum() > 0 and bar.value() < bar.maximum())

    def wipe(self) -> None:
        clear_layout(self.required_grid)
        clear_layout(self.optional_flow)
        self.toggles = {}
        super().wipe()


class NumberScreen(EidPage):
    """PIN, Transport-PIN, CAN, PUK or new PIN: on-screen pad, or "type it on the reader".

    Renders a `NumberView`; a new request or the second entry of the new PIN gets a fresh
    pad. `take()` hands the entered digits over once and forgets them.
    Signals: submitted(), cancel_requested().
    """

    submitted = Signal()
    cancel_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.view = NumberView(NumberKind.PIN)
        texts = QVBoxLayout()
        texts.setSpacing(SPACING_PX + 4)
        self.test_badge = text_label("moment", wrap=False)
        self.hint = text_label("")
        self.retries = text_label("error")
        self.keypad_note = text_label("h2")
        self.privacy = text_label("muted")
        self.lead.hide()  # the lead sits in the text column, beside the pad
        self.detail = text_label("lead")
        texts.addWidget(self.title)
        for widget in (self.test_badge, self.retries, self.detail, self.hint, self.keypad_note):
            texts.addWidget(widget, 0, Qt.AlignmentFlag.AlignTop)
        texts.addWidget(self.privacy, 0, Qt.AlignmentFlag.AlignTop)
        texts.addStretch(1)
        self.shuffle = button("toggle")
        self.shuffle.setCheckable(True)
        self.shuffle.toggled.connect(self._on_shuffle)
        # The pad's column starts with the heading row (the trainer toggle) instead of sitting
        # under the title: a title that wraps to a second line must not push the keys down
        # between two entries, or a visitor tapping the same spots hits other digits.
        self.title_row.removeWidget(self.title)
        self.outer.removeItem(self.title_row)
        self.title_row.setParent(None)
        self.title_row.addStretch(1)
        pad_column = QVBoxLayout()
        pad_column.setSpacing(SPACING_PX + 8)
        pad_column.addLayout(self.title_row)
        self.pad = PinPad()
        pad_column.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignRight)
        pad_column.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(72)
        row.addLayout(texts, 1)
        row.addLayout(pad_column, 0)
        self.body.addLayout(row, 1)
        self.cancel = cancel_button(self)
        self.action_row.insertWidget(1, self.shuffle)
        self.pad.submitted.connect(self.submitted)
        self.cancel.clicked.connect(self.cancel_requested)

    def fill(self, view: NumberView) -> None:
        """Texts for `view`; a fresh pad of the right length when the entry is a new one."""
        fresh = (view.request, view.stage, view.kind) != (
            self.view.request,
            self.view.stage,
            self.view.kind,
        )
        self.view = view
        if fresh:
            self.pad.configure(view.kind.lengths[0], shuffled=self.shuffle.isChecked())
        tr = self._translator.tr
        key = number_key(view.kind)
        title_key = "eid.number.new_pin.repeat" if view.stage is Stage.REPEAT else f"{key}.title"
        self.title.setText(tr(title_key))
        self.detail.setText(tr(f"{key}.lead"))
        self.hint.setText(tr(f"{key}.hint"))
        self.test_badge.setText(tr("eid.number.test_card") if view.test_card else "")
        self.test_badge.setVisible(view.test_card)
        self.retries.setText(self._retry_text())
        self.retries.setVisible(bool(self.retries.text()))
        on_reader = view.entry is Entry.READER
        what = tr(f"{key}.name")
        self.keypad_note.setText(tr("eid.number.on_reader", what=what) if on_reader else "")
        self.keypad_note.setVisible(on_reader)
        self.pad.setVisible(view.pad_shown)
        self.shuffle.setVisible(view.pad_shown)
        self.privacy.setText(tr("eid.number.privacy") if view.pad_shown else "")
        set_button_text(self.shuffle, tr("eid.number.shuffle"))
        self.pad.set_labels(
            tr("eid.number.delete"),
            tr("eid.number.confirm"),
            lambda filled, length: tr("eid.number.dots", filled=filled, length=length),
        )
        set_button_text(self.cancel, tr("eid.cancel"))

    def _retry_text(self) -> str:
        tr = self._translator.tr
        view = self.view
        if view.mismatch:
            return tr("eid.number.mismatch")
        pin_like = view.kind in {NumberKind.PIN, NumberKind.TRANSPORT_PIN}
        if pin_like and view.retry_counter == 1:
            return tr("eid.number.last_try")
        if view.wrong_attempt and pin_like and view.retry_counter is not None:
            return tr("eid.number.wrong", tries=view.retry_counter)
        if view.wrong_attempt:
            return tr("eid.number.wrong_other")
        return ""

    def _on_shuffle(self, shuffled: bool) -> None:
        count = self.pad.count
        self.pad.configure(self.pad.length, shuffled=shuffled)
        if count:
            logger.debug("pad reshuffled; the partial entry was cleared")

    def take(self) -> str:
        """The entered digits, once; the pad is empty afterwards."""
        return self.pad.take()

    def clear_entry(self) -> None:
        self.pad.clear()

    def wipe(self) -> None:
        self.clear_entry()
        self.view = NumberView(NumberKind.PIN)
        self.shuffle.setChecked(False)
        super().wipe()
