"""The visitor's side of a number request: who types it, how often, and what is sent.

Why its own object: this is the one place that holds a typed number beyond a single call
(the first entry of a new PIN, until it is repeated or dropped), and the one place that
decides between the screen's pad, the reader's keypad and the test card. The controller
turns its answers into screens; nothing here knows a widget.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, replace

from eid.commands import NumberKind
from eid.workflows import NewPinRequest, NumberRequest
from eid.workflows.requests import SIMULATOR_READER
from stations.eid_demo.pin_rules import WeakReason, weak_reason
from stations.eid_demo.state import Entry, NumberView, Stage, entry_for

logger = logging.getLogger(__name__)


class Next(enum.Enum):
    """What follows an entry on the pad."""

    IGNORED = "ignored"  # no pad entry was expected (keypad reader, stray event)
    REPEAT = "repeat"  # the new PIN's first entry is in: ask for it again
    WEAK = "weak"  # the first entry is easy to guess: warn before anything is sent
    SENT = "sent"  # the number went to AusweisApp
    REFUSED = "refused"  # the request did not take it (closed, wrong length, mismatch)


@dataclass(frozen=True)
class Submitted:
    next: Next
    number: NumberView
    weak: WeakReason | None = None


class NumberEntry:
    """One number request at a time; see the module docstring."""

    def __init__(self) -> None:
        self._first_new_pin: str | None = None
        self._serial = 0

    def open(self, request: NumberRequest, *, keypad: bool, reader_only: bool) -> NumberView:
        """The view of a new request (a fresh pad); the reader or the screen types it."""
        self.forget()
        self._serial += 1
        reader = request.reader
        simulator = reader is not None and reader.name == SIMULATOR_READER
        return NumberView(
            request.kind,
            entry=entry_for(keypad=keypad, simulator=simulator, reader_only=reader_only),
            retry_counter=request.retry_counter,
            wrong_attempt=request.wrong_attempt,
            mismatch=isinstance(request, NewPinRequest) and request.mismatch,
            request=self._serial,
        )

    def submit(self, request: NumberRequest, number: NumberView, value: str) -> Submitted:
        """A full entry from the pad: keep it for the repetition, warn, or send it."""
        if not number.pad_shown or not request.is_open:
            return Submitted(Next.IGNORED, number)
        if number.kind is NumberKind.NEW_PIN and number.stage is Stage.FIRST:
            self._first_new_pin = value
            weak = weak_reason(value)
            if weak is not None:
                return Submitted(Next.WEAK, number, weak)
            return Submitted(Next.REPEAT, replace(number, stage=Stage.REPEAT))
        first, self._first_new_pin = self._first_new_pin, None
        if number.entry is not Entry.PAD:  # the test card: the pad was a demonstration
            answer = request.answer(None)
        elif first is not None:
            answer = request.answer(first, value)
        else:
            answer = request.answer(value)
        del value, first
        if not answer.accepted:
            logger.info("eid: number not taken: %s", answer.reason)
            return Submitted(Next.REFUSED, number)
        return Submitted(Next.SENT, number)

    def confirm(self, request: NumberRequest, number: NumberView) -> bool:
        """ "Weiter" where no pad is shown and no value is needed (test card, reader only)."""
        return number.entry is Entry.CONFIRM and request.answer(None).accepted

    def keep_weak(self, number: NumberView) -> NumberView | None:
        """The visitor keeps the easy PIN: on to its repetition (None: nothing to keep)."""
        if self._first_new_pin is None:
            return None
        return replace(number, stage=Stage.REPEAT)

    def choose_other(self, number: NumberView) -> NumberView:
        """The first entry is forgotten; a fresh pad asks for the new PIN again."""
        self.forget()
        self._serial += 1
        return replace(number, stage=Stage.FIRST, request=self._serial)

    def forget(self) -> None:
        self._first_new_pin = None
