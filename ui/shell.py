"""The main window: header (language, larger text), the screens, footer (back, done), overlay.

Why the header and footer live here and not in the screens: "Zurück", "Fertig – nächste
Person", the language switch and the larger-text toggle must be reachable on every screen,
including every station's, so no station can forget them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.content import Bundle
from kiosk.flow import Shell
from kiosk.i18n import Translator
from ui.languages import native_name
from ui.restyle import Restyler
from ui.screens.idle import IdleOverlay
from ui.speech_toggle import label_speech_toggle, speech_toggle
from ui.theme import MARGIN_PX, SPACING_PX, Theme
from ui.widgets import button, set_button_text, text_label

logger = logging.getLogger(__name__)


class ShellWindow(QWidget):
    """The one window of the kiosk.

    Signals:
        language_requested(str): a language button in the header was tapped (during a visit;
            the header hides them on the attract screen, which has its own).
        large_text_toggled(bool): the larger-text toggle changed.
        speech_toggled(bool): the visitor tapped "Vorlesen" (the app decides and calls
            `set_speech_state`; on the attract screen its band has its own toggle).
        back_requested(): "Zurück".
        done_requested(): "Fertig – nächste Person".
    """

    language_requested = Signal(str)
    large_text_toggled = Signal(bool)
    speech_toggled = Signal(bool)
    back_requested = Signal()
    done_requested = Signal()

    def __init__(
        self, translator: Translator, theme: Theme, bundle: Bundle, *, kiosk_mode: bool
    ) -> None:
        super().__init__()
        self.setObjectName("shell")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.kiosk_mode = kiosk_mode
        self._translator = translator
        self._theme = theme
        self._restyler = Restyler()
        self._bundle = bundle
        self.pages: dict[object, QWidget] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        layout.addWidget(self._build_footer())
        self.overlay = IdleOverlay(translator, self)
        translator.language_changed.connect(self._on_language)
        theme.changed.connect(self.apply_theme)
        self.apply_theme()
        self.retranslate()

    # construction ---------------------------------------------------------------------------

    def _build_header(self) -> QFrame:
        header = QFrame()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(MARGIN_PX, 18, MARGIN_PX, 18)
        row.setSpacing(SPACING_PX)
        brand = QVBoxLayout()
        brand.setSpacing(0)
        self.brand = text_label("brand", wrap=False)
        self.tagline = text_label("muted", wrap=False)
        brand.addWidget(self.brand)
        brand.addWidget(self.tagline)
        self._brand = brand
        row.addLayout(brand)
        row.addStretch(1)
        self.language_group = QButtonGroup(self)
        self.language_group.setExclusive(True)
        self.language_buttons: dict[str, QPushButton] = {}
        for lang in self._translator.languages:
            widget = button("segment", native_name(lang))
            widget.setCheckable(True)
            widget.clicked.connect(lambda _c=False, code=lang: self.language_requested.emit(code))
            self.language_group.addButton(widget)
            self.language_buttons[lang] = widget
            row.addWidget(widget)
        row.addSpacing(SPACING_PX * 2)
        self.large_text_button = button("toggle")
        self.large_text_button.setCheckable(True)
        self.large_text_button.toggled.connect(self.large_text_toggled)
        row.addWidget(self.large_text_button)
        self.speech_button = speech_toggle()
        self.speech_button.clicked.connect(self.speech_toggled)
        self._speech = (False, False, False)  # (on, available, compact), set by the app
        row.addWidget(self.speech_button)
        return header

    def _build_footer(self) -> QFrame:
        self.footer = QFrame()
        self.footer.setObjectName("footer")
        row = QHBoxLayout(self.footer)
        row.setContentsMargins(MARGIN_PX, 16, MARGIN_PX, 16)
        row.setSpacing(SPACING_PX)
        self.back_button = button("secondary")
        self.back_button.setMinimumWidth(220)
        self.done_button = button("quiet")
        self.back_button.clicked.connect(self.back_requested)
        self.done_button.clicked.connect(self.done_requested)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.done_button)
        return self.footer

    def add_page(self, key: object, page: QWidget) -> None:
        self.pages[key] = page
        self.stack.addWidget(page)

    # rendering ------------------------------------------------------------------------------

    def apply_theme(self) -> None:
        """Set the one style sheet once; later only flip the `large` property and re-polish."""
        if not self.styleSheet():
            self.setStyleSheet(self._theme.combined_stylesheet())
        large = self._theme.large_text
        # Room for four languages and the toggle at 1920 px. What gets narrower changes before
        # the larger sizes apply, what gets wider after the normal ones are back: else the
        # window grows for a moment and stays wider than the screen.
        if large:
            self.brand.hide()  # with larger text the city's name (on the attract screen) and
            self.tagline.hide()  # its tagline give the languages and toggles their room
            self._brand.invalidate()  # its cached width still counts them
        if bool(self.property("large")) != large:
            self.setProperty("large", large)
            pages = [p for i in range(self.stack.count()) if (p := self.stack.widget(i))]
            self._restyler.restyle(self, pages)  # hidden pages: just before they are shown
            self.updateGeometry()
            self.update()
        self.brand.setVisible(not large)
        self.tagline.setVisible(not large)
        self.large_text_button.setChecked(large)
        self._label_large_text_button()

    def _on_language(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        tr = self._translator.tr
        lang = self._translator.language
        self.brand.setText(self._bundle.name.get_text(lang))
        self.tagline.setText(tr("header.tagline"))
        for code, widget in self.language_buttons.items():
            widget.setChecked(code == lang)
            widget.setAccessibleName(
                self._translator.tr_in(code, "header.language", name=native_name(code))
            )
        self._label_large_text_button()
        self.set_speech_state(*self._speech)
        set_button_text(self.back_button, "←  " + tr("footer.back"))
        set_button_text(self.done_button, tr("footer.done"))

    def _label_large_text_button(self) -> None:
        """The toggle says its state: "A+ Größere Schrift" when off, "✓ Größere Schrift" (filled)
        when on; the accessible name adds "an"/"aus" (walk-through item 7)."""
        tr = self._translator.tr
        on = self.large_text_button.isChecked()
        label = tr("header.larger_text")
        state = tr("header.on" if on else "header.off")
        set_button_text(
            self.large_text_button, ("✓  " if on else "A+  ") + label, f"{label}: {state}"
        )

    def set_speech_state(self, on: bool, available: bool, compact: bool = False) -> None:
        """The header's toggle is always the loudspeaker alone (its accessible name says
        "Vorlesen: an/aus"): four languages and "A+" leave no room for its word at 1920 px;
        the attract band, where a visit starts, has the toggle with its word."""
        self._speech = (on, available, compact)
        label_speech_toggle(
            self.speech_button, self._translator, on=on, available=available, compact=True
        )

    def show_state(self, state: Shell, page_key: object) -> None:
        """Show the page for `state` (`page_key` picks the station page for STATION)."""
        if state is Shell.IDLE_WARNING:
            self.overlay.setGeometry(self.rect())
            self.overlay.show()
            self.overlay.raise_()
            return
        self.overlay.hide()
        page = self.pages.get(page_key)
        if page is not None:
            self._restyler.before_show(page)
            self.stack.setCurrentWidget(page)
        in_session = state is not Shell.ATTRACT
        self.footer.setVisible(in_session)
        # before the visit the attract screen's own buttons choose the language; showing the
        # header's too would offer two ways (walk-through item 16)
        for widget in [*self.language_buttons.values(), self.speech_button]:
            widget.setVisible(in_session)

    # kiosk behaviour ------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.overlay.setGeometry(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.kiosk_mode:
            logger.info("close request ignored (kiosk mode)")
            event.ignore()
            return
        super().closeEvent(event)
