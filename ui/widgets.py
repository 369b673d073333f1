"""The widget kit: the few building blocks every screen and station is made of.

Why a kit: stations built by different people must look like one product and keep the
accessibility rules (touch target size, accessible names, text that re-renders on a language
switch) without thinking about them. Use these instead of raw Qt widgets where one fits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEasingCurve, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Translator
from ui.theme import MARGIN_PX, MIN_TARGET_PX, PALETTE

logger = logging.getLogger(__name__)


def text_label(role: str = "", text: str = "", *, wrap: bool = True) -> QLabel:
    """A label with a type-scale role (display, h1, h2, h3, lead, muted, eyebrow, badge, …)."""
    label = QLabel(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def button(kind: str = "secondary", text: str = "", *, name: str = "") -> QPushButton:
    """A push button of a theme kind (primary, secondary, quiet, segment, toggle, language).

    `name` is the accessible name; it defaults to the visible text.
    """
    widget = QPushButton(text)
    widget.setProperty("kind", kind)
    widget.setMinimumHeight(MIN_TARGET_PX)
    widget.setCursor(Qt.CursorShape.PointingHandCursor)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.setAccessibleName(name or text)
    return widget


def set_button_text(widget: QAbstractButton, text: str, name: str = "") -> None:
    """Set text and accessible name together, so they never drift apart."""
    widget.setText(text)
    widget.setAccessibleName(name or text.strip("←→ "))


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every item of `layout` (used when content is re-rendered)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        else:
            inner = item.layout()
            if inner is not None:
                clear_layout(inner)


class Tile(QPushButton):
    """A large card button: eyebrow, title, summary and badges. Emits `clicked` like a button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "tile")
        self.setMinimumHeight(160)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        self.content_layout = layout
        layout.setContentsMargins(36, 28, 36, 28)
        layout.setSpacing(12)
        self.title = text_label("h2")
        self.summary = text_label("")
        self.summary.setProperty("role", "lead")
        self.badge_line = text_label("badge-line")
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        layout.addWidget(self.badge_line)
        for label in (self.title, self.summary, self.badge_line):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_content(self, title: str, summary: str, badges: Iterable[str] = ()) -> None:
        """Badges are shown as one wrapping line ("A · B · C"), so none is ever cut off."""
        self.title.setText(title)
        self.summary.setText(summary)
        badge_text = "  ·  ".join(badges)
        self.badge_line.setText(badge_text)
        self.badge_line.setVisible(bool(badge_text))
        self.setAccessibleName(title)
        self.setAccessibleDescription(summary)


class TouchScroll(QScrollArea):
    """A vertical scroll area that follows a finger (kinetic), with a reset for the wipe."""

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        scroller = QScroller.scroller(self.viewport())
        properties = scroller.scrollerProperties()
        properties.setScrollMetric(
            QScrollerProperties.ScrollMetric.OvershootDragResistanceFactor, 0.3
        )
        properties.setScrollMetric(
            QScrollerProperties.ScrollMetric.ScrollingCurve, QEasingCurve.Type.OutCubic
        )
        scroller.setScrollerProperties(properties)

    def reset_scroll(self) -> None:
        QScroller.scroller(self.viewport()).stop()
        self.verticalScrollBar().setValue(0)


