"""The widget kit: the few building blocks every screen and station is made of.

Why a kit: stations built by different people must look like one product and keep the
accessibility rules (touch target size, accessible names, text that re-renders on a language
switch) without thinking about them. Use these instead of raw Qt widgets where one fits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEasingCurve, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPixmap
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
from ui.theme import MARGIN_PX, MIN_TARGET_PX

logger = logging.getLogger(__name__)

#: Buttons take focus from keys (ui/navigation.py) but not from a tap: touch use stays as it
#: was, and the keyboard focus stays where the keys left it.
KEYS_ONLY_FOCUS = Qt.FocusPolicy.TabFocus


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
    widget.setFocusPolicy(KEYS_ONLY_FOCUS)
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
            # hidden now, deleted by Qt in the next turn (as its parent's child)
            widget.hide()
            widget.deleteLater()
        else:
            inner = item.layout()
            if inner is not None:
                clear_layout(inner)


class ClampedLabel(QLabel):
    """A wrapping label that shows at most `max_lines` lines, ending in "…" when it cuts.

    Why: a tile shows a teaser of a summary whose full text is on the next screen; a summary
    that runs to four lines in one language must not push the other tiles below the screen.
    The label keeps the full text (for screen readers and for the privacy wipe's bookkeeping);
    only its height and painting are limited.
    """

    def __init__(self, role: str, max_lines: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", role)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.max_lines = max_lines
        self._shown: tuple[tuple[str, int, int], str] | None = None  # paint cache

    def _cap(self) -> int:
        margins = self.contentsMargins()
        lines = QFontMetrics(self.font()).lineSpacing() * self.max_lines
        return lines + margins.top() + margins.bottom() + 2

    def heightForWidth(self, width: int) -> int:
        return min(super().heightForWidth(width), self._cap())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), min(hint.height(), self._cap()))

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), min(hint.height(), self._cap()))

    def shown_text(self) -> str:
        """What is painted: the text, or its first words and "…" when it needs more lines."""
        width = self.contentsRect().width()
        text = self.text()
        key = (text, width, self.font().pixelSize())
        if self._shown is None or self._shown[0] != key:
            self._shown = (key, self._fit(text, width))
        return self._shown[1]

    def _fit(self, text: str, width: int) -> str:
        if width <= 0 or self._lines(text, width) <= self.max_lines:
            return text
        words = text.split()
        while len(words) > 1 and self._lines(" ".join(words) + " …", width) > self.max_lines:
            words.pop()
        return " ".join(words).rstrip(",;:–-") + " …"

    def _lines(self, text: str, width: int) -> int:
        metrics = QFontMetrics(self.font())
        box = metrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return round(box.height() / max(1, metrics.lineSpacing()))

    def paintEvent(self, event: QPaintEvent) -> None:
        shown = self.shown_text()
        if shown == self.text():
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(self.foregroundRole()))
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(self.contentsRect(), int(flags), shown)
        painter.end()


class Tile(QPushButton):
    """A large card button: eyebrow, title, summary and badges. Emits `clicked` like a button.

    `summary_lines` limits the summary to that many lines (a teaser; None: all of it).
    """

    def __init__(self, parent: QWidget | None = None, *, summary_lines: int | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "tile")
        self.setMinimumHeight(160)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(KEYS_ONLY_FOCUS)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        self.content_layout = layout
        layout.setContentsMargins(36, 28, 36, 28)
        layout.setSpacing(12)
        self.title = text_label("h2")
        self.summary: QLabel = (
            ClampedLabel("lead", summary_lines) if summary_lines else text_label("lead")
        )
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
        self.setFocusPolicy(KEYS_ONLY_FOCUS)  # reached by keys only when it has no buttons
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
        # A press reaches the tile at once (it shows pressed without a quarter-second lag); a
        # drag then cancels it. The default delay replays the press later to whatever
        # widgetAt() says, which some platforms cannot answer (offscreen: taps were lost).
        properties.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
        scroller.setScrollerProperties(properties)

    def reset_scroll(self) -> None:
        QScroller.scroller(self.viewport()).stop()
        self.verticalScrollBar().setValue(0)

    def page_down(self) -> None:
        """One screenful further, keeping a strip of the last one in view for orientation."""
        bar = self.verticalScrollBar()
        QScroller.scroller(self.viewport()).stop()
        bar.setValue(bar.value() + max(bar.pageStep() - 80, bar.pageStep() // 2))


class MoreBelow(QPushButton):
    """The visible sign that a list goes on below: shown under a `TouchScroll` whenever its
    content is taller than the visible area. A tap scrolls one screenful down; at the end the
    same button takes the visitor back to the top.

    Why not just a scroll bar: a thin bar at the edge is not a sign a visitor at a kiosk sees
    (walk-through item 7). The owner sets both texts with `set_texts` (they are translated).
    The decision waits until the layout has settled (a zero timer), because showing or hiding
    the button changes the room the list has.
    """

    HYSTERESIS_PX = 16

    def __init__(self, scroll: TouchScroll, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scroll = scroll
        self._more = self._top = ""
        self._pending = False
        self.setProperty("kind", "more")
        self.setMinimumHeight(MIN_TARGET_PX)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(KEYS_ONLY_FOCUS)
        bar = scroll.verticalScrollBar()
        bar.rangeChanged.connect(lambda _low, _high: self.refresh())
        bar.valueChanged.connect(lambda _value: self._label())
        self.clicked.connect(self._on_click)
        self.hide()

    @property
    def at_end(self) -> bool:
        bar = self._scroll.verticalScrollBar()
        return bar.maximum() > 0 and bar.value() >= bar.maximum()

    def set_texts(self, more: str, top: str) -> None:
        self._more, self._top = more, top
        self._label()
        self.refresh()

    def refresh(self) -> None:
        """Decide once the pending layout work is done (coalesced)."""
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._decide)

    def _decide(self) -> None:
        self._pending = False
        overflow = self._scroll.verticalScrollBar().maximum()
        parent = self.parentWidget()
        layout = parent.layout() if parent is not None else None
        if self.isHidden():
            show = overflow > 0
        else:  # hiding gives the button's room back to the list
            room = self.height() + (layout.spacing() if layout is not None else 0)
            show = overflow > room - self.HYSTERESIS_PX
        wanted = show and bool(self._more)
        if wanted == self.isHidden():  # a change
            self.setVisible(wanted)
            if layout is not None:
                # Lay out now: else the list keeps its old height (a gap, or a cut-off line
                # with no sign) until a later turn of the event loop.
                layout.activate()
        self._label()

    def _label(self) -> None:
        set_button_text(self, self._top if self.at_end else self._more)

    def _on_click(self) -> None:
        if self.at_end:
            self._scroll.reset_scroll()
        else:
            self._scroll.page_down()


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
    for more in root.findChildren(MoreBelow):
        more.set_texts("", "")  # its texts are in the visitor's language; hidden until refilled


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
