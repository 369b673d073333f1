"""What the eID station shows, as one immutable value: `ScreenState`.

Why one value: the controller decides, the station only draws. A screen never reads a
request or a workflow; it gets this state, which carries no number the visitor typed.
Screenshots and tests build the same values by hand (`stations.eid_demo.demo`).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field

from eid.commands import NumberKind
from eid.readers.cardkind import CardKind
from eid.selfauth import SelfAuthData
from stations.eid_demo.flow import View
from stations.eid_demo.pin_rules import WeakReason

logger = logging.getLogger(__name__)

ABOUT_PAGES = 4  # "Was ist der Online-Ausweis?": what for, four numbers, wrong PIN, no letter


class Entry(enum.Enum):
    """How the number of the current request is entered: the one keypad decision."""

    PAD = "pad"  # on-screen pad; the value goes to AusweisApp
    DEMO_PAD = "demo-pad"  # test card: the pad shows how it works, no value is sent
    READER = "reader"  # keypad reader: typed on the reader, the kiosk never sees it
    CONFIRM = "confirm"  # test card with reader-only entry: no pad, "Weiter" is enough
    NEEDS_KEYPAD = "needs-keypad"  # reader-only entry, but the card lies on a basic reader


def entry_for(*, keypad: bool, simulator: bool, reader_only: bool) -> Entry:
    """The keypad rule, once: who types the number, and whether the kiosk may see it."""
    if simulator:
        return Entry.CONFIRM if reader_only else Entry.DEMO_PAD
    if keypad:
        return Entry.READER
    return Entry.NEEDS_KEYPAD if reader_only else Entry.PAD


class Stage(enum.Enum):
    """Where the visitor is within one number request (the new PIN is typed twice)."""

    FIRST = "first"
    REPEAT = "repeat"


@dataclass(frozen=True)
class NumberView:
    """What the number screen shows for one request (never the number itself).

    `request` counts entries (requests, and a new start after a weak PIN), so two alike
    entries in a row still get a fresh pad.
    """

    kind: NumberKind
    entry: Entry = Entry.PAD
    retry_counter: int | None = None
    wrong_attempt: bool = False
    mismatch: bool = False
    stage: Stage = Stage.FIRST
    request: int = 0

    @property
    def pad_shown(self) -> bool:
        return self.entry in {Entry.PAD, Entry.DEMO_PAD}

    @property
    def test_card(self) -> bool:
        return self.entry in {Entry.DEMO_PAD, Entry.CONFIRM}


@dataclass(frozen=True)
class RightsView:
    """The provider's own words (certificate) and the rights it asks for (SDK names)."""

    provider: str = ""
    purpose: str = ""
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    enabled: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardView:
    wrong_card: CardKind | None = None
    no_reader: bool = False
    test_card_offered: bool = False


@dataclass(frozen=True)
class ScreenState:
    """Everything the station draws for the current view.

    `data` is the only personal part; the controller wipes it and publishes a state
    without it when the result ends.
    """

    view: View = View.START
    available: bool = False
    self_disclosure: bool = True
    rights: RightsView = field(default_factory=RightsView)
    card: CardView = field(default_factory=CardView)
    number: NumberView = field(default_factory=lambda: NumberView(NumberKind.PIN))
    weak: WeakReason | None = None  # why the new PIN's first entry is easy to guess
    percent: int | None = None
    fetching: bool = False
    data: SelfAuthData | None = None
    seconds_left: int = 0
    outcome: str = ""
    pause_reader: str = ""  # the reader the card lost contact with ("" when unknown)
    test_card: bool = False
    emulated: bool = False
    about_page: int = 0  # the explainer's page, from 0
    workflow_running: bool = False  # e.g. still cancelling: a new start has to wait

    @property
    def test_data(self) -> bool:
        """Shown data come from a test card (the Simulator, or the emulator's card)."""
        return self.test_card or self.emulated
