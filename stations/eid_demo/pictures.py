"""The eID station's pictures, drawn by the project with QPainter (no image files).

Why drawn: they scale sharply to any size and text size, take their few words from the
catalogs (so they speak the visitor's language), and show numbers only from
`pin_rules`, so the weak-PIN warning knows every example a visitor has seen.

Each picture draws in a fixed logical canvas (`CANVAS`) that is scaled to the widget,
keeping its proportions.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from stations.eid_demo.pin_rules import EXAMPLE_CAN
from ui.speech import set_spoken
from ui.theme import PALETTE

logger = logging.getLogger(__name__)

CANVAS = QSize(600, 420)
MIN_SHARE = 55  # per cent of its size a picture may shrink to when height is short


class Picture(QWidget):
    """A drawing on the logical canvas, centred and scaled to fit the widget.

    `spoken` names the words Vorlesen says for it (speech.toml): the picture carries meaning.
    """

    spoken = ""

    def __init__(self, parent: QWidget | None = None, *, width: int = 480) -> None:
        super().__init__(parent)
        self._labels: dict[str, str] = {}
        height = round(width * CANVAS.height() / CANVAS.width())
        self._size = QSize(width, height)
        # `width` wide where there is room; smaller (it scales, keeping its proportions) where
        # larger text leaves less height: a fixed size was cut off at the bottom.
        self.setMinimumSize(width * MIN_SHARE // 100, height * MIN_SHARE // 100)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        if self.spoken:
            set_spoken(self, self.spoken)

    def sizeHint(self) -> QSize:
        return self._size

    def set_labels(self, **labels: str) -> None:
        """The words inside the picture, already in the visitor's language."""
        if labels != self._labels:
            self._labels = dict(labels)
            self.update()

    def label(self, name: str) -> str:
        return self._labels.get(name, "")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        scale = min(self.width() / CANVAS.width(), self.height() / CANVAS.height())
        painter.translate(
            (self.width() - CANVAS.width() * scale) / 2,
            (self.height() - CANVAS.height() * scale) / 2,
        )
        painter.scale(scale, scale)
        self.draw(painter)
        painter.end()

    def draw(self, painter: QPainter) -> None:
        """Subclasses draw on the 600×420 canvas."""

    def draw_words(
        self,
        painter: QPainter,
        area: QRectF,
        text: str,
        size: float,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
    ) -> None:
        """One line of words in `area`, set smaller where a language needs more room.

        Measured at the size the words are drawn on the screen, not on the canvas: hinted
        fonts (X11) are relatively wider at the scaled size, and the German
        "Transport-PIN (5 Stellen)" ran past its field; a little room is left as well."""
        scale = max(painter.worldTransform().m11(), 0.1)
        room = area.width() * scale * 0.97
        while size > 12:
            shown = QFontMetricsF(self.canvas_font(size * scale, bold=True), self)
            if shown.horizontalAdvance(text) <= room:
                break
            size -= 1
        painter.setFont(self.canvas_font(size, bold=True))
        painter.drawText(area, align, text)

    def canvas_font(self, size: float, *, bold: bool = False) -> QFont:
        """The widget's font at `size` canvas pixels (scaled with the picture)."""
        font = QFont(self.font())
        font.setPixelSize(max(1, round(size)))
        font.setBold(bold)
        return font


def pen(colour: str, width: float) -> QPen:
    result = QPen(QColor(colour), width)
    result.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    result.setCapStyle(Qt.PenCapStyle.RoundCap)
    return result


def draw_card(painter: QPainter, card: QRectF, *, chip: bool = True) -> None:
    """An ID card seen from the front: rounded, with its chip contacts and the waves."""
    painter.setPen(pen(PALETTE.accent, 4))
    painter.setBrush(QColor(PALETTE.accent_soft))
    painter.drawRoundedRect(card, 18, 18)
    if chip:
        contact = QRectF(card.left() + 28, card.top() + card.height() * 0.36, 58, 46)
        painter.setPen(pen(PALETTE.moment_border, 3))
        painter.setBrush(QColor(PALETTE.moment_bg))
        painter.drawRoundedRect(contact, 8, 8)
    draw_waves(painter, QPointF(card.right() - 54, card.top() + 50), 3)


