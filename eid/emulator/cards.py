"""Scriptable eID cards for the emulator's ``Plietsch Emulator`` reader.

A ``CardScript`` describes a card the way a tester thinks about it (its PIN, its retry
counter, whether it is blocked or vanishes mid-flow); ``Card`` is the live state of such a
card while the emulator runs. Like a real card, a ``Card`` remembers wrong PINs across
workflows; switching the script (``--card``, ``set_card``, the control endpoint) puts a
fresh card on the reader.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any

logger = logging.getLogger(__name__)

MAX_RETRIES = 3
DEFAULT_PIN = "123456"
DEFAULT_TRANSPORT_PIN = "12345"
DEFAULT_CAN = "654321"
DEFAULT_PUK = "1234567890"
KEYPAD_SUFFIX = "-keypad"


@dataclass(frozen=True)
class CardScript:
    """What the scripted card is like and how it behaves.

    ``present=False`` leaves the scripted reader empty, so workflows ask for a card
    (INSERT_CARD) exactly like the real AusweisApp with only its ``Simulator``.
    For keypad readers the visitor types on the pad, so the script says what is typed:
    ``pad_pins`` are the PIN entries of each workflow in order; once used up (and for
    CAN, PUK and new PIN always) the right value is typed.
    """

    name: str
    description: str
    present: bool = True
    keypad: bool = False
    pin: str = DEFAULT_PIN
    transport_pin: str | None = None
    can: str = DEFAULT_CAN
    puk: str = DEFAULT_PUK
    retry_counter: int = MAX_RETRIES
    deactivated: bool = False
    inoperative: bool = False
    removed_after_pin: bool = False
    slips_after_pin: bool = False  # loses contact during PACE: PAUSE on level 3 (2.2+)
    unknown_card: bool = False  # not an eID card: READER card {} on level 3, else null
    step_delay_ms: int = 0
    pad_pins: tuple[str, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        if not 0 <= self.retry_counter <= MAX_RETRIES:
            raise ValueError(f"retry_counter must be 0 to {MAX_RETRIES}, not {self.retry_counter}")
        if self.step_delay_ms < 0:
            raise ValueError("step_delay_ms must not be negative")

    def with_keypad(self) -> CardScript:
        return replace(self, name=self.name + KEYPAD_SUFFIX, keypad=True)


_WRONG = "000000"

_BASE_PRESETS: tuple[CardScript, ...] = (
    CardScript(
        "none",
        "no scripted card: only the Simulator gets a card (SET_CARD), like real AusweisApp",
        present=False,
    ),
    CardScript("good", f"working card, PIN {DEFAULT_PIN}"),
    CardScript(
        "transport",
        f"new card still on its Transport-PIN {DEFAULT_TRANSPORT_PIN}: PIN change works, "
        "authentication fails",
        transport_pin=DEFAULT_TRANSPORT_PIN,
    ),
    CardScript(
        "wrong-pin",
        f"every PIN but {DEFAULT_PIN} counts down: CAN {DEFAULT_CAN} at 1, "
        f"PUK {DEFAULT_PUK} at 0 (keypad variant: three wrong PINs are typed)",
        pad_pins=(_WRONG, _WRONG, _WRONG),
    ),
    CardScript("can", f"retry counter at 1: CAN {DEFAULT_CAN} first", retry_counter=1),
    CardScript("puk", f"retry counter at 0: PUK {DEFAULT_PUK} first", retry_counter=0),
    CardScript(
        "blocked",
        "PUK used up: after the right PUK the card shows inoperative and the workflow waits",
        retry_counter=0,
        inoperative=True,
    ),
    CardScript(
        "deactivated",
        "online function switched off: the workflow waits until the client cancels",
        deactivated=True,
    ),
    CardScript("removed", "card taken away right after the PIN is entered", removed_after_pin=True),
    CardScript(
        "slipping",
        "card loses contact after the PIN: PAUSE (BadCardPosition) on API level 3, lies "
        "still again 0.3 s later, the workflow goes on after CONTINUE",
        slips_after_pin=True,
    ),
    CardScript(
        "other-card",
        "a card that is no ID card (e.g. a bank card): READER card {} on level 3, null below; "
        "the workflow waits for an ID card",
        unknown_card=True,
    ),
    CardScript("slow", "working card, every card step takes 800 ms", step_delay_ms=800),
)

PRESETS: dict[str, CardScript] = {}
for _script in _BASE_PRESETS:
    PRESETS[_script.name] = _script
    if _script.present and not _script.unknown_card:
        PRESETS[_script.name + KEYPAD_SUFFIX] = _script.with_keypad()
PRESETS["keypad"] = replace(PRESETS["good-keypad"], name="keypad")
PRESETS["basic"] = replace(
    PRESETS["good"],
    name="basic",
    description=f"working card, PIN {DEFAULT_PIN}, on a reader without keypad",
)

DEFAULT_PRESET = "none"


def card_script(name: str) -> CardScript:
    """The preset called ``name``; ``ValueError`` lists the known ones otherwise."""
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(PRESETS)
        raise ValueError(f"unknown card preset {name!r}; known presets: {known}") from None


def resolve(card: str | CardScript) -> CardScript:
    return card if isinstance(card, CardScript) else card_script(card)


def presets_help() -> str:
    return "\n".join(f"  {name:<22} {script.description}" for name, script in PRESETS.items())


class Card:
    """The live scripted card: its counter and PIN change as workflows use it."""

    def __init__(self, script: CardScript) -> None:
        self.script = script
        self.retry_counter = script.retry_counter
        self.pin = script.pin
        self.transport_pin = script.transport_pin
        self.inoperative_revealed = False

    @property
    def deactivated(self) -> bool:
        return self.script.deactivated

    def to_json(self) -> dict[str, Any]:
        return {
            "deactivated": self.script.deactivated,
            "inoperative": self.inoperative_revealed,
            "retryCounter": self.retry_counter,
        }

    def check_pin(self, value: str) -> bool:
        """PACE with a PIN: right resets the counter, wrong counts down (never below 0)."""
        right = self.transport_pin if self.transport_pin is not None else self.pin
        if value == right:
            self.retry_counter = MAX_RETRIES
            return True
        self.retry_counter = max(0, self.retry_counter - 1)
        logger.info("scripted card: wrong PIN, retry counter now %d", self.retry_counter)
        return False

    def check_can(self, value: str) -> bool:
        return value == self.script.can

    def check_puk(self, value: str) -> bool:
        """Right PUK unblocks, unless the card is inoperative (then it only shows that)."""
        if value != self.script.puk:
            return False
        if self.script.inoperative:
            self.inoperative_revealed = True
        else:
            self.retry_counter = MAX_RETRIES
        return True

    def change_pin(self, new_pin: str) -> None:
        self.pin = new_pin
        self.transport_pin = None

    def typed_value(self, kind: str, pin_attempt: int) -> str:
        """What the visitor types on a keypad reader for ``kind`` (PIN, CAN, PUK, NEW_PIN)."""
        if kind == "PIN":
            if pin_attempt < len(self.script.pad_pins):
                return self.script.pad_pins[pin_attempt]
            return self.transport_pin if self.transport_pin is not None else self.pin
        if kind == "CAN":
            return self.script.can
        if kind == "PUK":
            return self.script.puk
        return self.pin
