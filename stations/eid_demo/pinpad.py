"""An on-screen number pad for PIN, Transport-PIN, CAN and PUK that never shows what was typed.

Why its own widget: the entered digits may live only here, only until the station takes
them, and must never reach a label, an accessible name, the clipboard or a log. So there is
no text field at all: the digits sit in a private list, the display paints one dot per
digit, the screen reader hears only how many digits there are, and `take()` hands the
value over and forgets it. Keys can be shuffled and have no press animation, which makes
it harder for someone behind the visitor to follow the finger.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.speech import mark_secret
from ui.theme import PALETTE, SPACING_PX
from ui.typing_keys import accept_typing
from ui.widgets import KEYS_ONLY_FOCUS

logger = logging.getLogger(__name__)

DIGITS = "1234567890"
KEY_SIZE = QSize(150, 80)
#: Flat keys: one colour pressed or not, so nothing flashes under the finger.
KEY_STYLE = f"""
QPushButton {{
    background: {PALETTE.surface}; color: {PALETTE.text};
    border: 2px solid {PALETTE.border}; border-radius: 14px; padding: 0;
    font-size: 40px; font-weight: 600;
}}
QPushButton:pressed {{ background: {PALETTE.surface}; }}
QPushButton:disabled {{ color: {PALETTE.border}; }}
QPushButton[key="ok"] {{
    background: {PALETTE.accent}; color: {PALETTE.on_accent}; border-color: {PALETTE.accent};
    font-size: 30px;
}}
QPushButton[key="ok"]:disabled {{
    background: {PALETTE.surface}; color: {PALETTE.muted}; border-color: {PALETTE.border};
}}
"""


class DotDisplay(QWidget):
    """One circle per expected digit, filled for each digit entered; painted, never text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._length = 6
        self._filled = 0
        self.setMinimumHeight(64)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_state(self, filled: int, length: int) -> None:
        self._filled, self._length = filled, length
        self.update()

    @property
    def filled(self) -> int:
        return self._filled

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._length <= 0:
            return
        diameter = 36.0
        gap = 22.0
        total = self._length * diameter + (self._length - 1) * gap
        left = (self.width() - total) / 2
        top = (self.height() - diameter) / 2
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for index in range(self._length):
            circle = QRectF(left + index * (diameter + gap), top, diameter, diameter)
            filled = index < self._filled
            painter.setPen(QPen(QColor(PALETTE.accent if filled else PALETTE.border), 3))
            painter.setBrush(QColor(PALETTE.accent if filled else PALETTE.background))
            painter.drawEllipse(circle.adjusted(2, 2, -2, -2))
        painter.end()


class PinPad(QWidget):
    """Digits 0–9, delete and confirm. Emits `submitted` when the required length is reached
    and the visitor confirms; the owner then calls `take()`.

    `describe(filled, length)` makes the accessible text of the dot display (a count only).
    """

    submitted = Signal()
    changed = Signal(int)  # how many digits are entered now (never which)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._digits: list[str] = []
        self._length = 6
        self._shuffled = False
        self._describe: Callable[[int, int], str] = lambda filled, length: f"{filled}/{length}"
        self.setStyleSheet(KEY_STYLE)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        mark_secret(self)  # Vorlesen says "digit 3 of 6 entered", never a digit
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING_PX + 8)
        self.dots = DotDisplay()
        layout.addWidget(self.dots)
        self._grid = QGridLayout()
        self._grid.setSpacing(SPACING_PX)
        layout.addLayout(self._grid)
        self.digit_keys: dict[str, QPushButton] = {}
        for digit in DIGITS:
            key = self._key(digit, "digit")
            key.clicked.connect(lambda _c=False, d=digit: self.press(d))
            self.digit_keys[digit] = key
        self.delete_key = self._key("←", "delete")
        self.delete_key.clicked.connect(self.delete)
        self.ok_key = self._key("OK", "ok")
        self.ok_key.clicked.connect(self.confirm)
        self._arrange(list(DIGITS))
        self._refresh()
        accept_typing(self)  # a number pad types here while the pad is shown

    def _key(self, text: str, role: str) -> QPushButton:
        key = QPushButton(text)
        key.setProperty("key", role)
        key.setFixedSize(KEY_SIZE)
        key.setFocusPolicy(KEYS_ONLY_FOCUS)
        key.setAutoRepeat(False)
        key.setAccessibleName(text)
        return key

    def _arrange(self, order: list[str]) -> None:
        """Digits in rows of three, the last digit between delete and confirm."""
        for key in [*self.digit_keys.values(), self.delete_key, self.ok_key]:
            self._grid.removeWidget(key)
        for index, digit in enumerate(order[:9]):
            self._grid.addWidget(self.digit_keys[digit], index // 3, index % 3)
        self._grid.addWidget(self.delete_key, 3, 0)
        self._grid.addWidget(self.digit_keys[order[9]], 3, 1)
        self._grid.addWidget(self.ok_key, 3, 2)

    # --- configuration ---------------------------------------------------------------------

    def configure(self, length: int, *, shuffled: bool) -> None:
        """A fresh entry of `length` digits; shuffled keys get a new order every time."""
        self.clear()
        self._length = length
        self._shuffled = shuffled
        order = list(DIGITS)
        if shuffled:
            random.SystemRandom().shuffle(order)
        self._arrange(order)
        self._refresh()

    def set_labels(self, delete: str, confirm: str, describe: Callable[[int, int], str]) -> None:
        """Accessible names of the current language; key faces are the same in every one.

        Also restores the key faces after a privacy wipe blanked every button.
        """
        for digit, key in self.digit_keys.items():
            key.setText(digit)
            key.setAccessibleName(digit)
        self.delete_key.setText("←")
        self.delete_key.setAccessibleName(delete)
        self.ok_key.setText("OK")
        self.ok_key.setAccessibleName(confirm)
        self._describe = describe
        self._refresh()

    @property
    def length(self) -> int:
        return self._length

    @property
    def count(self) -> int:
        return len(self._digits)

    @property
    def shuffled(self) -> bool:
        return self._shuffled

    # --- entry ---------------------------------------------------------------------------------

    def press(self, digit: str) -> None:
        if digit not in DIGITS or len(self._digits) >= self._length:
            return
        self._digits.append(digit)
        self._refresh()

    def delete(self) -> None:
        if self._digits:
            self._digits.pop()
            self._refresh()

    def confirm(self) -> None:
        if len(self._digits) == self._length:
            self.submitted.emit()

    # --- physical keys (ui.navigation): digits only, never echoed -----------------------------

    def type_key(self, text: str) -> bool:
        if text not in DIGITS:
            return False
        self.press(text)
        return True

    def erase_key(self) -> None:
        self.delete()

    def submit_key(self) -> None:
        self.confirm()

    def take(self) -> str:
        """The entered value, once; the pad is empty afterwards."""
        value = "".join(self._digits)
        self.clear()
        return value

    def clear(self) -> None:
        self._digits.clear()
        self._refresh()

    def _refresh(self) -> None:
        count = len(self._digits)
        full = count >= self._length
        self.ok_key.setEnabled(full)
        if full and any(key.hasFocus() for key in self.digit_keys.values()):
            self.ok_key.setFocus(Qt.FocusReason.OtherFocusReason)  # not the next key: "delete"
        for key in self.digit_keys.values():
            key.setEnabled(not full)
        self.delete_key.setEnabled(count > 0)
        self.dots.set_state(count, self._length)
        self.dots.setAccessibleName(self._describe(count, self._length))
        self.changed.emit(count)