def draw_waves(painter: QPainter, centre: QPointF, count: int) -> None:
    """The contactless sign: quarter circles growing to the upper right."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(pen(PALETTE.accent, 5))
    for index in range(count):
        radius = 12.0 + index * 13
        arc = QRectF(centre.x() - radius, centre.y() - radius, radius * 2, radius * 2)
        painter.drawArc(arc, 0, 90 * 16)


def draw_reader(painter: QPainter, body: QRectF) -> None:
    painter.setPen(pen(PALETTE.muted, 3))
    painter.setBrush(QColor(PALETTE.surface_pressed))
    painter.drawRoundedRect(body, 26, 26)


class CardOnReaderPicture(Picture):
    """A card reader with the ID card lying flat on it: where the card goes, at a glance."""

    spoken = "speech.picture.card_on_reader"

    def draw(self, painter: QPainter) -> None:
        draw_reader(painter, QRectF(60, 170, 480, 190))
        draw_card(painter, QRectF(120, 30, 360, 220))
        if self.label("flat"):
            painter.setPen(QColor(PALETTE.text))
            area = QRectF(0, 368, 600, 50)
            self.draw_words(
                painter, area, "↓  " + self.label("flat"), 30, Qt.AlignmentFlag.AlignCenter
            )


class KeypadReaderPicture(Picture):
    """A reader with its own keypad, the card on it and the keys marked: type the PIN here."""

    spoken = "speech.picture.keypad_reader"

    def draw(self, painter: QPainter) -> None:
        draw_reader(painter, QRectF(40, 40, 520, 350))
        draw_card(painter, QRectF(70, 70, 250, 160))
        display = QRectF(350, 70, 180, 56)
        painter.setPen(pen(PALETTE.muted, 3))
        painter.setBrush(QColor(PALETTE.background))
        painter.drawRoundedRect(display, 10, 10)
        painter.setPen(QColor(PALETTE.text))
        painter.setFont(self.canvas_font(30, bold=True))
        painter.drawText(display, Qt.AlignmentFlag.AlignCenter, "* * *")
        keys = "123456789←0✓"
        for index, key in enumerate(keys):
            row, column = divmod(index, 3)
            rect = QRectF(350 + column * 62, 146 + row * 58, 52, 48)
            painter.setPen(pen(PALETTE.accent, 3))
            painter.setBrush(QColor(PALETTE.background))
            painter.drawRoundedRect(rect, 8, 8)
            painter.setPen(QColor(PALETTE.accent))
            painter.setFont(self.canvas_font(24, bold=True))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, key)
        painter.setPen(QColor(PALETTE.text))
        self.draw_words(painter, QRectF(70, 250, 270, 50), self.label("keypad"), 30)


class IdCardPicture(Picture):
    """The front of an ID card with the six-digit CAN marked at the bottom right."""

    spoken = "speech.picture.id_card"

    def draw(self, painter: QPainter) -> None:
        card = QRectF(40, 30, 520, 330)
        draw_card(painter, card, chip=False)
        photo = QRectF(70, 90, 130, 170)
        painter.setPen(pen(PALETTE.border, 3))
        painter.setBrush(QColor(PALETTE.background))
        painter.drawRoundedRect(photo, 10, 10)
        painter.setBrush(QColor(PALETTE.border))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QRectF(107, 118, 56, 56))
        head = QPainterPath()
        head.addRoundedRect(QRectF(88, 184, 94, 70), 40, 40)
        painter.drawPath(head)
        painter.setBrush(QColor(PALETTE.border))
        for row, width in enumerate((230, 180, 250, 150, 200)):
            painter.drawRoundedRect(QRectF(230, 96 + row * 34, width, 14), 7, 7)
        can = QRectF(376, 292, 160, 48)
        painter.setPen(pen(PALETTE.moment_border, 5))
        painter.setBrush(QColor(PALETTE.moment_bg))
        painter.drawRoundedRect(can.adjusted(-10, -8, 10, 8), 14, 14)
        painter.setPen(QColor(PALETTE.text))
        painter.setFont(self.canvas_font(34, bold=True))
        painter.drawText(can, Qt.AlignmentFlag.AlignCenter, EXAMPLE_CAN)
        painter.setPen(QColor(PALETTE.moment_text))
        self.draw_words(
            painter,
            QRectF(40, 366, 520, 54),
            "↑  " + self.label("can"),
            30,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        )


class PinLetterPicture(Picture):
    """The PIN letter: the 5-digit Transport-PIN and the 10-digit PUK, hidden as dots."""

    spoken = "speech.picture.pin_letter"

    def draw(self, painter: QPainter) -> None:
        sheet = QRectF(90, 10, 420, 400)
        painter.setPen(pen(PALETTE.border, 3))
        painter.setBrush(QColor(PALETTE.background))
        painter.drawRoundedRect(sheet, 10, 10)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PALETTE.surface_pressed))
        for row, width in enumerate((200, 300, 260)):
            painter.drawRoundedRect(QRectF(120, 40 + row * 28, width, 12), 6, 6)
        painter.setPen(QColor(PALETTE.text))
        self.draw_words(painter, QRectF(120, 124, 360, 44), self.label("title"), 32)
        self._field(painter, 184, self.label("transport_pin"), 5)
        self._field(painter, 290, self.label("puk"), 10)

    def _field(self, painter: QPainter, top: float, name: str, digits: int) -> None:
        painter.setPen(QColor(PALETTE.muted))
        self.draw_words(painter, QRectF(120, top, 360, 34), name, 27)
        box = 32.0
        gap = (360 - digits * box) / max(digits - 1, 1)
        for index in range(digits):
            rect = QRectF(120 + index * (box + gap), top + 38, box, 40)
            painter.setPen(pen(PALETTE.moment_border, 3))
            painter.setBrush(QColor(PALETTE.moment_bg))
            painter.drawRoundedRect(rect, 6, 6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(PALETTE.moment_text))
            painter.drawEllipse(rect.center(), 5, 5)


class PhonePicture(Picture):
    """A smartphone used as the card reader: the card held against its back (NFC)."""

    spoken = "speech.picture.phone"

    def draw(self, painter: QPainter) -> None:
        draw_card(painter, QRectF(190, 110, 330, 210))  # behind the phone, against its back
        phone = QRectF(110, 20, 210, 380)
        painter.setPen(pen(PALETTE.text, 5))
        painter.setBrush(QColor(PALETTE.background))
        painter.drawRoundedRect(phone, 32, 32)
        screen = phone.adjusted(16, 44, -16, -44)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(PALETTE.accent_soft))
        painter.drawRoundedRect(screen, 12, 12)
        draw_waves(painter, QPointF(screen.center().x() - 20, screen.center().y() + 10), 3)
        painter.setPen(pen(PALETTE.accent, 8))
        tick = QPainterPath(QPointF(screen.left() + 50, screen.top() + 70))
        tick.lineTo(screen.left() + 80, screen.top() + 100)
        tick.lineTo(screen.left() + 130, screen.top() + 40)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(tick)