class Page(QWidget):
    """A screen with the standard margins: heading on top, a body the subclass fills.

    Subclasses implement `retranslate()` (texts for the current language) and may override
    `wipe()`; the shell and stations call both.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(MARGIN_PX, 40, MARGIN_PX, 32)
        self.outer.setSpacing(24)

    def retranslate(self) -> None:
        """Re-render every text in the current language."""

    def wipe(self) -> None:
        """Forget everything a visitor left on this screen: every text and accessible name.

        Subclasses clear their own state and dynamic children, then call `super().wipe()`.
        """
        blank_widgets(self)


def blank_widgets(root: QWidget) -> None:
    """Clear the text, accessible name and description of `root` and all its children."""
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QLabel):
            widget.clear()
        elif isinstance(widget, QAbstractButton):
            widget.setText("")
        elif isinstance(widget, QLineEdit):
            widget.clear()
        widget.setAccessibleName("")
        widget.setAccessibleDescription("")
    for scroll in root.findChildren(TouchScroll):
        scroll.reset_scroll()


MAX_UPSCALE = 1.5  # beyond this a small raster image looks blurred


def fitted_pixmap(path: object, max_width: int, max_height: int) -> QPixmap:
    """The image scaled to fit the box (smooth); a null pixmap if it cannot be read.

    Raster images are enlarged at most 1.5×; an SVG scales freely.
    """
    pixmap = QPixmap(str(path))
    if pixmap.isNull():
        logger.warning("image %s cannot be read", path)
        return pixmap
    if not str(path).lower().endswith(".svg"):
        max_width = min(max_width, int(pixmap.width() * MAX_UPSCALE))
        max_height = min(max_height, int(pixmap.height() * MAX_UPSCALE))
    return pixmap.scaled(
        max_width,
        max_height,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


class ImageBox(QLabel):
    """A reusable image slot: shows a content image fitted to its box, or nothing.

    Why reuse instead of new labels: screens re-render on every tap and language switch, and
    creating and deleting widgets each time costs time and (with PySide6 6.12) memory. The
    scaled pixmaps are cached per path; content images never change while the kiosk runs.
    """

    def __init__(self, max_width: int, max_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._box = (max_width, max_height)
        self._cache: dict[str, QPixmap] = {}

    def show_image(self, path: object | None) -> None:
        if path is None:
            self.clear()
            self.hide()
            return
        key = str(path)
        if key not in self._cache:
            self._cache[key] = fitted_pixmap(path, *self._box)
        self.setPixmap(self._cache[key])
        self.setVisible(not self._cache[key].isNull())


class ClickableFrame(QFrame):
    """A frame that reports a press anywhere on it (the attract screen)."""

    pressed = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.pressed.emit()


def on_language(translator: Translator, callback: Callable[[], None]) -> None:
    """Connect `callback` to the translator's language switch and run it once now."""
    translator.language_changed.connect(lambda _lang: callback())
    callback()


class StepIndicator(QWidget):
    """Numbered circles for the steps of a process; the current one filled, marked ones ringed.

    Painted rather than built from labels so it stays one accessible element with a
    name such as "Schritt 2 von 5".
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._total = 0
        self._current = 0
        self._marked: frozenset[int] = frozenset()
        self.setMinimumHeight(72)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_steps(
        self, total: int, current: int, marked: Iterable[int] = (), name: str = ""
    ) -> None:
        """`current` and `marked` count from 0; `name` is the accessible name."""
        self._total, self._current, self._marked = total, current, frozenset(marked)
        self.setAccessibleName(name)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._total <= 0:
            return
        diameter = min(self.height() - 8, 64)
        gap = 40
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        font = QFont(self.font())
        font.setPixelSize(int(diameter * 0.42))
        font.setBold(True)
        painter.setFont(font)
        top = (self.height() - diameter) // 2
        for index in range(self._total):
            left = index * (diameter + gap)
            if index:
                painter.setPen(QPen(QColor(PALETTE.border), 4))
                y = top + diameter // 2
                painter.drawLine(left - gap + 6, y, left - 6, y)
            circle = QRect(left, top, diameter, diameter)
            done = index < self._current
            if index == self._current:
                painter.setBrush(QColor(PALETTE.accent))
                painter.setPen(QPen(QColor(PALETTE.accent), 3))
                text_colour = PALETTE.on_accent
            else:
                painter.setBrush(QColor(PALETTE.accent_soft if done else PALETTE.background))
                ring = PALETTE.moment_border if index in self._marked else PALETTE.border
                painter.setPen(QPen(QColor(ring), 4 if index in self._marked else 3))
                text_colour = PALETTE.accent if done else PALETTE.muted
            painter.drawEllipse(circle.adjusted(2, 2, -2, -2))
            painter.setPen(QColor(text_colour))
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, str(index + 1))
        painter.end()
