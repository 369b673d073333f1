"""The slice of PC/SC the reader layer uses, as plain Python, without pyscard.

The worker talks to a `PcscContext` made by an injected factory: in production
`eid.readers.pyscard_backend.open_context` (pyscard over pcscd), in unit tests a
scripted fake. Result codes and state flags are the numeric values of the PC/SC
specification (identical in pcsc-lite and WinSCard).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

logger = logging.getLogger(__name__)

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
INFINITE_TIMEOUT_MS = 0xFFFFFFFF

# dwCurrentState / dwEventState flags.
STATE_UNAWARE = 0x0000
STATE_IGNORE = 0x0001
STATE_CHANGED = 0x0002
STATE_UNKNOWN = 0x0004
STATE_UNAVAILABLE = 0x0008
STATE_EMPTY = 0x0010
STATE_PRESENT = 0x0020
STATE_EXCLUSIVE = 0x0080
STATE_INUSE = 0x0100
STATE_MUTE = 0x0200


class ResultCode(enum.IntEnum):
    """PC/SC result codes the layer reacts to (anything else is kept as a number)."""

    SUCCESS = 0x00000000
    E_CANCELLED = 0x80100002
    E_INVALID_HANDLE = 0x80100003
    E_UNKNOWN_READER = 0x80100009
    E_TIMEOUT = 0x8010000A
    E_SHARING_VIOLATION = 0x8010000B
    E_NO_SMARTCARD = 0x8010000C
    E_NOT_TRANSACTED = 0x80100016
    E_READER_UNAVAILABLE = 0x80100017
    F_COMM_ERROR = 0x80100013
    E_NO_SERVICE = 0x8010001D
    E_SERVICE_STOPPED = 0x8010001E
    E_UNSUPPORTED_FEATURE = 0x8010001F
    E_NO_READERS_AVAILABLE = 0x8010002E
    E_COMM_DATA_LOST = 0x8010002F
    W_UNRESPONSIVE_CARD = 0x80100066
    W_UNPOWERED_CARD = 0x80100067
    W_RESET_CARD = 0x80100068
    W_REMOVED_CARD = 0x80100069


SERVICE_GONE = frozenset(
    {
        ResultCode.E_NO_SERVICE,
        ResultCode.E_SERVICE_STOPPED,
        ResultCode.F_COMM_ERROR,  # pcsc-lite: "RPC transport error" when pcscd dies
        ResultCode.E_INVALID_HANDLE,  # a context that died with the old pcscd
    }
)
CARD_GONE = frozenset(
    {
        ResultCode.W_REMOVED_CARD,
        ResultCode.E_NO_SMARTCARD,
        ResultCode.W_UNPOWERED_CARD,
        ResultCode.W_UNRESPONSIVE_CARD,
        ResultCode.W_RESET_CARD,
        ResultCode.E_READER_UNAVAILABLE,
        ResultCode.E_UNKNOWN_READER,
        ResultCode.E_NOT_TRANSACTED,
        ResultCode.E_COMM_DATA_LOST,
    }
)


class PcscError(Exception):
    """A PC/SC call failed; `code` is the numeric result code."""

    def __init__(self, operation: str, code: int) -> None:
        self.operation = operation
        self.code = code & 0xFFFFFFFF
        super().__init__(f"{operation} failed: {describe_code(self.code)}")

    @property
    def service_gone(self) -> bool:
        return self.code in SERVICE_GONE

    @property
    def card_gone(self) -> bool:
        return self.code in CARD_GONE

    @property
    def cancelled(self) -> bool:
        return self.code == ResultCode.E_CANCELLED

    @property
    def timed_out(self) -> bool:
        return self.code == ResultCode.E_TIMEOUT


def describe_code(code: int) -> str:
    try:
        return f"{ResultCode(code).name} (0x{code:08X})"
    except ValueError:
        return f"0x{code:08X}"


class ServiceState(enum.Enum):
    """Whether the PC/SC service (pcscd) can be reached; value = stable string."""

    STOPPED = "stopped"
    STARTING = "starting"
    AVAILABLE = "available"
    UNAVAILABLE = "unavailable"

    @property
    def text_key(self) -> str:
        """Key of the user-facing text, e.g. "readers.service.unavailable"."""
        return f"readers.service.{self.value}"


@dataclass(frozen=True)
class ReaderState:
    """One entry of SCardGetStatusChange: what the caller knows, or what changed."""

    name: str
    state: int
    atr: bytes = b""

    @property
    def event_count(self) -> int:
        """pcsc-lite's card event counter (upper 16 bits), bumped on insert and removal."""
        return (self.state >> 16) & 0xFFFF


class PcscCard(Protocol):
    """A connection to one reader (with a card, or direct to the reader)."""

    def transmit(self, apdu: bytes) -> bytes: ...

    def control(self, code: int, data: bytes) -> bytes: ...

    def begin_transaction(self) -> None: ...

    def end_transaction(self) -> None: ...

    def disconnect(self) -> None: ...


class PcscContext(Protocol):
    """An established PC/SC context. Every method may raise `PcscError`."""

    def list_readers(self) -> list[str]: ...

    def get_status_change(
        self, timeout_ms: int, states: list[ReaderState]
    ) -> list[ReaderState]: ...

    def cancel(self) -> None:
        """Wake a blocked `get_status_change` (thread-safe, never raises)."""

    def connect(self, reader: str, *, direct: bool = False) -> PcscCard: ...

    def release(self) -> None:
        """Free the context (never raises)."""


ContextFactory = Callable[[], PcscContext]
