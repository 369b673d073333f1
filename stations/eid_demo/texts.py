"""Plain-word mappings for the eID station: SDK names, outcomes and data fields to i18n keys.

Pure functions without Qt, so the wording rules (never a raw code in front of a visitor,
a cause and a fix for every ending) are tested without a display.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from eid.commands import NumberKind
from eid.messages import ACCESS_RIGHT_NAMES
from eid.readers.cardkind import CardKind
from eid.selfauth import SelfAuthData
from eid.workflows.outcomes import Outcome, OutcomeKind

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
    OutcomeKind.UNKNOWN: "unknown",
}
OUTCOME_PARTS = ("title", "cause", "fix")


def outcome_key(outcome: Outcome, *, pin_change: bool) -> str:
    """Catalog prefix for an outcome; a successful PIN change has its own words."""
    if outcome.kind is OutcomeKind.SUCCESS and pin_change:
        return "eid.outcome.pin_changed"
    return f"eid.outcome.{OUTCOME_KEYS.get(outcome.kind, 'unknown')}"


def number_key(kind: NumberKind) -> str:
    """Catalog prefix for a number request: ``eid.number.<kind>.title|hint``."""
    return f"eid.number.{kind.value.lower()}"


def wrong_card_key(kind: CardKind | None) -> str | None:
    """Message for a card that cannot do the online ID; None when it can or is unknown."""
    if kind in {CardKind.EGK, CardKind.PAYMENT, CardKind.PASSPORT, CardKind.UNKNOWN}:
        return f"eid.card.wrong.{kind.value}"
    return None


_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def format_date(value: str, language: str) -> str:
    """ "1964-08-12+01:00" -> "12.08.1964" (de, da) or "12/08/1964" (en); other text as is."""
    match = _ISO_DATE.match(value)
    if match is None:
        return value
    year, month, day = match.groups()
    separator = "/" if language == "en" else "."
    return separator.join((day, month, year))


@dataclass(frozen=True)
class DataRow:
    """One line of the result card: catalog key of the label and the value to show."""

    label_key: str
    value: str


def data_rows(data: SelfAuthData, language: str) -> list[DataRow]:
    """The visitor's data in reading order; empty fields are left out."""
    rows: list[DataRow] = []
    name = " ".join(part for part in (data.academic_title, data.given_names) if part)
    candidates = [
        ("eid.data.given_names", name),
        ("eid.data.family_names", data.family_names),
        ("eid.data.birth_name", data.birth_name),
        ("eid.data.artistic_name", data.artistic_name),
        ("eid.data.date_of_birth", format_date(data.date_of_birth, language)),
        ("eid.data.place_of_birth", data.place_of_birth.text() if data.place_of_birth else ""),
        (
            "eid.data.address",
            data.place_of_residence.text() if data.place_of_residence else "",
        ),
        ("eid.data.nationality", data.nationality),
        ("eid.data.document_type", data.document_type),
        ("eid.data.issuing_state", data.issuing_state),
        ("eid.data.valid_until", format_date(data.date_of_expiry, language)),
    ]
    for key, value in candidates:
        if value:
            rows.append(DataRow(key, value))
    return rows
