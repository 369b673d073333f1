"""The hand-off to the visitor's phone: a QR code of one public page, its address, what comes next.

Every station that sends a visitor on uses this one piece (the services station: the service's
own portal page; the eID station: the AusweisApp download page, the portal login, the
appointment page), so all hand-offs look alike and keep the same rules:

- only https addresses whose host is on the station's allow-list become a QR code (the check
  lives in `ui.qr.url_problem`); anything else shows a message for the staff instead;
- the address under the code never breaks inside the host name and is never clipped: it may
  break only after a "/", "?" or "&", and a part too wide for the column is set in a smaller
  font;
- when the target page is not offered in the visitor's language, a note says so
  (`portal_language_note`).

Use: build a `HandoffView(translator, theme, allowed_hosts)` into a screen, then call
`present(Handoff(url, title, text=..., eyebrow=..., note=...))` whenever the screen is shown or
the language changes, and `clear()` in the screen's wipe.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from urllib.parse import unquote

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import Translator, base_language
from ui.qr import QrCodeView
from ui.theme import TYPE, Theme
from ui.widgets import text_label

logger = logging.getLogger(__name__)

WORD_JOINER = "\u2060"  # forbids a line break at its place, has no width
BREAK_HERE = "\u200b"  # zero-width space: allows a line break at its place
MIN_ADDRESS_PX = 18  # below this an address is hard to read from a step away
QR_SIZE_PX = 560
BREAK_AFTER = "/?&"  # never in a host name


@dataclass(frozen=True)
class Handoff:
    """What one hand-off screen shows; all texts already in the visitor's language.

    `text` says what the page on the phone does; `eyebrow` names the service or topic above the
    title; `note` is an extra hint such as "This page is only available in German."
    """

    url: str
    title: str
    text: str = ""
    eyebrow: str = ""
    note: str = ""


def display_address(url: str) -> str:
    """The address as a visitor reads it: no https://, no lone "/", umlauts instead of %C3%BC."""
    text = unquote(url.removeprefix("https://"))
    return text[:-1] if text.endswith("/") and text.count("/") == 1 else text


def address_parts(address: str) -> list[str]:
    """The pieces a line may not break inside: the host, then each part of the path and query
    up to and including its "/", "?" or "&"."""
    return [part for part in re.findall(f"[^{BREAK_AFTER}]*[{BREAK_AFTER}]?", address) if part]


def breakable_address(address: str) -> str:
    """`address` with invisible marks so text layout breaks it only after "/", "?" or "&".

    Why marks and not a no-wrap label: a long path must still wrap, but a host such as
    serviceportal.schleswig-holstein.de must never be split at its hyphen or dots.
    """
    marked: list[str] = []
    for char in address:
        marked.append(char)
        if char in BREAK_AFTER:
            marked.append(BREAK_HERE)
        elif not char.isalnum():
            marked.append(WORD_JOINER)
    return "".join(marked)


def portal_language_note(translator: Translator, page_languages: Collection[str]) -> str:
    """ "This page is only available in German." when the visitor's language is not offered there.

    Empty when the page speaks the visitor's language or nothing is known about its languages.
    """
    if not page_languages or base_language(translator.language) in page_languages:
        return ""  # a German page is the page a Leichte Sprache reader gets anyway
    names = [translator.tr(f"language.name.{code}") for code in page_languages]
    if len(names) == 1:
        languages = names[0]
    else:
        languages = f"{', '.join(names[:-1])} {translator.tr('handoff.and')} {names[-1]}"
    return translator.tr("handoff.only_in", languages=languages)


