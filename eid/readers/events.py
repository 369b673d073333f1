"""What the reader layer reports: small frozen values, safe to pass between threads."""

from __future__ import annotations

from dataclasses import dataclass

from eid.readers.cardkind import CardKind
from eid.readers.pcsc import ServiceState
from eid.readers.pinpad import PinPadFeatures


@dataclass(frozen=True)
class ServiceChanged:
    """pcscd became reachable or unreachable; `detail` is for logs and staff, not visitors."""

    state: ServiceState
    detail: str = ""


@dataclass(frozen=True)
class ReaderInfo:
    """A reader and what it can do; `features` None = could not be asked."""

    name: str
    features: PinPadFeatures | None = None

    @property
    def keypad(self) -> bool | None:
        """True: PIN is typed on the reader; None: unknown (see `combine_keypad`)."""
        return None if self.features is None else self.features.keypad


@dataclass(frozen=True)
class ReaderAdded:
    reader: ReaderInfo


@dataclass(frozen=True)
class ReaderRemoved:
    name: str


@dataclass(frozen=True)
class CardInserted:
    """A card lies on `reader`. The ATR identifies the chip type, not the person."""

    reader: str
    atr: bytes
    kind: CardKind
    reason: str = ""


@dataclass(frozen=True)
class CardRemoved:
    reader: str


ReaderEvent = ServiceChanged | ReaderAdded | ReaderRemoved | CardInserted | CardRemoved
