"""Language choice: three large buttons with the languages' own names, no flags.

Why no flags: a flag names a country, not a language (German is spoken in more than one
country, Danish speakers in Flensburg are German citizens). The heading is shown in all
offered languages at once, because the visitor has not chosen yet.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import Translator
from ui.theme import SPACING_PX
from ui.widgets import Page, button, text_label

logger = logging.getLogger(__name__)

NATIVE_NAMES = {"de": "Deutsch", "en": "English", "da": "Dansk"}


class LanguageScreen(Page):
    """Signals: chosen(str) — the language code the visitor tapped."""

    chosen = Signal(str)

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._translator = translator
        self.headings: list[QLabel] = []
        self.buttons: dict[str, QPushButton] = {}
        self.outer.addStretch(1)
        heading_box = QVBoxLayout()
        heading_box.setSpacing(8)
        for index, _lang in enumerate(translator.languages):
            label = text_label("h1" if index == 0 else "h2")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.headings.append(label)
            heading_box.addWidget(label)
        self.outer.addLayout(heading_box)
        self.outer.addSpacing(48)
        row = QHBoxLayout()
        row.setSpacing(SPACING_PX * 2)
        row.addStretch(1)
        for lang in translator.languages:
            name = NATIVE_NAMES.get(lang, lang)
            widget = button("language", name)
            widget.setMinimumWidth(420)
            widget.clicked.connect(lambda _checked=False, code=lang: self.chosen.emit(code))
            self.buttons[lang] = widget
            row.addWidget(widget)
        row.addStretch(1)
        self.outer.addLayout(row)
        self.outer.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        for label, lang in zip(self.headings, self._translator.languages, strict=True):
            label.setText(self._translator.tr_in(lang, "language.title"))
        for lang, widget in self.buttons.items():
            widget.setAccessibleName(
                self._translator.tr_in(lang, "header.language", name=NATIVE_NAMES.get(lang, lang))
            )