class AddressLabel(QLabel):
    """A web address under a QR code: breaks only after "/", shrinks a part too wide to fit.

    The font size is set in the label's own style sheet (it wins over the shell's), from the
    theme's size for the current text size, so the larger-text toggle and a resize both refit.
    """

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._theme = theme
        self._address = ""
        self._px = 0
        self.setProperty("role", "brand")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        # the column decides the width; the height follows from heightForWidth
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        theme.changed.connect(self.fit)

    @property
    def address(self) -> str:
        """The address as shown, without the invisible line-break marks."""
        return self._address

    def set_address(self, url: str) -> None:
        self._address = display_address(url) if url else ""
        self.setText(breakable_address(self._address))
        self.setAccessibleName(self._address)
        self.fit()

    def font_px(self) -> int:
        """The pixel size the address is set in now."""
        return self._px or self._theme.px(TYPE.h3)

    def fit(self) -> None:
        """Choose the largest size up to the theme's at which every part fits the width."""
        base = self._theme.px(TYPE.h3)
        width = self.contentsRect().width()
        px = base
        if self._address and width > 0:
            font = QFont(self.font())
            while px > MIN_ADDRESS_PX:
                font.setPixelSize(px)
                metrics = QFontMetricsF(font)
                widest = max(metrics.horizontalAdvance(p) for p in address_parts(self._address))
                if widest <= width:
                    break
                px = max(MIN_ADDRESS_PX, min(px - 1, math.floor(px * width / widest)))
        if px != self._px:
            self._px = px
            self.setStyleSheet(f"QLabel {{ font-size: {px}px; }}")
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self._address:
            self.fit()


class HandoffView(QWidget):
    """Texts on the left, the QR code and its address on the right; or a message for staff.

    `problem` is why the last URL was refused (None when a code is shown).
    """

    def __init__(
        self,
        translator: Translator,
        theme: Theme,
        allowed_hosts: Collection[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._translator = translator
        self._allowed_hosts = tuple(allowed_hosts)
        self.problem: str | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(80)
        column = QVBoxLayout()
        column.setSpacing(28)
        self.eyebrow = text_label("eyebrow")
        self.title = text_label("h1")
        self.scan = text_label("lead")
        self.text = text_label("")
        self.note = text_label("note")
        self.blocked = text_label("error")
        column.addStretch(1)
        for widget in (self.eyebrow, self.title, self.scan, self.text, self.note, self.blocked):
            column.addWidget(widget)
        column.addStretch(2)
        row.addLayout(column, 5)
        qr_column = QVBoxLayout()
        qr_column.setSpacing(16)
        self.qr = QrCodeView()
        self.qr.setFixedSize(QR_SIZE_PX, QR_SIZE_PX)  # whole modules, no gap to the address
        self.address = AddressLabel(theme)
        qr_column.addStretch(1)
        qr_column.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_column.addWidget(self.address)
        qr_column.addStretch(1)
        row.addLayout(qr_column, 4)

    def present(self, handoff: Handoff) -> str | None:
        """Show `handoff`; returns why its URL was refused (then no code is shown), or None."""
        tr = self._translator.tr
        self.problem = self.qr.set_url(handoff.url, self._allowed_hosts)
        shown = self.problem is None
        self.eyebrow.setText(handoff.eyebrow.upper())
        self.eyebrow.setVisible(bool(handoff.eyebrow))
        self.title.setText(handoff.title)
        self.scan.setText(tr("handoff.scan"))
        self.text.setText(handoff.text)
        self.note.setText(handoff.note)
        self.blocked.setText(tr("handoff.blocked"))
        self.address.set_address(handoff.url if shown else "")
        self.qr.setAccessibleName(tr("handoff.code", url=handoff.url) if shown else "")
        for widget in (self.qr, self.scan, self.address):
            widget.setVisible(shown)
        self.text.setVisible(shown and bool(handoff.text))
        self.note.setVisible(shown and bool(handoff.note))
        self.blocked.setVisible(not shown)
        return self.problem

    def clear(self) -> None:
        """Forget the shown page (part of a screen's wipe)."""
        self.qr.clear()
        self.problem = None
        self.address.set_address("")
        for label in (self.eyebrow, self.title, self.scan, self.text, self.note, self.blocked):
            label.clear()
        self.qr.setAccessibleName("")
