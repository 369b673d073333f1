"""A tiny table-driven state machine shared by the eID workflows.

The transitions are a plain dict ``{(state, event): next_state}`` so that each workflow's
flow can be read in one place and unit-tested without a socket or a Qt event loop. An
event that has no entry for the current state is refused (``fire`` returns ``None``)
and logged: a late or unexpected SDK message must never move the flow somewhere odd.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)

StateT = TypeVar("StateT", bound=enum.Enum)
EventT = TypeVar("EventT", bound=enum.Enum)

TransitionTable = Mapping[tuple[StateT, EventT], StateT]


class Machine(Generic[StateT, EventT]):
    """Holds the current state and moves it only along the table."""

    def __init__(self, name: str, table: TransitionTable[StateT, EventT], initial: StateT) -> None:
        self._name = name
        self._table = dict(table)
        self._initial = initial
        self._state = initial

    @property
    def state(self) -> StateT:
        return self._state

    def can_fire(self, event: EventT) -> bool:
        return (self._state, event) in self._table

    def fire(self, event: EventT) -> StateT | None:
        """Move along the table; ``None`` (and a log line) when the event does not apply."""
        target = self._table.get((self._state, event))
        if target is None:
            logger.debug("%s: %s ignored in state %s", self._name, event.name, self._state.name)
            return None
        if target is not self._state:
            logger.debug("%s: %s -> %s (%s)", self._name, self._state.name, target.name, event.name)
        self._state = target
        return target

    def force(self, state: StateT, why: str) -> None:
        """Jump outside the table; only for ending a workflow whatever its state."""
        if state is not self._state:
            logger.debug("%s: %s -> %s (forced: %s)", self._name, self._state.name, state.name, why)
        self._state = state

    def reset(self) -> None:
        self._state = self._initial


def reachable_states(table: TransitionTable[StateT, EventT], initial: StateT) -> set[StateT]:
    """Every state the table can reach from ``initial`` (used by tests to find dead rows)."""
    seen = {initial}
    frontier = [initial]
    while frontier:
        current = frontier.pop()
        for (source, _event), target in table.items():
            if source is current and target not in seen:
                seen.add(target)
                frontier.append(target)
    return seen
