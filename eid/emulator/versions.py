"""The AusweisApp versions the emulator can behave like, as data.

Each profile lists only what differs between versions as recorded from the real ones
(``tests/eid/transcripts/<version>/``) and documented in the AusweisApp release notes:
names and INFO, API levels and the default level, ``reason`` codes on final messages,
CONTINUE, the order of the last frames of a PIN change, and the Origin check of 2.5.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SdkProfile:
    """How one AusweisApp version speaks the SDK."""

    key: str  # what --sdk-version takes
    version: str  # INFO Implementation-Version
    binary: str  # program name, also the stem of its port file
    specification: tuple[str, str]  # INFO Specification-Title, -Version
    api_levels: tuple[int, ...]
    reasons: bool  # failure ``reason`` codes on AUTH and CHANGE_PIN (1.26.4+)
    refuses_origin: bool  # HTTP 403 for a handshake with an Origin header (2.5.0+)
    status_during_change_pin: bool  # STATUS pushed after SET_PIN in RUN_CHANGE_PIN (2.x)
    final_before_card_removal: bool  # a CHANGE_PIN success before READER card:null (2.x)

    @property
    def default_level(self) -> int:
        """A fresh AusweisApp starts at its newest level (1.26: 2, 2.2+: 3)."""
        return max(self.api_levels)

    @property
    def server_header(self) -> str:
        return f"{self.binary}/{self.version} (Plietsch SDK emulator)"


_V1 = SdkProfile(
    key="1.26.2",
    version="1.26.2",
    binary="AusweisApp2",
    specification=("TR-03124", "1.3"),
    api_levels=(1, 2),
    reasons=False,
    refuses_origin=False,
    status_during_change_pin=False,
    final_before_card_removal=False,
)
_V23 = SdkProfile(
    key="2.3",
    version="2.3.1",
    binary="AusweisApp",
    specification=("TR-03124-1", "1.4"),
    api_levels=(1, 2, 3),
    reasons=True,
    refuses_origin=False,
    status_during_change_pin=True,
    final_before_card_removal=True,
)
# 2.5 as 2.3 (the recorded one), plus the Origin check of 2.5.0
_V25 = replace(_V23, key="2.5", version="2.5.3", refuses_origin=True)

PROFILES: dict[str, SdkProfile] = {p.key: p for p in (_V1, _V23, _V25)}
DEFAULT_PROFILE = "1.26.2"


def sdk_profile(key: str | SdkProfile) -> SdkProfile:
    """The profile for ``--sdk-version`` ``key``; ``ValueError`` names the known ones."""
    if isinstance(key, SdkProfile):
        return key
    try:
        return PROFILES[key]
    except KeyError:
        known = ", ".join(PROFILES)
        raise ValueError(f"unknown SDK version {key!r}; known: {known}") from None
