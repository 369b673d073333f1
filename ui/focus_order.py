"""The order in which keys move the focus: which widgets count, and reading order.

Why apart from the navigator: the order is pure geometry over the widget tree; the tests and
the navigator share it, and it is easier to reason about without the event handling.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QWidget

from ui.focus_ring import FocusRing

logger = logging.getLogger(__name__)


def takes_key_focus(widget: QWidget) -> bool:
    """Whether the widget accepts keyboard focus. Qt drops Tab focus from the unchecked
    buttons of an exclusive group (the header's languages) so Tab stops once per group; the
    keys here reach each of them anyway."""
    if isinstance(widget, QAbstractButton) and (widget.group() or widget.autoExclusive()):
        return widget.focusPolicy() != Qt.FocusPolicy.NoFocus or widget.isCheckable()
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def _has_candidates(widget: QWidget) -> bool:
    return any(
        child.isVisible() and child.isEnabled() and takes_key_focus(child)
        for child in widget.findChildren(QAbstractButton)
    )


def is_candidate(widget: QWidget) -> bool:
    """A widget the keys can reach: a visible, enabled button (or other widget taking Tab
    focus), or a scroll area whose content overflows but has no buttons of its own."""
    if not widget.isVisible() or not widget.isEnabled() or isinstance(widget, FocusRing):
        return False
    if isinstance(widget, QAbstractScrollArea):
        inner = getattr(widget, "widget", lambda: None)()
        return (
            widget.verticalScrollBar().maximum() > 0
            and inner is not None
            and not _has_candidates(inner)
        )
    return takes_key_focus(widget)


def scroll_ancestors(widget: QWidget, top: QWidget) -> list[QAbstractScrollArea]:
    areas = []
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QAbstractScrollArea):
            areas.append(parent)
        parent = parent.parentWidget()
    return areas


def layout_rects(widgets: list[QWidget], top: QWidget) -> dict[QWidget, QRect]:
    """Each widget's place on the page as if every scroll area were unrolled: content at its
    unscrolled position, everything below a scroll area pushed down by what it hides."""
    rects: dict[QWidget, QRect] = {}
    anchors: dict[QWidget, int] = {}
    overflow: list[tuple[int, int]] = []  # (viewport bottom, hidden height) per scroll area
    seen: set[int] = set()
    for widget in widgets:
        rect = QRect(widget.mapTo(top, widget.rect().topLeft()), widget.size())
        areas = scroll_ancestors(widget, top)
        for area in areas:
            rect.translate(area.horizontalScrollBar().value(), area.verticalScrollBar().value())
            if id(area) not in seen:
                seen.add(id(area))
                viewport = area.viewport()
                bottom = viewport.mapTo(top, viewport.rect().bottomLeft()).y()
                overflow.append((bottom, area.verticalScrollBar().maximum()))
        outermost = areas[-1] if areas else None
        anchors[widget] = (
            outermost.mapTo(top, outermost.rect().topLeft()).y() if outermost else rect.top()
        )
        rects[widget] = rect
    for widget, rect in rects.items():
        shift = sum(hidden for bottom, hidden in overflow if bottom <= anchors[widget] + 1)
        rect.translate(0, shift)
    return rects


def reading_rows(rects: dict[QWidget, QRect]) -> list[list[QWidget]]:
    """Rows top to bottom, each left to right: a widget joins a row when it starts above the
    middle of the row's first widget."""
    rows: list[list[QWidget]] = []
    first: QRect | None = None
    for widget in sorted(rects, key=lambda w: (rects[w].top(), rects[w].left())):
        rect = rects[widget]
        if first is not None and rect.top() < first.center().y():
            rows[-1].append(widget)
        else:
            rows.append([widget])
            first = rect
    return [sorted(row, key=lambda w: rects[w].left()) for row in rows]


def reading_order(rects: dict[QWidget, QRect], top: QWidget) -> list[QWidget]:
    """The widgets in reading order, block by block: the children of `top` that hold them are
    ordered by `reading_rows` of their bounding boxes, then each block inside the same way.

    Why blocks: an on-screen keyboard beside a result list is read key row by key row, then
    the list, not one key row, one result, the next key row."""

    def block(node: QWidget, members: list[QWidget]) -> list[QWidget]:
        if len(members) <= 1:
            return members
        groups: dict[QWidget, list[QWidget]] = {}
        for widget in members:
            child = widget
            parent = child.parentWidget()
            while parent is not None and parent is not node:
                child, parent = parent, parent.parentWidget()
            groups.setdefault(child, []).append(widget)
        if len(groups) == 1:
            ((child, inner),) = groups.items()
            if child not in rects:
                return block(child, inner)
        boxes: dict[QWidget, QRect] = {}
        for child, inner in groups.items():
            box = QRect(rects[inner[0]])
            for widget in inner[1:]:
                box = box.united(rects[widget])
            boxes[child] = box
        ordered: list[QWidget] = []
        for row in reading_rows(boxes):
            for child in row:
                inner = groups[child]
                if child in rects:  # a reachable widget holding others: itself first
                    ordered.append(child)
                    inner = [w for w in inner if w is not child]
                ordered += block(child, inner) if inner else []
        return ordered

    return block(top, list(rects))


def horizontal_distance(a: QRect, b: QRect) -> tuple[int, int]:
    gap = max(b.left() - a.right(), a.left() - b.right(), 0)
    return gap, abs(a.center().x() - b.center().x())
