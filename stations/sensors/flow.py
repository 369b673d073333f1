"""The station's screens and moves, as plain data: an overview and one detail per source.

overview → air | workshop | water (tap a card); "Zurück" from a detail → overview.
"""

from __future__ import annotations

import logging
from enum import Enum

from PySide6.QtCore import QObject

from kiosk.flow import Machine

logger = logging.getLogger(__name__)


class View(Enum):
    OVERVIEW = "overview"
    AIR = "air"
    WORKSHOP = "workshop"
    WATER = "water"


class Go(Enum):
    OPEN_AIR = "open_air"
    OPEN_WORKSHOP = "open_workshop"
    OPEN_WATER = "open_water"
    BACK = "back"


TABLE: dict[tuple[Enum, Enum], Enum] = {
    (View.OVERVIEW, Go.OPEN_AIR): View.AIR,
    (View.OVERVIEW, Go.OPEN_WORKSHOP): View.WORKSHOP,
    (View.OVERVIEW, Go.OPEN_WATER): View.WATER,
    (View.AIR, Go.BACK): View.OVERVIEW,
    (View.WORKSHOP, Go.BACK): View.OVERVIEW,
    (View.WATER, Go.BACK): View.OVERVIEW,
}

OPEN = {View.AIR: Go.OPEN_AIR, View.WORKSHOP: Go.OPEN_WORKSHOP, View.WATER: Go.OPEN_WATER}


def sensors_machine(parent: QObject | None = None) -> Machine:
    return Machine(TABLE, View.OVERVIEW, parent)


def view_of(machine: Machine) -> View:
    state = machine.state
    assert isinstance(state, View)
    return state
