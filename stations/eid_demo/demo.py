"""Screenshot states of the eID station: plain `ScreenState` values with demo data.

The data are the Mustermann test person of the AusweisApp Simulator; no workflow and no
SDK are involved. `EidController.present()` shows any of these values as they are.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace

from eid.commands import NumberKind
from eid.emulator.person import OPTIONAL_RIGHTS, REQUIRED_RIGHTS, self_disclosure
from eid.readers.cardkind import CardKind
from eid.selfauth import SelfAuthData, parse_self_auth
from eid.workflows.outcomes import OutcomeKind
from stations.eid_demo.flow import View
from stations.eid_demo.pin_rules import WeakReason
from stations.eid_demo.state import (
    ABOUT_PAGES,
    CardView,
    Entry,
    NumberView,
    RightsView,
    ScreenState,
    Stage,
)
from stations.eid_demo.texts import OUTCOME_KEYS, PIN_CHANGED

logger = logging.getLogger(__name__)

DEMO_READER = "Plietsch Emulator"  # the emulator's reader, as demo mode shows it

DEMO_RIGHTS = RightsView(
    provider="Stadt Flensburg – Selbstauskunft (Test)",
    purpose="Anzeige der eigenen Daten",
    required=REQUIRED_RIGHTS,
    optional=OPTIONAL_RIGHTS,
    enabled=OPTIONAL_RIGHTS[:1],
)


@dataclass(frozen=True)
class Screenshot:
    """One screenshot: its file name part, the state, and how the station is set around it."""

    name: str
    state: ScreenState
    showcase: bool = True  # the start screen as if eID were ready
    explained: bool = False  # the trainer's "Schritt für Schritt" panel is open
    person: bool = False  # `state` gets the test person's data when shown (`with_person`)


def mustermann() -> SelfAuthData:
    """The Simulator's test person as a `SelfAuthData` record (test data, not a person)."""
    return parse_self_auth(json.dumps(self_disclosure(REQUIRED_RIGHTS + OPTIONAL_RIGHTS)))


def number(view: NumberView) -> ScreenState:
    return ScreenState(view=View.ENTER_NUMBER, number=view, available=True)


def outcome(key: str) -> ScreenState:
    return ScreenState(view=View.OUTCOME, outcome=key, available=True)


def with_person(state: ScreenState) -> ScreenState:
    """`state` with a fresh test-person record: a shown record is wiped when it leaves."""
    return replace(state, data=mustermann())


def screenshots() -> list[Screenshot]:
    """Every screen with demo data."""
    ready = ScreenState(available=True)
    shots = [
        Screenshot("start-unavailable", ScreenState(), showcase=False),
        Screenshot("start", ready),
        *(
            Screenshot(f"about-{page + 1}", ScreenState(view=View.ABOUT, about_page=page))
            for page in range(ABOUT_PAGES)
        ),
        Screenshot("pin-choice", ScreenState(view=View.PIN_CHOICE, available=True)),
        Screenshot("no-pin-qr", ScreenState(view=View.NO_PIN, available=True)),
        Screenshot("transport-info", ScreenState(view=View.TRANSPORT_INFO, available=True)),
        Screenshot(
            "access-rights",
            ScreenState(view=View.ACCESS_RIGHTS, rights=DEMO_RIGHTS, available=True),
        ),
        Screenshot(
            "insert-card",
            ScreenState(view=View.INSERT_CARD, card=CardView(test_card_offered=True)),
        ),
        Screenshot(
            "insert-card-egk",
            ScreenState(
                view=View.INSERT_CARD,
                card=CardView(wrong_card=CardKind.EGK, test_card_offered=True),
            ),
        ),
        Screenshot("pin", number(NumberView(NumberKind.PIN))),
        Screenshot(
            "pin-wrong", number(NumberView(NumberKind.PIN, retry_counter=2, wrong_attempt=True))
        ),
        Screenshot("transport-pin", number(NumberView(NumberKind.TRANSPORT_PIN))),
        Screenshot("can", number(NumberView(NumberKind.CAN, retry_counter=1))),
        Screenshot("puk", number(NumberView(NumberKind.PUK, retry_counter=0))),
        Screenshot("new-pin", number(NumberView(NumberKind.NEW_PIN))),
        Screenshot("new-pin-repeat", number(NumberView(NumberKind.NEW_PIN, stage=Stage.REPEAT))),
        Screenshot(
            "weak-pin",
            ScreenState(
                view=View.WEAK_PIN, number=NumberView(NumberKind.NEW_PIN), weak=WeakReason.DATE
            ),
        ),
        Screenshot("new-pin-mismatch", number(NumberView(NumberKind.NEW_PIN, mismatch=True))),
        Screenshot("pin-on-reader", number(NumberView(NumberKind.PIN, entry=Entry.READER))),
        Screenshot("new-pin-on-reader", number(NumberView(NumberKind.NEW_PIN, entry=Entry.READER))),
        Screenshot("needs-keypad", ScreenState(view=View.NEEDS_KEYPAD, available=True)),
        Screenshot(
            "test-card-reader-only", number(NumberView(NumberKind.PIN, entry=Entry.CONFIRM))
        ),
        Screenshot("working", ScreenState(view=View.WORKING, percent=40, available=True)),
        Screenshot("pause", ScreenState(view=View.PAUSE, pause_reader=DEMO_READER)),
        Screenshot(
            "working-explained",
            ScreenState(view=View.WORKING, percent=40, available=True),
            explained=True,
        ),
        Screenshot(
            "result",
            ScreenState(view=View.RESULT, seconds_left=60, test_card=True, available=True),
            person=True,
        ),
        Screenshot(
            "pin-ready-qr",
            ScreenState(view=View.PIN_READY, outcome=PIN_CHANGED, available=True),
        ),
        Screenshot(
            "pin-ready-test-card-qr",
            ScreenState(view=View.PIN_READY, outcome=PIN_CHANGED, test_card=True),
        ),
        Screenshot("portal-qr", ScreenState(view=View.PORTAL, test_card=True, available=True)),
    ]
    for kind, suffix in OUTCOME_KEYS.items():
        if kind is not OutcomeKind.SUCCESS:
            name = "outcome-" + suffix.replace("_", "-")
            shots.append(Screenshot(name, outcome(f"eid.outcome.{suffix}")))
    return shots
