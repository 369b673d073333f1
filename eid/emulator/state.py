"""State the emulator keeps across connections: the AusweisApp version it plays, API level,
the scripted card, readers and the self-disclosure answers that are waiting to be fetched.

All of it is touched only from the server's event-loop thread.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from eid.emulator.cards import MAX_RETRIES, Card, CardScript
from eid.emulator.versions import DEFAULT_PROFILE, SdkProfile, sdk_profile

logger = logging.getLogger(__name__)

SIMULATOR_READER = "Simulator"
SCRIPTED_READER = "Plietsch Emulator"
MAX_PENDING_DISCLOSURES = 16
SELFAUTH_PATH = "/selfauth/"


class SimulatorCard(Card):
    """AusweisApp 1.26.2's Simulator card: any PIN works and the counter stays at 3."""

    def __init__(self) -> None:
        super().__init__(CardScript(SIMULATOR_READER, "AusweisApp Simulator card", keypad=True))

    def check_pin(self, value: str) -> bool:
        self.retry_counter = MAX_RETRIES
        return True

    def check_can(self, value: str) -> bool:
        return True

    def check_puk(self, value: str) -> bool:
        return True


@dataclass
class Readers:
    """The two readers of the emulator and which of them holds a card right now."""

    scripted: Card
    simulator_card: SimulatorCard | None = None
    scripted_card_in: bool = False
    level: int = 2  # the API level decides how a non-eID card shows: {} (3) or null

    def usable(self, name: str) -> bool:
        """An eID card lies on ``name`` (a non-eID card does not count)."""
        card = self.card_on(name)
        return card is not None and not card.script.unknown_card

    def card_on(self, name: str) -> Card | None:
        if name == SIMULATOR_READER:
            return self.simulator_card
        if name == SCRIPTED_READER and self.scripted_card_in:
            return self.scripted
        return None

    def keypad(self, name: str) -> bool:
        return True if name == SIMULATOR_READER else self.scripted.script.keypad

    def describe(self, name: str) -> dict[str, Any] | None:
        """The READER object the SDK sends for ``name``; None for an unknown reader."""
        if name not in (SIMULATOR_READER, SCRIPTED_READER):
            return None
        card = self.card_on(name)
        shown: dict[str, Any] | None = None
        if card is not None and card.script.unknown_card:
            shown = {} if self.level >= 3 else None
        elif card is not None:
            shown = card.to_json()
        return {
            "attached": True,
            "card": shown,
            "insertable": name == SIMULATOR_READER,
            "keypad": self.keypad(name),
            "name": name,
        }

    def all(self) -> list[dict[str, Any]]:
        return [
            reader
            for name in (SIMULATOR_READER, SCRIPTED_READER)
            if (reader := self.describe(name)) is not None
        ]

    def remove_all(self) -> list[str]:
        """Take every card away (end of a workflow); returns the readers that changed."""
        changed = []
        if self.simulator_card is not None:
            self.simulator_card = None
            changed.append(SIMULATOR_READER)
        if self.scripted_card_in:
            self.scripted_card_in = False
            changed.append(SCRIPTED_READER)
        return changed


class EmulatorState:
    """Everything that outlives one client connection."""

    def __init__(
        self, script: CardScript, delay_ms: int = 0, profile: str | SdkProfile = DEFAULT_PROFILE
    ) -> None:
        self.profile = sdk_profile(profile)
        self.delay_ms = delay_ms
        self.readers = Readers(scripted=Card(script))
        self.api_level = self.profile.default_level  # persists across reconnects, as in 1.26.2
        self.host = "127.0.0.1"
        self.port = 0
        self._disclosures: OrderedDict[str, tuple[str, ...]] = OrderedDict()

    @property
    def api_level(self) -> int:
        return self.readers.level

    @api_level.setter
    def api_level(self, level: int) -> None:
        self.readers.level = level

    @property
    def script(self) -> CardScript:
        return self.readers.scripted.script

    def set_card(self, script: CardScript) -> None:
        """Put a fresh card of ``script`` on the scripted reader (a running workflow keeps
        the card it already uses)."""
        in_use = self.readers.scripted_card_in
        self.readers.scripted = Card(script)
        self.readers.scripted_card_in = in_use and script.present
        logger.info("scripted card is now %r", script.name)

    @property
    def url_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def base_http_url(self) -> str:
        return f"http://{self.url_host}:{self.port}"

    def is_own_url(self, host: str | None, port: int | None) -> bool:
        return host in {"127.0.0.1", "localhost", "::1"} and port == self.port

    def issue_disclosure(self, effective_rights: tuple[str, ...]) -> str:
        """Remember what the visitor allowed; the returned refID fetches it once."""
        ref_id = secrets.token_urlsafe(18)
        self._disclosures[ref_id] = effective_rights
        while len(self._disclosures) > MAX_PENDING_DISCLOSURES:
            self._disclosures.popitem(last=False)
        return ref_id

    def take_disclosure(self, ref_id: str) -> tuple[str, ...] | None:
        return self._disclosures.pop(ref_id, None)

    def disclosure_url(self, ref_id: str) -> str:
        return f"{self.base_http_url}{SELFAUTH_PATH}{ref_id}?mode=json"
