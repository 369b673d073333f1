"""Plain-word mappings for the eID station: SDK names, outcomes and data fields to i18n keys.

Pure functions without Qt, so the wording rules (never a raw code in front of a visitor,
a cause and a fix for every ending) are tested without a display.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from eid.commands import NumberKind
from eid.messages import ACCESS_RIGHT_NAMES
from eid.readers.cardkind import CardKind
from eid.workflows.outcomes import Outcome, OutcomeKind
from stations.eid_demo.flow import View
from stations.eid_demo.state import ScreenState

logger = logging.getLogger(__name__)

#: SDK access-right names; each has a plain-word key ``eid.rights.<name>`` in every catalog.
KNOWN_RIGHTS = ACCESS_RIGHT_NAMES

Translate = Callable[[str], str]


def right_text(tr: Translate, right: str) -> str:
    """ "FamilyName" -> "Familienname"; an unknown right keeps its SDK name (still readable)."""
    if right in KNOWN_RIGHTS:
        return tr(f"eid.rights.{right}")
    logger.info("access right %r has no plain-word text", right)
    return right


#: Placeholders for the start screen's tile names, so a text that says "choose ..." always
#: names a tile that exists, in the visitor's language.
TILE_KEYS = {
    "show_data_tile": "eid.start.show_data.title",
    "change_pin_tile": "eid.start.change_pin.title",
    "test_card_tile": "eid.start.test_card.title",
    "no_pin_tile": "eid.start.no_pin.title",
}


def tile_names(tr: Translate) -> dict[str, str]:
    return {name: tr(key) for name, key in TILE_KEYS.items()}


#: Outcome kind -> suffix of ``eid.outcome.<suffix>.title|cause|fix``.
OUTCOME_KEYS: dict[OutcomeKind, str] = {
    OutcomeKind.SUCCESS: "success",
    OutcomeKind.CANCELLED: "cancelled",
    OutcomeKind.WRONG_PIN: "wrong_pin",
    OutcomeKind.BLOCKED: "blocked",
    OutcomeKind.DEACTIVATED: "deactivated",
    OutcomeKind.CARD_REMOVED: "card_removed",
    OutcomeKind.NETWORK_ERROR: "network_error",
    OutcomeKind.SERVICE_ERROR: "service_error",
    OutcomeKind.DISCONNECTED: "disconnected",
    OutcomeKind.TIMED_OUT: "timed_out",
    OutcomeKind.UNKNOWN: "unknown",
}
OUTCOME_PARTS = ("title", "cause", "fix")


#: A successful PIN change ends on its own screen (`View.PIN_READY`), not with outcome texts.
PIN_CHANGED = "pin-changed"


def outcome_key(outcome: Outcome, *, pin_change: bool) -> str:
    """Catalog prefix for an outcome; a successful PIN change has its own words."""
    if outcome.kind is OutcomeKind.SUCCESS and pin_change:
        return PIN_CHANGED
    return f"eid.outcome.{OUTCOME_KEYS.get(outcome.kind, 'unknown')}"


def number_key(kind: NumberKind) -> str:
    """Catalog prefix for a number request: ``eid.number.<kind>.title|hint``."""
    return f"eid.number.{kind.value.lower()}"


def wrong_card_key(kind: CardKind | None) -> str | None:
    """Message for a card that cannot do the online ID; None when it can or is unknown."""
    if kind in {CardKind.EGK, CardKind.PAYMENT, CardKind.PASSPORT, CardKind.UNKNOWN}:
        return f"eid.card.wrong.{kind.value}"
    return None


#: Endings after which "Noch einmal versuchen" makes sense (the same card, the same way).
RETRY_KEYS = frozenset(
    f"eid.outcome.{suffix}"
    for suffix in (
        "cancelled",
        "wrong_pin",
        "card_removed",
        "network_error",
        "service_error",
        "timed_out",
        "unknown",
    )
)

#: Endings only the citizen office can mend: the screen leads to its page (QR, opening hours).
OFFICE_KEYS = frozenset(("eid.outcome.blocked", "eid.outcome.deactivated"))

#: What the new PIN, the CAN and the PUK do differ from what the PIN does: own explanations.
_NUMBER_EXPLAIN = {
    NumberKind.NEW_PIN: "new_pin",
    NumberKind.CAN: "can",
    NumberKind.PUK: "puk",
}


def explain_key(state: ScreenState) -> str:
    """The trainer panel's text for what the screen shows now (not only which screen)."""
    view = state.view
    if view is View.ENTER_NUMBER and state.number.kind in _NUMBER_EXPLAIN:
        return "eid.explain." + _NUMBER_EXPLAIN[state.number.kind]
    return "eid.explain." + view.value.replace("-", "_")
