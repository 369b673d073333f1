"""The staff PIN pad: a plain 3×4 keypad over the kiosk, in the phone layout staff know.

Why not the eID station's pad: that one is built for visitors' ID card PINs (shuffled keys,
fixed lengths). This one has a few rules of its own: the digits live only in a private list
until `take()`, the screen shows a dot per digit and never a digit, and while wrong PINs are
being paid for with a wait, the keys are off and a countdown says how long.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from kiosk.staff import MAX_DIGITS
from ui.speech import mark_secret
from ui.theme import PALETTE, SPACING_PX
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)

KEY_ROWS = ("123", "456", "789")
DOT = "●"
#: While a wait runs the keys must look off, not just be off.
DISABLED_KEYS = f"""
QPushButton:disabled {{ color: {PALETTE.muted}; border-color: {PALETTE.border};
    background: {PALETTE.surface}; }}
"""


def wait_text(seconds: float) -> str:
    """ "45 s", or "4:47 min" for the long lockout."""
    whole = math.ceil(seconds)
    return f"{whole} s" if whole < 60 else f"{whole // 60}:{whole % 60:02d} min"


class StaffPinPad(QWidget):
    """Signals: submitted(str) — the PIN (the pad forgets it); cancelled()."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(
        self, translator: Translator, wait_s: Callable[[], float], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._translator = translator
        self._wait_s = wait_s
        self._digits: list[str] = []
        self._message_key = "staff.pad.enter"
        self._message_params: dict[str, object] = {}
        self._locked_out = False
        self.setObjectName("backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setObjectName("overlay-card")
        card.setFixedWidth(760)
        card.setStyleSheet(DISABLED_KEYS)
        mark_secret(self)  # Vorlesen never reads the staff PIN's keys
        layout = QVBoxLayout(card)
        layout.setContentsMargins(56, 44, 56, 44)
        layout.setSpacing(20)
        self.title = text_label("h2")
        self.message = text_label("lead")
        self.message.setMinimumHeight(90)
        self.dots = text_label("h1", wrap=False)
        self.dots.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dots.setMinimumHeight(64)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.dots)
        layout.addLayout(self._build_keys())
        row_layout = QHBoxLayout()
        row_layout.addStretch(1)
        self.cancel_button = button("quiet")
        self.cancel_button.clicked.connect(self._cancel)
        row_layout.addWidget(self.cancel_button)
        layout.addLayout(row_layout)
        outer.addWidget(card)
        self._countdown = QTimer(self)
        self._countdown.setInterval(500)
        self._countdown.timeout.connect(self._tick)
        translator.language_changed.connect(lambda _lang: self.retranslate())
        self.hide()
        self.retranslate()

    def _build_keys(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setSpacing(SPACING_PX)
        self.keys: dict[str, QPushButton] = {}
        for row, digits in enumerate(KEY_ROWS):
            for column, digit in enumerate(digits):
                self._add_key(grid, digit, row, column)
        self.delete_key = button("secondary")
        self.delete_key.clicked.connect(self._delete)
        grid.addWidget(self.delete_key, 3, 0)
        self._add_key(grid, "0", 3, 1)
        self.ok_key = button("primary")
        self.ok_key.clicked.connect(self._submit)
        grid.addWidget(self.ok_key, 3, 2)
        return grid

    def _add_key(self, grid: QGridLayout, digit: str, row: int, column: int) -> None:
        key = button("secondary", digit)
        key.setMinimumHeight(96)
        key.setMinimumWidth(180)
        key.setStyleSheet("font-size: 40px;")
        key.clicked.connect(lambda _c=False, d=digit: self._type(d))
        self.keys[digit] = key
        grid.addWidget(key, row, column)

    # --- state ---------------------------------------------------------------------------

    def open(self, problem_key: str | None = None, **params: object) -> None:
        """Show the pad; with `problem_key` it only says why staff mode cannot open. A wait
        from earlier wrong PINs still runs when the pad is opened again."""
        self.clear()
        self.show()
        self.raise_()
        if problem_key is not None:
            self._countdown.stop()
            self.show_message(problem_key, **params)
            self._set_keys_enabled(False)
            return
        self._countdown.start()
        self._tick()

    def show_message(self, key: str, **params: object) -> None:
        self._message_key, self._message_params = key, params
        self.retranslate()

    def refused(self, wait_s: float, locked_out: bool) -> None:
        """A wrong PIN (or one too early): keys off and a countdown until the next try."""
        self.clear()
        self._locked_out = locked_out
        if wait_s > 0:
            self._countdown.start()
        self._tick()

    def checking(self) -> None:
        self.show_message("staff.pad.checking")
        self._set_keys_enabled(False)

    def take(self) -> str:
        """The typed PIN; the pad forgets it."""
        pin = "".join(self._digits)
        self.clear()
        return pin

    def clear(self) -> None:
        self._digits.clear()
        self._render_dots()

    def close_pad(self) -> None:
        self.clear()
        self._countdown.stop()
        self.hide()

    # --- input ---------------------------------------------------------------------------

    def _type(self, digit: str) -> None:
        if len(self._digits) < MAX_DIGITS:
            self._digits.append(digit)
            self._render_dots()

    def _delete(self) -> None:
        if self._digits:
            self._digits.pop()
            self._render_dots()

    def _submit(self) -> None:
        if self._digits:
            self.submitted.emit(self.take())

    def _cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the backdrop takes taps: nothing below reacts while the pad is open

    # --- rendering -----------------------------------------------------------------------

    def _tick(self) -> None:
        wait = self._wait_s()
        if wait <= 0:
            self._countdown.stop()
            self._locked_out = False
            self.show_message("staff.pad.enter")
            self._set_keys_enabled(True)
            return
        key = "staff.pad.locked" if self._locked_out else "staff.pad.wrong"
        self.show_message(key, time=wait_text(wait))
        self._set_keys_enabled(False)

    def _set_keys_enabled(self, enabled: bool) -> None:
        for key in [*self.keys.values(), self.delete_key, self.ok_key]:
            key.setEnabled(enabled)

    def _render_dots(self) -> None:
        count = len(self._digits)
        self.dots.setText(" ".join(DOT * count) if count else " ")
        self.dots.setAccessibleName(self._translator.tr("staff.pad.digits", count=count))

    def retranslate(self) -> None:
        tr = self._translator.tr
        self.title.setText(tr("staff.pad.title"))
        self.message.setText(tr(self._message_key, **self._message_params))
        set_button_text(self.delete_key, "⌫  " + tr("staff.pad.delete"), tr("staff.pad.delete"))
        set_button_text(self.ok_key, tr("staff.pad.ok"))
        set_button_text(self.cancel_button, tr("staff.pad.cancel"))
        self._render_dots()
