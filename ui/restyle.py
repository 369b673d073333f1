"""Re-polish after a style property changed (the larger-text toggle): the page on screen at
once, every other page of the shell just before it is shown again.

Why: a dynamic property on an ancestor (``QWidget#shell[large="true"]``) only takes effect on
a widget when the style re-polishes it, and re-polishing all of the kiosk's widgets took
about 100 ms per toggle, most of them on pages nobody looks at (the eID station alone has a
dozen screens), and the privacy wipe toggles back for every visitor who used larger text.
A hidden page is re-polished as a whole while still hidden, right before the shell shows it,
so it is laid out once with the new sizes, exactly as when everything was re-polished at the
toggle (re-polishing a page while it is being shown would lay it out twice, and a scroll
area can then keep a scroll bar it would not have had).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from PySide6.QtWidgets import QWidget

logger = logging.getLogger(__name__)


def repolish(widget: QWidget) -> None:
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def repolish_tree(root: QWidget) -> int:
    """Re-polish ``root`` and every widget below it; how many."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        repolish(widget)
    return len(widgets)


class Restyler:
    """Re-polishes a window whose style property changed, deferring its hidden pages."""

    def __init__(self) -> None:
        self._stale: set[QWidget] = set()

    def restyle(self, root: QWidget, pages: Iterable[QWidget]) -> int:
        """Re-polish ``root`` except its hidden ``pages``, which stay stale until
        `before_show`; how many widgets were re-polished now."""
        hidden = [page for page in pages if not page.isVisible()]
        self._stale.update(hidden)
        deferred = {id(w) for page in hidden for w in (page, *page.findChildren(QWidget))}
        done = 0
        for widget in [root, *root.findChildren(QWidget)]:
            if id(widget) not in deferred:
                repolish(widget)
                done += 1
        return done

    def before_show(self, page: QWidget) -> None:
        """Call before ``page`` is shown: brings it up to date if it missed a restyle."""
        if page in self._stale:
            self._stale.discard(page)
            repolish_tree(page)
