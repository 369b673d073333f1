"""An on-screen keyboard for touch stations, with German, English and Danish layouts.

Why our own and not Qt Virtual Keyboard: a kiosk compositor such as cage has no input-method
panel, the station must decide where the keyboard sits (beside the results, below a survey
question), and visitor text must never reach a clipboard or an input method's learning
dictionary. This keyboard holds the text itself, in memory only, and emits it:
`text_changed(str)` on every key, `submitted(str)` on the enter key. A station shows the text
with `TextDisplay` (a label: nothing to select, copy or paste) and calls `clear()` in its wipe.

Keys are at least `KEY_PX` square, above the project's touch-target minimum, with gaps of
`GAP_PX`. The layout follows the visitor's language; the layout key switches it, so a Danish
visitor in the German interface still finds æ, ø and å.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.theme import MIN_TARGET_PX
from ui.typing_keys import accept_typing
from ui.widgets import KEYS_ONLY_FOCUS, button, set_button_text, text_label

logger = logging.getLogger(__name__)

KEY_PX = max(MIN_TARGET_PX, 76)  # a standing visitor's fingertip, with room to spare
GAP_PX = 10
DEFAULT_MAX_LENGTH = 80
SPACE_SYMBOL = "␣"

#: Character rows per layout (the bottom row of special keys is the same for all).
LAYOUTS: dict[str, tuple[str, ...]] = {
    "de": ("1234567890ß", "qwertzuiopü", "asdfghjklöä", "yxcvbnm,.-"),
    "en": ("1234567890'", "qwertyuiop", "asdfghjkl", "zxcvbnm,.-"),
    "da": ("1234567890", "qwertyuiopå", "asdfghjklæø", "zxcvbnm,.-"),
}
LAYOUT_ORDER = ("de", "en", "da")
ROWS = 4


class OnScreenKeyboard(QWidget):
    """Signals: text_changed(str) after every change; submitted(str) on the enter key."""

    text_changed = Signal(str)
    submitted = Signal(str)

    def __init__(
        self,
        translator: Translator,
        *,
        max_length: int = DEFAULT_MAX_LENGTH,
        enter_key: str = "keyboard.enter",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._translator = translator
        self._text = ""
        self._shift = False
        self._layout_code = "de"
        self.max_length = max_length
        self.enter_key = enter_key
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        # Keys exactly KEY_PX high: the theme's button padding would make the keyboard ~40 px
        # taller, and with a question above it a screen would no longer fit 1080 px.
        self.setStyleSheet(f"QPushButton {{ padding: 0px 8px; min-height: {KEY_PX - 4}px; }}")
        self._rows = QVBoxLayout(self)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(GAP_PX)
        # The keys are made once and relabelled on a layout switch: creating ~45 buttons on
        # every language change and wipe made each visitor session ~90 ms slower.
        self._row_keys: list[list[QPushButton]] = []
        for width in (max(len(rows[r]) for rows in LAYOUTS.values()) for r in range(ROWS)):
            row = QHBoxLayout()
            row.setSpacing(GAP_PX)
            keys = [self._char_key() for _ in range(width)]
            for key in keys:
                row.addWidget(key)
            self._rows.addLayout(row)
            self._row_keys.append(keys)
        self.char_keys: list[QPushButton] = []
        self.shift_key = self._special("secondary", self._toggle_shift, checkable=True)
        self.layout_key = self._special("secondary", self._next_layout)
        self.space_key = SpaceKey()
        self.space_key.clicked.connect(lambda _c=False: self.type_text(" "))
        self.backspace_key = self._special("secondary", self.backspace)
        self.clear_key = self._special("secondary", self.clear)
        self.enter_button = self._special("primary", lambda: self.submitted.emit(self._text))
        bottom = QHBoxLayout()
        bottom.setSpacing(GAP_PX)
        bottom.addWidget(self.shift_key)
        bottom.addWidget(self.layout_key)
        bottom.addWidget(self.space_key, 4)
        bottom.addWidget(self.backspace_key)
        bottom.addWidget(self.clear_key)
        bottom.addWidget(self.enter_button, 2)
        self._rows.addLayout(bottom)
        translator.language_changed.connect(self.set_layout)
        self.set_layout(translator.language)
        accept_typing(self)  # a physical keyboard types here while this one is shown

    # public -------------------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def layout_code(self) -> str:
        return self._layout_code

    def set_layout(self, code: str) -> None:
        """Show the keys of `code` ("de", "en", "da"); an unknown code keeps the German ones."""
        self._layout_code = code if code in LAYOUTS else "de"
        self.char_keys = []
        for keys, chars in zip(self._row_keys, LAYOUTS[self._layout_code], strict=True):
            for index, key in enumerate(keys):
                key.setProperty("char", chars[index] if index < len(chars) else "")
                key.setVisible(index < len(chars))
                if index < len(chars):
                    self.char_keys.append(key)
        self.retranslate()

    def type_text(self, text: str) -> None:
        """Append `text` as if typed (bounded by `max_length`)."""
        room = self.max_length - len(self._text)
        if room <= 0 or not text:
            return
        self._set_text(self._text + text[:room])

    def backspace(self) -> None:
        if self._text:
            self._set_text(self._text[:-1])

    # physical keys (ui.navigation) --------------------------------------------------------

    def type_key(self, text: str) -> bool:
        """Any printable character a physical keyboard sends (its own case, no shift state)."""
        if not text.isprintable():
            return False
        self.type_text(text)
        return True

    def erase_key(self) -> None:
        self.backspace()

    def submit_key(self) -> None:
        self.enter_button.click()

    def set_text(self, text: str) -> None:
        """Replace the text (a tapped topic fills the search field)."""
        self._set_text(text[: self.max_length])

    def clear(self) -> None:
        """Forget the text (part of every wipe); also resets shift."""
        self._shift = False
        self.shift_key.setChecked(False)
        self._set_text("")
        self._label_keys()

    def retranslate(self) -> None:
        tr = self._translator.tr
        set_button_text(self.shift_key, "⇧", tr("keyboard.shift"))
        following = LAYOUT_ORDER[(LAYOUT_ORDER.index(self._layout_code) + 1) % len(LAYOUT_ORDER)]
        set_button_text(
            self.layout_key,
            following.upper(),
            tr("keyboard.layout", layout=tr(f"keyboard.layout_name.{following}")),
        )
        self.space_key.set_words(tr("keyboard.space"))
        set_button_text(self.backspace_key, "⌫", tr("keyboard.backspace"))
        set_button_text(self.clear_key, "✕", tr("keyboard.clear"))
        set_button_text(self.enter_button, tr(self.enter_key))
        for special in (self.shift_key, self.layout_key, self.backspace_key, self.clear_key):
            special.setMinimumSize(KEY_PX + 20, KEY_PX)
        self.space_key.setMinimumHeight(KEY_PX)
        self.enter_button.setMinimumHeight(KEY_PX)
        self._label_keys()

    # internals ----------------------------------------------------------------------------

    def _char_key(self) -> QPushButton:
        key = button("quiet")
        key.setMinimumSize(KEY_PX, KEY_PX)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        key.clicked.connect(lambda _c=False, k=key: self._press(k))
        return key

    def _special(
        self, kind: str, action: Callable[[], None], *, checkable: bool = False
    ) -> QPushButton:
        key = button(kind)
        key.setCheckable(checkable)
        key.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        key.clicked.connect(lambda _c=False: action())
        return key

    def _press(self, key: QPushButton) -> None:
        char = str(key.property("char"))
        self.type_text(char.upper() if self._shift else char)
        if self._shift:  # one capital, as on a phone
            self._shift = False
            self.shift_key.setChecked(False)
            self._label_keys()

    def _toggle_shift(self) -> None:
        self._shift = not self._shift
        self.shift_key.setChecked(self._shift)
        self._label_keys()

    def _next_layout(self) -> None:
        index = LAYOUT_ORDER.index(self._layout_code)
        self.set_layout(LAYOUT_ORDER[(index + 1) % len(LAYOUT_ORDER)])

    def _label_keys(self) -> None:
        for key in self.char_keys:
            char = str(key.property("char"))
            shown = char.upper() if self._shift and char != "ß" else char
            key.setText(shown)
            key.setAccessibleName(shown)

    def _set_text(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.text_changed.emit(text)


class SpaceKey(QPushButton):
    """The space bar: its word where the row has room, else the symbol ␣.

    Why: in larger text "Leerzeichen" made the keyboard wider than the finder's column, and
    the window wider than the screen. Its size hint is the symbol's, whatever it shows, so
    the row's layout does not change with the label (no back and forth between the two).
    """

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("kind", "quiet")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(KEYS_ONLY_FOCUS)  # keys reach it; a tap never moves the focus
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._words = ""

    def set_words(self, words: str) -> None:
        self._words = words
        self.setAccessibleName(words)
        self._fit()

    def sizeHint(self) -> QSize:
        return QSize(KEY_PX * 2, KEY_PX)

    def minimumSizeHint(self) -> QSize:
        return QSize(KEY_PX, KEY_PX)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:  # the font grows with larger text
        super().changeEvent(event)
        self._fit()

    def _fit(self) -> None:
        room = self.width() - 2 * (8 + 2) - 8  # the keyboard's key padding, border, a margin
        fits = self.fontMetrics().horizontalAdvance(self._words) <= room
        shown = self._words if fits else SPACE_SYMBOL
        if self.text() != shown:
            self.setText(shown)


class TextDisplay(QFrame):
    """Shows what was typed on the keyboard, with a caret; a hint while empty.

    A label, not a line edit: there is nothing to select, copy or paste.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        self.setMinimumHeight(KEY_PX)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 8, 28, 8)
        self.label = text_label("lead", wrap=False)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hint = text_label("muted", wrap=False)
        row.addWidget(self.label)
        row.addWidget(self.hint, 1)
        self._placeholder = ""
        self.set_text("")

    def set_placeholder(self, text: str) -> None:
        self._placeholder = text
        self.hint.setText(text if not self.label.text().rstrip("|") else "")

    def set_text(self, text: str) -> None:
        self.label.setText(text + "|")
        self.hint.setText("" if text else self._placeholder)
        self.setAccessibleName(text or self._placeholder)


def layout_rows(code: str) -> Sequence[str]:
    """The character rows of a layout (for tests and documentation)."""
    return LAYOUTS.get(code, LAYOUTS["de"])
