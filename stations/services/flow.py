"""The online-service station's screens and moves, as plain data (no widgets).

menu → overview → needs → step 1 … step n → hand-off (QR). "Zum Handy" jumps from the
overview straight to the hand-off; "Zurück" from the hand-off returns to wherever the
visitor came from (the flow's RESUME target).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject

from kiosk.content import Service
from kiosk.flow import RESUME, Machine

logger = logging.getLogger(__name__)


class View(Enum):
    MENU = "menu"
    OVERVIEW = "overview"
    NEEDS = "needs"
    STEP = "step"
    HANDOFF = "qr"


class Go(Enum):
    OPEN = "open"  # a service tile
    NEXT = "next"  # the primary button of a screen
    STEP_NEXT = "step_next"  # to the next step (not the last one)
    STEP_BACK = "step_back"  # to the previous step (not the first one)
    TO_PHONE = "to_phone"  # straight to the hand-off
    BACK = "back"


TABLE: dict[tuple[Enum, Enum], Enum] = {
    (View.MENU, Go.OPEN): View.OVERVIEW,
    (View.OVERVIEW, Go.NEXT): View.NEEDS,
    (View.OVERVIEW, Go.TO_PHONE): View.HANDOFF,
    (View.OVERVIEW, Go.BACK): View.MENU,
    (View.NEEDS, Go.NEXT): View.STEP,
    (View.NEEDS, Go.BACK): View.OVERVIEW,
    (View.STEP, Go.STEP_NEXT): View.STEP,
    (View.STEP, Go.STEP_BACK): View.STEP,
    (View.STEP, Go.NEXT): View.HANDOFF,
    (View.STEP, Go.BACK): View.NEEDS,
    (View.HANDOFF, Go.BACK): RESUME,
}


@dataclass
class Position:
    """Which service and which step the visitor is looking at (nothing personal)."""

    service: Service | None = None
    step: int = 0


class ServiceFlow(QObject):
    """The machine plus the position; every move goes through `TABLE`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.machine = Machine(TABLE, View.MENU, self)
        self.position = Position()

    @property
    def view(self) -> View:
        state = self.machine.state
        assert isinstance(state, View)
        return state

    def open(self, service: Service) -> None:
        if self.machine.can(Go.OPEN):
            self.position = Position(service, 0)
            self.machine.fire(Go.OPEN)

    def next(self) -> None:
        """The screen's primary action."""
        service = self.position.service
        if self.view is View.NEEDS:
            self.position.step = 0
            if service is not None and not service.steps:
                self.machine.fire(Go.NEXT)
                self.machine.fire(Go.NEXT)
                return
        has_more = service is not None and self.position.step + 1 < len(service.steps)
        if self.view is View.STEP and has_more:
            self.position.step += 1
            self.machine.fire(Go.STEP_NEXT)
            return
        self.machine.fire(Go.NEXT)

    def to_phone(self) -> None:
        self.machine.fire(Go.TO_PHONE)

    def back(self) -> bool:
        """One screen back; False at the service menu."""
        if self.view is View.MENU:
            return False
        if self.view is View.STEP and self.position.step > 0:
            self.position.step -= 1
            return self.machine.fire(Go.STEP_BACK)
        return self.machine.fire(Go.BACK)

    def reset(self) -> None:
        self.position = Position()
        self.machine.reset()
