"""The on-screen keyboard: layouts per language, large keys, text only in memory, no clipboard."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.i18n import default_translator
from tests.qt_helpers import all_texts, settle
from ui.keyboard import GAP_PX, OnScreenKeyboard, TextDisplay
from ui.theme import MIN_TARGET_PX


@pytest.fixture
def keyboard(qtbot: QtBot) -> OnScreenKeyboard:
    widget = OnScreenKeyboard(default_translator(), max_length=12)
    qtbot.addWidget(widget)
    widget.resize(1100, 500)
    widget.show()
    settle()
    return widget


def key(keyboard: OnScreenKeyboard, char: str) -> QPushButton:
    return next(k for k in keyboard.char_keys if k.property("char") == char)


def tap(qtbot: QtBot, widget: QPushButton) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))


def test_layouts_have_the_letters_of_each_language(keyboard: OnScreenKeyboard) -> None:
    translator: Any = keyboard._translator
    chars = {k.property("char") for k in keyboard.char_keys}
    assert {"ä", "ö", "ü", "ß", "z", "y"} <= chars
    translator.set_language("da")
    chars = {k.property("char") for k in keyboard.char_keys}
    assert {"æ", "ø", "å"} <= chars and "ß" not in chars
    translator.set_language("en")
    chars = {k.property("char") for k in keyboard.char_keys}
    assert not chars & {"ä", "æ", "ß"}


def test_the_layout_key_cycles_to_danish_letters_in_the_german_interface(
    qtbot: QtBot, keyboard: OnScreenKeyboard
) -> None:
    tap(qtbot, keyboard.layout_key)
    tap(qtbot, keyboard.layout_key)
    assert keyboard.layout_code == "da"
    tap(qtbot, key(keyboard, "ø"))
    assert keyboard.text == "ø"


def test_keys_are_large_enough_and_apart(keyboard: OnScreenKeyboard) -> None:
    for widget in [*keyboard.char_keys, keyboard.space_key, keyboard.enter_button]:
        assert widget.width() >= MIN_TARGET_PX and widget.height() >= MIN_TARGET_PX
        assert widget.accessibleName()
    first, second = key(keyboard, "q"), key(keyboard, "w")
    assert second.geometry().left() - first.geometry().right() >= GAP_PX - 1


def test_typing_shift_backspace_and_the_length_bound(
    qtbot: QtBot, keyboard: OnScreenKeyboard
) -> None:
    seen: list[str] = []
    keyboard.text_changed.connect(seen.append)
    tap(qtbot, keyboard.shift_key)
    for char in "hund":
        tap(qtbot, key(keyboard, char))
    assert keyboard.text == "Hund"  # one capital, then lower case again
    tap(qtbot, keyboard.backspace_key)
    assert keyboard.text == "Hun"
    assert seen[-1] == "Hun"
    for _ in range(20):
        tap(qtbot, key(keyboard, "a"))
    assert len(keyboard.text) == 12
    with qtbot.waitSignal(keyboard.submitted) as blocker:
        tap(qtbot, keyboard.enter_button)
    assert blocker.args == [keyboard.text]


def test_clear_forgets_the_text_and_nothing_reaches_the_clipboard(
    qtbot: QtBot, keyboard: OnScreenKeyboard
) -> None:
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    display = TextDisplay()
    qtbot.addWidget(display)
    keyboard.text_changed.connect(display.set_text)
    for char in "geheim":
        tap(qtbot, key(keyboard, char))
    assert "geheim|" in all_texts(display)
    tap(qtbot, keyboard.clear_key)
    assert keyboard.text == ""
    assert not any("geheim" in text for text in all_texts(display) + all_texts(keyboard))
    assert clipboard.text() == "before"
    assert display.label.textInteractionFlags() == Qt.TextInteractionFlag.NoTextInteraction


def test_labels_follow_the_language(keyboard: OnScreenKeyboard) -> None:
    translator: Any = keyboard._translator
    assert keyboard.space_key.text() == "Leerzeichen"
    translator.set_language("da")
    assert keyboard.space_key.text() == "Mellemrum"
    assert keyboard.backspace_key.accessibleName() == "Slet sidste tegn"


def test_the_space_bar_gives_way_to_its_symbol_when_the_row_is_narrow(qtbot: QtBot) -> None:
    """In larger text beside the finder's topics, "Leerzeichen" made the keyboard (and the
    window) wider than the screen; the bar shows ␣ then, and still types a space."""
    keyboard = OnScreenKeyboard(default_translator(), enter_key="finder.search.enter")
    qtbot.addWidget(keyboard)
    keyboard.resize(1400, 500)
    keyboard.show()
    settle()
    assert keyboard.space_key.text() == "Leerzeichen"
    keyboard.setStyleSheet(keyboard.styleSheet() + " QPushButton { font-size: 30px; }")
    keyboard.resize(keyboard.minimumSizeHint().width(), keyboard.height())
    settle()
    assert keyboard.space_key.text() == "␣"
    assert keyboard.space_key.accessibleName() == "Leerzeichen"
    assert keyboard.minimumSizeHint().width() < 1000  # about the letter rows' width
    keyboard.space_key.click()
    assert keyboard.text == " "
