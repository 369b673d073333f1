"""Navigation as small state machines whose transitions are plain data.

Why: the flow of a kiosk must be predictable and testable without a display. Screens emit
intents; a `Machine` looks up `(state, intent)` in a dict and moves, or logs and ignores an
intent that makes no sense in the current state (a double tap, a late timer).
Stations reuse `Machine` with their own enums and tables.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from enum import Enum
from typing import Final

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)


class Resume(Enum):
    """Target meaning "back to the state we were in before" (for overlays)."""

    PREVIOUS = "previous"


RESUME: Final = Resume.PREVIOUS

Table = Mapping[tuple[Enum, Enum], Enum]


class Machine(QObject):
    """A state machine over one enum of states and one enum of intents.

    Signals:
        changed(old, new): after every accepted transition.
        ignored(state, intent): an intent that has no transition in the current state.
    """

    changed = Signal(object, object)
    ignored = Signal(object, object)

    def __init__(self, table: Table, initial: Enum, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table = dict(table)
        self._initial = initial
        self._state = initial
        self._before_overlay: Enum = initial
        self._overlays = {state for (state, _), target in self._table.items() if target is RESUME}

    @property
    def state(self) -> Enum:
        return self._state

    def can(self, intent: Enum) -> bool:
        return (self._state, intent) in self._table

    def fire(self, intent: Enum) -> bool:
        """Apply `intent`; returns whether the state machine accepted it."""
        target = self._table.get((self._state, intent))
        if target is None:
            logger.info("flow: %s ignored in %s", intent.name, self._state.name)
            self.ignored.emit(self._state, intent)
            return False
        if target is RESUME:
            target = self._before_overlay
        elif target in self._overlays and self._state not in self._overlays:
            self._before_overlay = self._state
        self._move(target)
        return True

    def reset(self) -> None:
        """Straight back to the initial state (privacy wipe, errors)."""
        self._move(self._initial)

    def _move(self, target: Enum) -> None:
        old = self._state
        self._state = target
        if old is not target:
            logger.debug("flow: %s -> %s", old.name, target.name)
        self.changed.emit(old, target)


class Shell(Enum):
    """The screens of the shell. STATION means: a station shows its own screens.

    There is no language screen: the attract screen offers the languages ("Start in English"),
    a tap anywhere else starts in the station's default language, and during the visit the
    header's language buttons switch in place. One place to choose, one to change.
    """

    ATTRACT = "attract"
    MENU = "menu"
    STATION = "station"
    IDLE_WARNING = "idle_warning"


class Intent(Enum):
    TOUCH = "touch"  # a tap on the attract loop (starts in the default language)
    CHOOSE_LANGUAGE = "choose_language"  # a language button (attract screen or header)
    OPEN_STATION = "open_station"
    BACK = "back"  # the station had nothing left to go back to
    DONE = "done"  # "Fertig – nächste Person"
    IDLE = "idle"  # no touch for the configured time
    CONTINUE = "continue"  # one tap on the idle warning
    TIMEOUT = "timeout"  # the idle countdown ran out
    ERROR = "error"  # an unhandled error: reset for safety


_IN_SESSION = (Shell.MENU, Shell.STATION)

SHELL_TABLE: dict[tuple[Enum, Enum], Enum] = {
    (Shell.ATTRACT, Intent.TOUCH): Shell.MENU,
    (Shell.ATTRACT, Intent.CHOOSE_LANGUAGE): Shell.MENU,
    (Shell.MENU, Intent.CHOOSE_LANGUAGE): Shell.MENU,
    (Shell.MENU, Intent.OPEN_STATION): Shell.STATION,
    (Shell.MENU, Intent.BACK): Shell.ATTRACT,
    (Shell.STATION, Intent.CHOOSE_LANGUAGE): Shell.STATION,
    (Shell.STATION, Intent.BACK): Shell.MENU,
    (Shell.IDLE_WARNING, Intent.CONTINUE): RESUME,
    (Shell.IDLE_WARNING, Intent.TIMEOUT): Shell.ATTRACT,
    (Shell.IDLE_WARNING, Intent.DONE): Shell.ATTRACT,
    (Shell.IDLE_WARNING, Intent.ERROR): Shell.ATTRACT,
}
for _state in _IN_SESSION:
    SHELL_TABLE[(_state, Intent.DONE)] = Shell.ATTRACT
    SHELL_TABLE[(_state, Intent.IDLE)] = Shell.IDLE_WARNING
    SHELL_TABLE[(_state, Intent.ERROR)] = Shell.ATTRACT
SHELL_TABLE[(Shell.ATTRACT, Intent.ERROR)] = Shell.ATTRACT


def shell_machine(parent: QObject | None = None) -> Machine:
    return Machine(SHELL_TABLE, Shell.ATTRACT, parent)
