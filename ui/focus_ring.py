"""The keyboard focus ring: a two-tone frame drawn around the focused widget, over everything.

Why an overlay and not a `:focus` border in the style sheet: a thicker border changes a
button's size (the page would jump on every key press), the PIN pad and the on-screen keyboard
carry their own style sheets, and a ring must stay visible on every background the kiosk has:
white pages, grey tiles, the blue attract band. So the ring is drawn outside the widget, with a
gap of the surrounding colour, a dark line and a light halo (WCAG technique C40): on a light
background the dark line carries the contrast, on the blue band the light halo does. The ring
passes every mouse event through and paints nothing but its two lines.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QWidget

from ui.theme import FOCUS_GAP_PX, FOCUS_HALO_PX, FOCUS_RING_PX, PALETTE

logger = logging.getLogger(__name__)

RADIUS = 12.0  # the theme's smallest button corner; the ring's lines run parallel to it


def visible_rect(widget: QWidget, top: QWidget) -> QRect:
    """The part of `widget` not clipped by a scroll area, in `top`'s coordinates."""
    rect = QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            viewport = parent.viewport()
            rect = rect.intersected(
                QRect(viewport.mapTo(top, viewport.rect().topLeft()), viewport.size())
            )
        parent = parent.parentWidget()
    return rect


class FocusRing(QWidget):
    """A child of the top-level window; `follow(widget)` places it, `follow(None)` hides it."""

    OUTSET = FOCUS_GAP_PX + FOCUS_RING_PX + FOCUS_HALO_PX

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focus-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._inner = QRect()  # the target's visible rect, in the ring's coordinates
        self.hide()

    def follow(self, target: QWidget | None) -> None:
        """Put the ring around `target` (None, hidden or fully clipped: hide the ring)."""
        window = self.parentWidget()
        if window is None or target is None or not target.isVisible():
            self.hide()
            return
        inner = visible_rect(target, window)
        if inner.isEmpty():
            self.hide()
            return
        outset = self.OUTSET
        outer = inner.adjusted(-outset, -outset, outset, outset).intersected(window.rect())
        moved = outer != self.geometry() or inner.translated(-outer.topLeft()) != self._inner
        if moved:
            self._inner = inner.translated(-outer.topLeft())
            self.setGeometry(outer)
        self.raise_()
        self.show()
        if moved:
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        base = QRectF(self._inner)
        # the halo first, wide, then the dark line over its inner part
        halo_mid = FOCUS_GAP_PX + FOCUS_RING_PX + FOCUS_HALO_PX / 2
        ring_mid = FOCUS_GAP_PX + FOCUS_RING_PX / 2
        for width, offset, colour in (
            (FOCUS_HALO_PX + 1, halo_mid - 0.5, PALETTE.focus_halo),
            (FOCUS_RING_PX, ring_mid, PALETTE.focus_ring),
        ):
            path = QPainterPath()
            path.addRoundedRect(
                base.adjusted(-offset, -offset, offset, offset), RADIUS + offset, RADIUS + offset
            )
            painter.setPen(QPen(QColor(colour), width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.end()
