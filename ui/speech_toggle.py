"""The "Vorlesen" toggle: in the header during a visit, on the attract screen's band before.

Why its own module: the header and the attract band show the same switch in two looks (on
white, on the blue band), and both must say their state the same way as "A+ Größere Schrift":
a sign when off (a drawn loudspeaker: no emoji font on a station), "✓" when on, and "an"/"aus"
in the accessible name; without a voice it is disabled and says so.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QPushButton

from kiosk.i18n import Translator
from ui.theme import PALETTE
from ui.widgets import button, set_button_text

logger = logging.getLogger(__name__)

ICON = QSize(32, 32)
#: On the blue band: outlined when off (it is a switch, not one more way to start), white when on.
BAND_STYLE = f"""
QPushButton {{ background: transparent; color: {PALETTE.on_accent};
    border: 3px solid {PALETTE.on_accent}; }}
QPushButton:checked {{ background: {PALETTE.background}; color: {PALETTE.accent}; }}
QPushButton:disabled {{ color: {PALETTE.accent_soft}; border: 3px dashed {PALETTE.accent_soft}; }}
"""
DISABLED_STYLE = f"""
QPushButton:disabled {{ color: {PALETTE.muted}; border: 2px dashed {PALETTE.border}; }}
"""


def _speaker(color: str) -> QPixmap:
    """A loudspeaker with two sound waves, drawn (so it never depends on an emoji font)."""
    scale = 3  # drawn larger, shown smooth on any screen
    pixmap = QPixmap(ICON * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.scale(scale, scale)
    ink = QColor(color)
    body = QPainterPath()
    body.moveTo(3, 12)
    body.lineTo(9, 12)
    body.lineTo(17, 5)
    body.lineTo(17, 27)
    body.lineTo(9, 20)
    body.lineTo(3, 20)
    body.closeSubpath()
    painter.fillPath(body, ink)
    pen = QPen(ink, 2.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    for radius in (6.0, 11.0):
        box = QRectF(QPointF(16 - radius, 16 - radius), QPointF(16 + radius, 16 + radius))
        painter.drawArc(box, -45 * 16, 90 * 16)
    painter.end()
    return pixmap


def speaker_icon(*, on_band: bool) -> QIcon:
    """The loudspeaker in the text colour of the button's off and on state."""
    off, on = (PALETTE.on_accent, PALETTE.accent) if on_band else (PALETTE.text, PALETTE.on_accent)
    icon = QIcon()
    icon.addPixmap(_speaker(off), QIcon.Mode.Normal, QIcon.State.Off)
    icon.addPixmap(_speaker(on), QIcon.Mode.Normal, QIcon.State.On)
    icon.addPixmap(_speaker(PALETTE.muted), QIcon.Mode.Disabled, QIcon.State.Off)
    return icon


_ICONS: dict[bool, QIcon] = {}  # drawn once per look, when the first toggle is built


def _icon(on_band: bool) -> QIcon:
    if on_band not in _ICONS:
        _ICONS[on_band] = speaker_icon(on_band=on_band)
    return _ICONS[on_band]


def speech_toggle(*, on_band: bool = False) -> QPushButton:
    """A checkable button; `clicked(bool)` is the visitor's tap (the app decides the state)."""
    widget = button("toggle")
    widget.setCheckable(True)
    widget.setIconSize(ICON)
    widget.setProperty("band", on_band)
    widget.setStyleSheet(BAND_STYLE if on_band else DISABLED_STYLE)
    return widget


def label_speech_toggle(
    widget: QPushButton,
    translator: Translator,
    *,
    on: bool,
    available: bool,
    compact: bool = False,
    languages: Sequence[str] = (),
) -> None:
    """Text and accessible name for the state. `compact` (larger text, where the header has
    no room left): the loudspeaker alone. `languages` (the attract band, before a visitor has
    chosen): the text in the first, the accessible name in all; by default the visitor's."""
    langs = tuple(languages) or (translator.language,)
    widget.setEnabled(available)
    widget.setChecked(on and available)
    label = translator.tr_in(langs[0], "speech.toggle")
    if available:
        name = " / ".join(
            f"{translator.tr_in(code, 'speech.toggle')}: "
            + translator.tr_in(code, "header.on" if on else "header.off")
            for code in langs
        )
    else:  # switched off for good: dashed and muted, like a tile that cannot be used now
        name = " / ".join(translator.tr_in(code, "speech.unavailable") for code in langs)
    checked = on and available
    # like "A+ Größere Schrift": a sign when off, "✓" when on; compact: the loudspeaker alone
    widget.setIcon(QIcon() if checked and not compact else _icon(bool(widget.property("band"))))
    text = "" if compact else ("✓  " if checked else " ") + label
    set_button_text(widget, text, name)
    widget.setToolTip(name)
