"""A line under a scrolling area that says more follows below, while it does.

Why: a thin scroll bar is easy to miss on a touch screen (the walk-through found data
cut off "with no sign that the area scrolls"); this line is shown exactly while part of
the content lies below the visible area.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea

from ui.widgets import text_label

logger = logging.getLogger(__name__)


def more_below(scroller: QScrollArea) -> QLabel:
    """The hint label for `scroller`; set its text, place it under the area."""
    label = text_label("muted", wrap=False)
    label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    bar = scroller.verticalScrollBar()

    def refresh() -> None:
        label.setVisible(bar.maximum() > 0 and bar.value() < bar.maximum())

    bar.rangeChanged.connect(lambda _low, _high: refresh())
    bar.valueChanged.connect(lambda _value: refresh())
    refresh()
    return label
