"""The attract loop: slides from the content bundle and an invitation in every offered language.

Why it cycles only while visible: an idle station should cost next to no CPU, so the slide
timer runs between showEvent and hideEvent only. Each full round of slides moves on to the
next offered language, so passers-by from every language group see text they can read.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.content import Bundle, Slide
from kiosk.i18n import FALLBACK, Translator
from ui.speech_toggle import label_speech_toggle, speech_toggle
from ui.theme import MARGIN_PX, SPACING_PX
from ui.widgets import ClickableFrame, ImageBox, button, set_button_text, text_label

logger = logging.getLogger(__name__)


class AttractScreen(ClickableFrame):
    """The attract loop, and where a visit starts: one button per language ("Start in English")
    in the band at the bottom; a touch anywhere else starts in the default language.

    Signals: touched() — a touch outside the language buttons; language_chosen(str) — a language
    button; first_painted() — once, when the screen has been painted for the first time
    (start-up can continue behind it)."""

    touched = Signal()
    language_chosen = Signal(str)
    speech_toggled = Signal(bool)  # "Vorlesen" beside the language buttons
    first_painted = Signal()

    def __init__(
        self,
        bundle: Bundle,
        translator: Translator,
        slide_seconds: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAccessibleName("attract")
        self._bundle = bundle
        self._translator = translator
        self._index = 0
        self._lang_index = 0
        self._painted = False
        self._timer = QTimer(self)
        self._timer.setInterval(slide_seconds * 1000)
        self._timer.timeout.connect(self.next_slide)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        body = QHBoxLayout()
        body.setContentsMargins(MARGIN_PX + 24, 56, MARGIN_PX + 24, 40)
        body.setSpacing(64)
        text_column = QVBoxLayout()
        text_column.setSpacing(28)
        self.eyebrow = text_label("eyebrow")
        self.title = text_label("display")
        self.text = text_label("lead")
        self.dots = text_label("muted", wrap=False)
        text_column.addStretch(1)
        text_column.addWidget(self.eyebrow)
        text_column.addWidget(self.title)
        text_column.addWidget(self.text)
        text_column.addStretch(2)
        text_column.addWidget(self.dots)
        body.addLayout(text_column, 5)
        self.image = ImageBox(760, 560)
        body.addWidget(self.image, 4)
        outer.addLayout(body, 1)

        outer.addWidget(self._build_band())
        self.pressed.connect(self.touched)
        self.retranslate()

    def _build_band(self) -> QFrame:
        """The bottom band: one start button per language, and the Vorlesen toggle."""
        band = QFrame()
        band.setObjectName("touchband")
        band.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        band_layout = QHBoxLayout(band)
        band_layout.setContentsMargins(SPACING_PX, 24, SPACING_PX, 24)  # centred: room to spare
        band_layout.setSpacing(SPACING_PX)  # four start buttons fit at 1920 px with larger text
        self.start_buttons: dict[str, QPushButton] = {}
        band_layout.addStretch(1)
        for lang in self._translator.languages:
            widget = button("start")
            widget.clicked.connect(lambda _c=False, code=lang: self.language_chosen.emit(code))
            self.start_buttons[lang] = widget
            band_layout.addWidget(widget)
        band_layout.addSpacing(SPACING_PX)
        self.speech_button = speech_toggle(on_band=True)
        self.speech_button.clicked.connect(self.speech_toggled)
        self._speech = (False, False, False)  # (on, available, compact), set by the app
        band_layout.addWidget(self.speech_button)
        band_layout.addStretch(1)
        return band

    @property
    def slide_language(self) -> str:
        langs = self._slide_languages()
        return langs[self._lang_index % len(langs)]

    def _slide_languages(self) -> tuple[str, ...]:
        """The offered languages the slides are written in. Leichte Sprache joins the rotation
        only when the bundle's slides have it: else its round would repeat the German one."""
        slides = self._bundle.slides
        return tuple(
            lang
            for lang in self._translator.languages
            if lang not in FALLBACK or any(lang in slide.title for slide in slides)
        ) or self._translator.languages

    def retranslate(self) -> None:
        langs = self._translator.languages
        for lang, widget in self.start_buttons.items():
            set_button_text(widget, self._translator.tr_in(lang, "attract.start_in"))
        self.setAccessibleName(
            " / ".join(self._translator.tr_in(lang, "attract.touch") for lang in langs)
        )
        self._render_slide()

    def set_speech_state(self, on: bool, available: bool, compact: bool = False) -> None:
        """`compact`: larger text is on; the toggle shows its loudspeaker alone."""
        self._speech = (on, available, compact)
        label_speech_toggle(
            self.speech_button,
            self._translator,
            on=on,
            available=available,
            compact=compact,
            languages=self._speech_languages(),
        )

    def _speech_languages(self) -> list[str]:
        """The slide's language first (the toggle's text), then the others (its name)."""
        first = self.slide_language
        return [first, *(code for code in self._translator.languages if code != first)]

    def restart(self, language: str | None = None) -> None:
        """First slide, in `language` (default: the visitor language the translator has)."""
        self._index = 0
        langs = self._slide_languages()
        lang = language or self._translator.language
        self._lang_index = langs.index(lang) if lang in langs else 0
        self._render_slide()

    def next_slide(self) -> None:
        count = max(len(self._bundle.slides), 1)
        self._index = (self._index + 1) % count
        if self._index == 0:
            self._lang_index += 1
        self._render_slide()

    def _slides(self) -> tuple[Slide, ...]:
        if self._bundle.slides:
            return self._bundle.slides
        return (Slide(self._bundle.name, self._bundle.portal_name, None),)

    def _render_slide(self) -> None:
        slides = self._slides()
        slide = slides[self._index % len(slides)]
        lang = self.slide_language
        self.setProperty("speech_language", lang)  # Vorlesen reads a slide in its language
        self.set_speech_state(*self._speech)  # and the toggle says "Vorlesen" in it
        self.eyebrow.setText(self._bundle.name.get_text(lang).upper())
        self.title.setText(slide.title.get_text(lang))
        self.text.setText(slide.text.get_text(lang))
        self.dots.setText("  ".join("●" if i == self._index else "○" for i in range(len(slides))))
        self.dots.setVisible(len(slides) > 1)
        self.image.show_image(slide.image)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.restart()
        self._timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()
