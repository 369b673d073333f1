"""Physical keys into on-screen pads: the PIN pad and the on-screen keyboard register here,
and `ui.navigation` sends typed characters to the one that is shown.

Why a registry and not a search for known classes: `ui` must not import the stations that
own a pad (the PIN pad lives in the eID station); a pad says itself that it takes keys.
Nothing typed passes through here except on its way into the pad; nothing is kept or logged.
"""

from __future__ import annotations

import logging
import weakref
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

logger = logging.getLogger(__name__)


@runtime_checkable
class TypingTarget(Protocol):
    """An on-screen pad that physical keys may type into (PIN pad, on-screen keyboard)."""

    def type_key(self, text: str) -> bool:
        """Take one typed character; False if this pad has no such key."""

    def erase_key(self) -> None:
        """Backspace."""

    def submit_key(self) -> None:
        """OK right after typing: what the pad's own confirm key does."""


_typing_targets: weakref.WeakSet[QWidget] = weakref.WeakSet()


def accept_typing(widget: QWidget) -> None:
    """Register an on-screen pad: while it is shown, physical keys type into it."""
    if not isinstance(widget, TypingTarget):
        raise TypeError(f"{type(widget).__name__} does not implement TypingTarget")
    _typing_targets.add(widget)


def shown_typing_target(scope: QWidget) -> QWidget | None:
    """The registered pad shown inside `scope` (the current screen), if there is one."""
    for target in list(_typing_targets):
        if isValid(target) and target.isVisible() and scope.isAncestorOf(target):
            return target
    return None
