"""Vorlesen on a screen that refills itself: it reads the new words in layout order and leaves
no wrapper behind for a layout item Qt deleted (such a stale wrapper crashed the kiosk later,
in an unrelated deferred delete, when the freed address was reused)."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import default_translator
from kiosk.speech import Speaker, TranscriptEngine
from tests.qt_helpers import settle
from ui.speech import ScreenReader
from ui.widgets import Page, clear_layout


class Window(QWidget):
    """The part of the shell the reader looks at: a page stack."""

    def __init__(self) -> None:
        super().__init__()
        self.stack = QStackedWidget(self)
        QVBoxLayout(self).addWidget(self.stack)


def fill(page: Page, words: list[str]) -> None:
    """A heading, then the words in a row below it (an inner layout), as a screen refill."""
    clear_layout(page.outer)
    heading = QLabel(words[0])
    heading.setProperty("role", "h1")
    page.outer.addWidget(heading)
    row = QHBoxLayout()
    page.outer.addLayout(row)
    for word in words[1:]:
        row.addWidget(QLabel(word))


def layout_item_wrappers() -> list[Any]:
    """Python wrappers of plain layout items (QWidgetItem, QSpacerItem) still registered."""
    return [
        wrapper
        for wrapper in shiboken6.getAllValidWrappers()
        if isinstance(wrapper, QLayoutItem) and not isinstance(wrapper, QLayout)
    ]


def test_a_refilled_screen_is_read_anew_and_leaves_no_stale_item(qtbot: Any) -> None:
    window = Window()
    qtbot.addWidget(window)
    page = Page()
    window.stack.addWidget(page)
    engine = TranscriptEngine()
    speaker = Speaker(engine)
    reader = ScreenReader(window, speaker, default_translator())
    window.show()
    before = len(layout_item_wrappers())

    fill(page, ["Schritt 1", "Name", "Anschrift"])
    settle()
    assert reader.page_utterance(page) == "Schritt 1. Name. Anschrift."
    fill(page, ["Schritt 2", "Geburtstag", "Ort", "Land"])
    settle()  # the old labels are deleted now, and Qt deletes their layout items with them
    assert reader.page_utterance(page) == "Schritt 2. Geburtstag. Ort. Land."
    settle()

    assert len(layout_item_wrappers()) == before
    reader.stop()
