"""Number entry: the on-screen PIN pad (or "type it on the reader"), and the weak-PIN warning.

Screens render a `NumberView` and emit intents; the digits leave the pad only through
`take()`, once, straight to the controller.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout

from eid.commands import NumberKind
from kiosk.i18n import Translator
from stations.eid_demo.choice_screens import EidPage, cancel_button
from stations.eid_demo.pictures import KeypadReaderPicture
from stations.eid_demo.pin_rules import EXAMPLE_PIN, WeakReason
from stations.eid_demo.pinpad import PinPad
from stations.eid_demo.state import Entry, NumberView, Stage
from stations.eid_demo.texts import number_key
from ui.theme import SPACING_PX
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)


class NumberScreen(EidPage):
    """PIN, Transport-PIN, CAN, PUK or new PIN: on-screen pad, or "type it on the reader".

    Renders a `NumberView`; a new request or the second entry of the new PIN gets a fresh
    pad. `take()` hands the entered digits over once and forgets them.
    With the number typed on the reader the pad's place shows the reader instead; with the
    test card on a reader-only station there is only "Weiter".
    Signals: submitted(), confirm_requested(), cancel_requested().
    """

    submitted = Signal()
    confirm_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.view = NumberView(NumberKind.PIN)
        texts = QVBoxLayout()
        texts.setSpacing(SPACING_PX + 4)
        self.test_badge = text_label("moment")
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
        self.reader_picture = KeypadReaderPicture(width=480)
        self.reader_picture.hide()  # only while the reader's keypad takes the number
        pad_column.addWidget(self.reader_picture, 0, Qt.AlignmentFlag.AlignRight)
        pad_column.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(72)
        row.addLayout(texts, 1)
        row.addLayout(pad_column, 0)
        self.body.addLayout(row, 1)
        self.cancel = cancel_button(self)
        self.action_row.insertWidget(1, self.shuffle)
        self.confirm = button("primary")
        self.confirm.setMinimumWidth(360)
        self.confirm.hide()
        self.action_row.addWidget(self.confirm)
        self.pad.submitted.connect(self.submitted)
        self.confirm.clicked.connect(self.confirm_requested)
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
        what = tr(f"{key}.name")
        on_reader = view.entry is Entry.READER
        confirm = view.entry is Entry.CONFIRM
        if on_reader:
            title = tr("eid.number.on_reader_title", what=what)
        elif confirm:
            title = tr("eid.number.no_number_title")
        elif view.stage is Stage.REPEAT:
            title = tr("eid.number.new_pin.repeat")
        else:
            title = tr(f"{key}.title")
        self.title.setText(title)
        self.detail.setText(tr(f"{key}.lead", example=EXAMPLE_PIN))
        self.detail.setVisible(not confirm)  # what the PIN does: nothing is typed here
        self.hint.setText(tr(f"{key}.hint"))
        self.hint.setVisible(not confirm)
        self.test_badge.setText(tr("eid.number.test_card") if view.entry is Entry.DEMO_PAD else "")
        self.test_badge.setVisible(view.entry is Entry.DEMO_PAD)
        self.retries.setText(self._retry_text())
        self.retries.setVisible(bool(self.retries.text()))
        note = ""
        if on_reader:
            note = tr("eid.number.on_reader", what=what)
        elif confirm:
            note = tr("eid.number.no_number", next=tr("eid.number.no_number_next"))
        self.keypad_note.setText(note)
        self.keypad_note.setVisible(bool(note))
        self.pad.setVisible(view.pad_shown)
        self.shuffle.setVisible(view.pad_shown)
        self.reader_picture.setVisible(on_reader)
        self.reader_picture.set_labels(keypad=tr("eid.number.keypad_here"))
        self.reader_picture.setAccessibleName(tr("eid.number.reader_picture"))
        self.confirm.setVisible(confirm)
        set_button_text(self.confirm, tr("eid.number.no_number_next") + "  →")
        self.privacy.setText(tr("eid.number.privacy") if view.pad_shown else "")
        self.privacy.setVisible(view.pad_shown)
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


class WeakPinScreen(EidPage):
    """The new PIN is easy to guess: why, what makes a good one, and the visitor's choice.

    Signals: other_requested() (choose another), keep_requested(), cancel_requested().
    """

    other_requested = Signal()
    keep_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self._translator = translator
        self.card = QFrame()
        self.card.setProperty("role", "moment-card")
        inner = QVBoxLayout(self.card)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(SPACING_PX + 4)
        self.reason = text_label("h3")
        self.risk = text_label("")
        self.tip = text_label("")
        for widget in (self.reason, self.risk, self.tip):
            inner.addWidget(widget)
        self.body.addWidget(self.card)
        self.body.addStretch(1)
        self.cancel = cancel_button(self)
        self.keep = button("secondary")
        self.other = button("primary")
        self.other.setMinimumWidth(360)
        self.action_row.addWidget(self.keep)
        self.action_row.addWidget(self.other)
        self.cancel.clicked.connect(self.cancel_requested)
        self.keep.clicked.connect(self.keep_requested)
        self.other.clicked.connect(self.other_requested)

    def fill(self, reason: WeakReason | None) -> None:
        tr = self._translator.tr
        self.title.setText(tr("eid.weak.title"))
        self.lead.setText(tr("eid.weak.lead"))
        self.reason.setText(tr(f"eid.weak.{reason.value}") if reason is not None else "")
        self.risk.setText(tr("eid.weak.risk"))
        self.tip.setText(tr("eid.weak.tip"))
        set_button_text(self.cancel, tr("eid.cancel"))
        set_button_text(self.keep, tr("eid.weak.keep"))
        set_button_text(self.other, tr("eid.weak.other") + "  →", tr("eid.weak.other"))
