"""Requests ("ask the user" objects): what a workflow needs from the visitor, answered by the UI.

A workflow opens a request (``request_opened``), the UI renders it and calls one of its
methods; the request turns the answer into an SDK command and hands it to its owner
(the workflow). A request is open until answered, cancelled or superseded by the next
SDK step; after that every method is a logged no-op, so a double tap on a slow screen
never raises in front of the visitor. Entered values are never stored on the request
longer than the call that sends them, and ``wipe()`` drops whatever is left.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from eid.commands import (
    Accept,
    Command,
    Continue,
    NumberKind,
    SetAccessRights,
    SetCard,
    secret_command,
)
from eid.messages import AccessRights, Certificate, ReaderInfo

logger = logging.getLogger(__name__)

SIMULATOR_READER = "Simulator"
NOT_SENT = "not sent: the workflow has moved on or AusweisApp is not connected"


class RequestOwner(Protocol):
    """What a request needs from its workflow."""

    def request_answered(self, request: Request, command: Command) -> bool: ...

    def request_cancelled(self, request: Request) -> None: ...

    def new_pin_mismatch(self, request: NewPinRequest) -> None: ...


class RequestState(enum.Enum):
    OPEN = "open"
    ANSWERED = "answered"
    CANCELLED = "cancelled"
    CLOSED = "closed"  # superseded by the next SDK step or ended with the workflow


@dataclass(frozen=True)
class Answer:
    """Result of answering a request: ``accepted`` False comes with a reason to show."""

    accepted: bool
    reason: str = ""


class Request:
    """Base class: open/closed bookkeeping, cancel and wipe."""

    def __init__(self, owner: RequestOwner) -> None:
        self._owner = owner
        self._state = RequestState.OPEN

    @property
    def state(self) -> RequestState:
        return self._state

    @property
    def is_open(self) -> bool:
        return self._state is RequestState.OPEN

    def cancel(self) -> bool:
        """The visitor backs out: the workflow sends CANCEL. False if already closed."""
        if not self._usable("cancel"):
            return False
        self._state = RequestState.CANCELLED
        self.wipe()
        self._owner.request_cancelled(self)
        return True

    def close(self) -> None:
        """Called by the workflow when the SDK moved on; no command is sent."""
        if self._state is RequestState.OPEN:
            self._state = RequestState.CLOSED
        self.wipe()

    def wipe(self) -> None:
        """Drop every entered value. The base request holds none."""

    def _usable(self, action: str) -> bool:
        if self._state is RequestState.OPEN:
            return True
        logger.info(
            "%s: %s ignored, request already %s", type(self).__name__, action, self._state.value
        )
        return False

    def _send(self, command: Command) -> Answer:
        """Hand the command to the workflow; the request is answered once it went out."""
        if not self._owner.request_answered(self, command):
            return Answer(False, NOT_SENT)
        self._state = RequestState.ANSWERED
        self.wipe()
        return Answer(True)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._state.value})"


class AccessRightsRequest(Request):
    """The service asks for data: required rights are fixed, optional ones can be toggled."""

    def __init__(self, owner: RequestOwner, rights: AccessRights) -> None:
        super().__init__(owner)
        self.certificate: Certificate | None = None
        self.error: str | None = None
        self.required: tuple[str, ...] = ()
        self.optional: tuple[str, ...] = ()
        self.effective: tuple[str, ...] = ()
        self.transaction_info: str | None = None
        self.aux: Mapping[str, str] | None = None
        self.update(rights)

    def update(self, rights: AccessRights) -> None:
        """The SDK confirmed (or refused) a change of the optional rights."""
        self.required = rights.required
        self.optional = rights.optional
        self.effective = rights.effective
        self.error = rights.error
        self.transaction_info = rights.transaction_info
        self.aux = rights.aux

    @property
    def enabled_optional(self) -> tuple[str, ...]:
        return tuple(right for right in self.optional if right in self.effective)

    def toggle(self, right: str) -> Answer:
        """Switch one optional right on or off (SET_ACCESS_RIGHTS); required ones cannot."""
        if not self._usable("toggle"):
            return Answer(False, "request already closed")
        if right not in self.optional:
            reason = f"'{right}' is not an optional right of this service"
            logger.info("toggle refused: %s", reason)
            return Answer(False, reason)
        enabled = set(self.enabled_optional) ^ {right}
        chat = tuple(r for r in self.optional if r in enabled)
        if not self._owner.request_answered(self, SetAccessRights(chat=chat)):
            return Answer(False, NOT_SENT)
        return Answer(True)  # stays open: the SDK answers with ACCESS_RIGHTS

    def accept(self) -> Answer:
        if not self._usable("accept"):
            return Answer(False, "request already closed")
        return self._send(Accept())


class InsertCardRequest(Request):
    """No usable card yet. ``readers`` are the attached readers as last reported."""

    def __init__(
        self, owner: RequestOwner, readers: tuple[ReaderInfo, ...], error: str | None = None
    ) -> None:
        super().__init__(owner)
        self.readers = readers
        self.error = error

    @property
    def simulator(self) -> ReaderInfo | None:
        """The insertable virtual reader, if AusweisApp (or the emulator) offers one."""
        insertable = [r for r in self.readers if r.attached and r.insertable]
        named = [r for r in insertable if r.name == SIMULATOR_READER]
        candidates = named or insertable
        return candidates[0] if candidates else None

    def use_simulator(self) -> Answer:
        """Insert the simulated test card (SET_CARD) instead of a real one."""
        if not self._usable("use_simulator"):
            return Answer(False, "request already closed")
        reader = self.simulator
        if reader is None:
            return Answer(False, "no simulator reader is available")
        return self._send(SetCard(name=reader.name))


class NumberRequest(Request):
    """PIN, Transport-PIN, CAN or PUK. On a keypad reader the visitor types on the reader
    and the UI answers with ``answer(None)``."""

    def __init__(
        self,
        owner: RequestOwner,
        kind: NumberKind,
        reader: ReaderInfo | None,
        *,
        error: str | None = None,
        wrong_attempt: bool = False,
    ) -> None:
        super().__init__(owner)
        self.kind = kind
        self.reader = reader
        self.error = error  # the SDK's text when it refused the last value (not a wrong PIN)
        self.wrong_attempt = wrong_attempt  # the card refused the previous number

    @property
    def keypad(self) -> bool:
        return bool(self.reader and self.reader.keypad)

    @property
    def retry_counter(self) -> int | None:
        card = self.reader.card if self.reader else None
        return card.retry_counter if card else None

    @property
    def last_attempt(self) -> bool:
        """A wrong PIN now blocks it (the PUK comes next): the UI should warn."""
        return self.kind in {NumberKind.PIN, NumberKind.TRANSPORT_PIN} and self.retry_counter == 1

    @property
    def digits(self) -> int:
        return self.kind.lengths[0]

    def problem(self, value: str | None) -> str | None:
        """Why ``value`` cannot be sent, or None. Never repeats the value itself."""
        if self.keypad:
            return None if value is None else "type the number on the card reader"
        if value is None:
            return f"{self.digits} digits are needed"
        if not value.isascii() or not value.isdigit():
            return "only digits are allowed"
        if len(value) not in self.kind.lengths:
            return f"{self.digits} digits are needed, not {len(value)}"
        return None

    def answer(self, value: str | None, repeated: str | None = None) -> Answer:
        """Send ``value`` (None on a keypad reader). ``repeated`` is the second entry where
        the kiosk asks twice; only the new PIN is asked twice, other numbers ignore it."""
        if not self._usable("answer"):
            return Answer(False, "request already closed")
        reason = self.problem(value)
        if reason is not None:
            logger.info("%s answer refused: %s", self.kind.value, reason)
            return Answer(False, reason)
        return self._send(secret_command(self.kind, self.reader, value))

    def __repr__(self) -> str:
        return f"NumberRequest({self.kind.value}, keypad={self.keypad}, {self.state.value})"


NEW_PIN_MISMATCH = "the two entries of the new PIN differ"


class NewPinRequest(NumberRequest):
    """The new 6-digit PIN, entered twice on screen; SET_NEW_PIN only when both match.
    Keypad readers do their own entry and repeat: ``answer(None)``."""

    def __init__(
        self, owner: RequestOwner, reader: ReaderInfo | None, *, error: str | None = None
    ) -> None:
        super().__init__(owner, NumberKind.NEW_PIN, reader, error=error)
        self.mismatch = error == NEW_PIN_MISMATCH

    def answer(self, value: str | None, repeated: str | None = None) -> Answer:
        if not self._usable("answer"):
            return Answer(False, "request already closed")
        reason = self.problem(value)
        if reason is not None:
            logger.info("NEW_PIN answer refused: %s", reason)
            return Answer(False, reason)
        if not self.keypad and value != repeated:
            logger.info("NEW_PIN answer refused: %s", NEW_PIN_MISMATCH)
            self._state = RequestState.CLOSED
            self.wipe()
            self._owner.new_pin_mismatch(self)
            return Answer(False, NEW_PIN_MISMATCH)
        return self._send(secret_command(NumberKind.NEW_PIN, self.reader, value))


class PauseRequest(Request):
    """AusweisApp halted the workflow (API level 3, AusweisApp 2.2+): ``cause`` is e.g.
    ``BadCardPosition``, the card lost contact. The visitor lays the card still on the
    reader; the workflow resumes by itself when the card is back, or the UI calls
    ``resume()`` when the visitor taps "continue". ``reader`` is the last reader the
    workflow used (None if it never got that far), for the hint where to put the card."""

    def __init__(self, owner: RequestOwner, cause: str, reader: ReaderInfo | None) -> None:
        super().__init__(owner)
        self.cause = cause
        self.reader = reader

    def resume(self) -> Answer:
        """Send CONTINUE: AusweisApp tries the card again."""
        if not self._usable("resume"):
            return Answer(False, "request already closed")
        return self._send(Continue())

    def __repr__(self) -> str:
        return f"PauseRequest({self.cause}, {self.state.value})"
