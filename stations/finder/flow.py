"""The finder's screens and moves, as plain data: search → result → hand-off (QR code)."""

from __future__ import annotations

import logging
from enum import Enum

from kiosk.flow import Machine

logger = logging.getLogger(__name__)


class View(Enum):
    SEARCH = "search"
    DETAIL = "detail"
    HANDOFF = "qr"


class Go(Enum):
    OPEN = "open"  # a result was tapped
    TO_PHONE = "to_phone"
    BACK = "back"


TABLE: dict[tuple[Enum, Enum], Enum] = {
    (View.SEARCH, Go.OPEN): View.DETAIL,
    (View.DETAIL, Go.OPEN): View.DETAIL,  # a second tap while the screen changes
    (View.DETAIL, Go.TO_PHONE): View.HANDOFF,
    (View.DETAIL, Go.BACK): View.SEARCH,  # the query and its results are still there
    (View.HANDOFF, Go.BACK): View.DETAIL,
}


def finder_machine() -> Machine:
    return Machine(TABLE, View.SEARCH)
