"""What change-PIN and authentication have in common: requests, cards, cancel, disconnect.

A workflow listens to the client's messages only while it runs, turns SDK steps into
"ask the user" requests, and ends exactly once with an ``Outcome`` on ``finished``.
Which message is acted on in which state is decided by the subclass's transition table
(``machine.Machine``), so a late or stray frame cannot move the flow.

The workflow also keeps the kiosk's own input timeout (``timing.Deadline``: no answer from
the visitor in time -> CANCEL, outcome TIMED_OUT), halts on PAUSE (API level 3) with a
``PauseRequest``, and, where a subclass allows it (``quiet_retries``), starts itself again
when AusweisApp ended it for no known reason before any number was asked: AusweisApp
1.26.2 does that now and then under load (it loses a race with its own card-info
connection: "Card is already connected"), and a retry costs the visitor nothing.

Signals:
    request_opened(object): a new ``Request`` for the UI; it supersedes the previous one.
    request_updated(object): the open request changed (certificate arrived, rights toggled).
    status(object): a ``Progress`` for the UI (step and, when AusweisApp says so, percent).
    finished(object): the ``Outcome``; emitted once per ``start()``.

A workflow runs once: create a new one for the next attempt, and keep a reference to it
until ``finished`` (Qt drops the signal connections of a collected object).
"""

from __future__ import annotations

import contextlib
import enum
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from eid.commands import (
    Cancel,
    Command,
    GetReaderList,
    NumberKind,
    SetAccessRights,
    SetCard,
    SetNewPin,
)
from eid.messages import (
    BadState,
    CardInfo,
    EnterCan,
    EnterNewPin,
    EnterPin,
    EnterPuk,
    InsertCard,
    Message,
    Pause,
    Reader,
    ReaderInfo,
    ReaderList,
    Status,
)
from eid.workflows.machine import Machine, TransitionTable
from eid.workflows.outcomes import CancelCause, Observations, Outcome, OutcomeKind
from eid.workflows.requests import (
    NEW_PIN_MISMATCH,
    InsertCardRequest,
    NewPinRequest,
    NumberRequest,
    PauseRequest,
    Request,
)
from eid.workflows.timing import INPUT_TIMEOUT_S, Deadline, Scheduler, qt_scheduler

logger = logging.getLogger(__name__)

CANCEL_GRACE_MS = 5000  # how long to wait for AusweisApp to confirm a CANCEL


class ClientLike(Protocol):
    """The part of ``eid.client.AusweisClient`` a workflow uses (tests pass a fake)."""

    @property
    def message_received(self) -> SignalInstance: ...

    @property
    def state_changed(self) -> SignalInstance: ...

    @property
    def state(self) -> object: ...

    @property
    def readers(self) -> Mapping[str, ReaderInfo]: ...

    def send(self, command: Command) -> bool: ...


def is_ready(state: object) -> bool:
    """``ConnectionState.READY`` without importing the client (keeps the fakes simple)."""
    return getattr(state, "name", None) == "READY"


class State(enum.Enum):
    IDLE = "idle"
    STARTING = "starting"
    RUNNING = "running"  # AusweisApp works; nothing asked of the visitor
    ACCESS_RIGHTS = "access_rights"
    INSERT_CARD = "insert_card"
    ENTER_NUMBER = "enter_number"
    PAUSED = "paused"  # AusweisApp waits for CONTINUE (API level 3: the card lost contact)
    CANCELLING = "cancelling"
    FETCHING = "fetching"  # AUTH done, self-disclosure data on its way
    DONE = "done"


class Event(enum.Enum):
    START = "start"
    STARTED = "started"
    REFUSED = "refused"
    ACCESS_RIGHTS = "access_rights"
    INSERT_CARD = "insert_card"
    ENTER_NUMBER = "enter_number"
    PAUSE = "pause"
    ANSWERED = "answered"
    CANCEL = "cancel"
    FINAL_SUCCESS = "final_success"
    FINAL_FAILURE = "final_failure"
    DATA_DONE = "data_done"
    DISCONNECTED = "disconnected"
    TIMEOUT = "timeout"
    RETRY = "retry"  # ended for no known reason before any number was asked: start again


def card_steps(states: tuple[State, ...]) -> dict[tuple[State, Event], State]:
    """Rows shared by both workflows: card, number entry, cancel and disconnect."""
    table: dict[tuple[State, Event], State] = {
        (State.IDLE, Event.START): State.STARTING,
        (State.STARTING, Event.STARTED): State.RUNNING,
        (State.STARTING, Event.REFUSED): State.DONE,
        (State.STARTING, Event.CANCEL): State.CANCELLING,
        (State.STARTING, Event.DISCONNECTED): State.DONE,
        (State.CANCELLING, Event.FINAL_SUCCESS): State.DONE,
        (State.CANCELLING, Event.FINAL_FAILURE): State.DONE,
        (State.CANCELLING, Event.TIMEOUT): State.DONE,
        (State.CANCELLING, Event.DISCONNECTED): State.DONE,
    }
    for state in states:
        table[(state, Event.INSERT_CARD)] = State.INSERT_CARD
        table[(state, Event.ENTER_NUMBER)] = State.ENTER_NUMBER
        table[(state, Event.PAUSE)] = State.PAUSED
        table[(state, Event.CANCEL)] = State.CANCELLING
        table[(state, Event.FINAL_FAILURE)] = State.DONE
        table[(state, Event.DISCONNECTED)] = State.DONE
        table[(state, Event.RETRY)] = State.STARTING
    table[(State.INSERT_CARD, Event.ANSWERED)] = State.RUNNING
    table[(State.ENTER_NUMBER, Event.ANSWERED)] = State.RUNNING
    table[(State.PAUSED, Event.ANSWERED)] = State.RUNNING
    return table


@dataclass(frozen=True)
class Progress:
    """What the UI may show while nothing is asked: the step and AusweisApp's percent."""

    step: State
    percent: int | None = None


_NUMBER_KINDS: dict[type, NumberKind] = {
    EnterPin: NumberKind.PIN,
    EnterNewPin: NumberKind.NEW_PIN,
    EnterCan: NumberKind.CAN,
    EnterPuk: NumberKind.PUK,
}


class Workflow(QObject):
    """Base of ``ChangePinWorkflow`` and ``AuthWorkflow``; subclasses set the table."""

    request_opened = Signal(object)
    request_updated = Signal(object)
    status = Signal(object)
    finished = Signal(object)

    table: ClassVar[TransitionTable[State, Event]] = {}
    name: ClassVar[str] = "workflow"
    #: how often the workflow starts itself again after an unexplained end before any
    #: number was asked (see the module docstring); 0 = never
    quiet_retries: ClassVar[int] = 0

    def __init__(
        self,
        client: ClientLike,
        parent: QObject | None = None,
        *,
        input_timeout_s: float | None = INPUT_TIMEOUT_S,
        schedule: Scheduler | None = None,
    ) -> None:
        super().__init__(parent)
        self._client = client
        self._machine: Machine[State, Event] = Machine(self.name, self.table, State.IDLE)
        self._request: Request | None = None
        self._seen = Observations()
        self._outcome: Outcome | None = None
        self._cards: dict[str, CardInfo | None] = {}
        self._answered_kind: NumberKind | None = None
        self._counter_at_answer: int | None = None
        self._readers_asked = False
        self._retries_left = self.quiet_retries
        self._use_simulator = False  # the visitor chose the test card: a retry inserts it again
        self._last_reader: ReaderInfo | None = None
        self._pause_card_left = False
        self._deadline = Deadline(
            schedule or qt_scheduler(self), input_timeout_s, self._on_input_timeout
        )
        self._cancel_timer = QTimer(self)
        self._cancel_timer.setSingleShot(True)
        self._cancel_timer.setInterval(CANCEL_GRACE_MS)
        self._cancel_timer.timeout.connect(self._on_cancel_timeout)

    # --- public --------------------------------------------------------------------------

    @property
    def state(self) -> State:
        return self._machine.state

    @property
    def running(self) -> bool:
        return self._machine.state not in {State.IDLE, State.DONE}

    @property
    def outcome(self) -> Outcome | None:
        return self._outcome

    @property
    def input_timeout_s(self) -> float | None:
        """Seconds without an answer from the visitor before the workflow cancels."""
        return self._deadline.timeout_s

    @property
    def retries(self) -> int:
        """How often this workflow started itself again (see ``quiet_retries``)."""
        return self.quiet_retries - self._retries_left

    @property
    def request(self) -> Request | None:
        """The open request, if any."""
        return self._request if self._request and self._request.is_open else None

    def start(self) -> bool:
        """Send the RUN command. False (and ``finished`` DISCONNECTED) when not connected."""
        if self._machine.state is not State.IDLE:
            logger.info("%s: start ignored, already %s", self.name, self._machine.state.value)
            return False
        self._machine.fire(Event.START)
        self._reset_observations()
        self._client.message_received.connect(self._on_message)
        self._client.state_changed.connect(self._on_connection_state)
        if not is_ready(self._client.state) or not self._client.send(self.run_command()):
            self._finish(Outcome(OutcomeKind.DISCONNECTED, "AusweisApp is not connected"))
            return False
        logger.info("%s started", self.name)
        self.status.emit(Progress(State.STARTING))
        return True

    def abort(self) -> None:
        """Idle reset or "Fertig": cancel every open request and send CANCEL. Safe any time."""
        if not self.running:
            logger.debug("%s: abort ignored, not running", self.name)
            return
        self._cancel(CancelCause.USER)

    # --- hooks for subclasses ------------------------------------------------------------

    def run_command(self) -> Command:
        raise NotImplementedError

    def number_kind(self, message: Message) -> NumberKind:
        return _NUMBER_KINDS[type(message)]

    def handle_other(self, message: Message) -> None:
        """Workflow-specific messages (start, final, access rights...)."""

    def stop_fetching(self) -> None:
        """Drop a running data fetch (only AUTH has one)."""

    # --- RequestOwner --------------------------------------------------------------------

    def request_answered(self, request: Request, command: Command) -> bool:
        if request is not self._request or not self.running:
            logger.info("%s: answer to a stale %s ignored", self.name, type(request).__name__)
            return False
        if not self._send(command):
            return False
        if isinstance(command, SetAccessRights):
            return True  # a change inside the open request, not its answer
        if isinstance(command, SetNewPin):
            self._seen.new_pin_sent = True
        if isinstance(command, SetCard):
            self._use_simulator = True
        if not (isinstance(request, NumberRequest) and request.keypad):
            self._deadline.disarm()  # on a keypad the visitor types now: keep counting
        if isinstance(request, NumberRequest) and not isinstance(request, NewPinRequest):
            self._answered_kind = request.kind
            self._counter_at_answer = request.retry_counter
        if self._machine.fire(Event.ANSWERED) is not None:
            self.status.emit(Progress(State.RUNNING))
        return True

    def request_cancelled(self, request: Request) -> None:
        if request is not self._request:
            logger.info("%s: cancel of a stale request ignored", self.name)
            return
        self._cancel(CancelCause.USER)

    def new_pin_mismatch(self, request: NewPinRequest) -> None:
        if request is self._request and self.running:
            self._open(NewPinRequest(self, request.reader, error=NEW_PIN_MISMATCH))

    # --- internals -----------------------------------------------------------------------

    def _reset_observations(self) -> None:
        self._seen = Observations()
        self._outcome = None
        self._answered_kind = None
        self._counter_at_answer = None
        self._cards = {name: info.card for name, info in self._client.readers.items()}

    def _send(self, command: Command) -> bool:
        if self._client.send(command):
            logger.debug("%s sent %s", self.name, command.cmd)
            return True
        logger.warning("%s: could not send %s, connection not ready", self.name, command.cmd)
        self._fail_disconnected()
        return False

    def _open(self, request: Request) -> None:
        if self._request is not None:
            self._request.close()
        self._request = request
        self._deadline.arm()
        self.request_opened.emit(request)

    def _close_request(self) -> None:
        if self._request is not None:
            self._request.close()
            self._request = None

    def _cancel(self, cause: CancelCause) -> None:
        self._close_request()
        before = self._machine.state
        if self._machine.fire(Event.CANCEL) is None:
            return
        if before is State.FETCHING:  # AusweisApp is done already; just drop the data
            self.stop_fetching()
            self._finish(Outcome(OutcomeKind.CANCELLED, "cancelled while fetching the data"))
            return
        self._seen.cancel_cause = cause
        self._deadline.disarm()
        logger.info("%s: cancelling (%s)", self.name, cause.value)
        self.status.emit(Progress(State.CANCELLING))
        self._cancel_timer.start()
        self._send(Cancel())

    def _on_cancel_timeout(self) -> None:
        if self._machine.fire(Event.TIMEOUT) is not None:
            detail = "AusweisApp did not confirm the cancel in time"
            kind = OutcomeKind.CANCELLED
            if self._seen.cancel_cause is CancelCause.TIMEOUT:
                kind = OutcomeKind.TIMED_OUT
            elif self._seen.cancel_cause is CancelCause.DEACTIVATED:
                kind = OutcomeKind.DEACTIVATED
            elif self._seen.cancel_cause is CancelCause.BLOCKED:
                kind = OutcomeKind.BLOCKED
            self._finish(Outcome(kind, detail))

    def _fail_disconnected(self) -> None:
        if self._machine.fire(Event.DISCONNECTED) is not None:
            self._finish(Outcome(OutcomeKind.DISCONNECTED, "connection to AusweisApp lost"))

    def _on_connection_state(self, state: object) -> None:
        if self.running and not is_ready(state):
            logger.warning("%s: connection left READY (%s)", self.name, state)
            self._fail_disconnected()

    def _finish(self, outcome: Outcome) -> None:
        """End once: close requests, stop listening, report."""
        if self._outcome is not None:
            return
        self._machine.force(State.DONE, outcome.kind.value)
        self._outcome = outcome
        self._cancel_timer.stop()
        self._deadline.disarm()
        self._close_request()
        for signal, slot in (
            (self._client.message_received, self._on_message),
            (self._client.state_changed, self._on_connection_state),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        logger.info("%s finished: %s (%s)", self.name, outcome.kind.value, outcome.detail)
        self.finished.emit(outcome)

    def _on_message(self, message: Message) -> None:
        if not self.running:
            return
        if isinstance(message, Reader | ReaderList):
            if isinstance(message, Reader) and message.error is None:
                self._track_card(message.reader)
            request = self.request
            if isinstance(request, InsertCardRequest):
                request.readers = self._attached_readers()
                self.request_updated.emit(request)
        elif isinstance(message, Status):
            if self._machine.state not in {State.STARTING, State.CANCELLING}:
                self.status.emit(Progress(self._machine.state, message.progress))
        elif isinstance(message, InsertCard):
            self._on_insert_card(message)
        elif isinstance(message, EnterPin | EnterNewPin | EnterCan | EnterPuk):
            self._on_enter_number(message)
        elif isinstance(message, Pause):
            self._on_pause(message)
        elif isinstance(message, BadState) and self._machine.state is State.STARTING:
            if message.error == self.run_command().cmd:
                self._machine.fire(Event.REFUSED)
                self._finish(Outcome(OutcomeKind.UNKNOWN, "AusweisApp is busy with a workflow"))
        else:
            self.handle_other(message)

    def started(self) -> None:
        """AusweisApp confirmed the start. A card that already lay there unusable gets no new
        READER message, and the SDK would wait for another card forever: check it now."""
        if self._machine.fire(Event.STARTED) is None:
            return
        for name, card in self._cards.items():
            if card is not None and (card.deactivated or card.inoperative):
                logger.info("%s: reader %s already holds an unusable card", self.name, name)
                self._seen.last_card = card
                self._check_card(card)
                return

    def _track_card(self, reader: ReaderInfo) -> None:
        """Remember card changes; a deactivated or dead card ends the workflow (SDK won't)."""
        before = self._cards.get(reader.name)
        card = reader.card if reader.attached else None
        self._cards[reader.name] = card
        if self._machine.state in {State.IDLE, State.STARTING, State.CANCELLING, State.DONE}:
            return
        if card is None:
            if before is not None:
                self._seen.card_removed = True
                self._pause_card_left = self._machine.state is State.PAUSED
            return
        self._seen.card_removed = False
        self._seen.last_card = card
        self._last_reader = reader
        if self._check_card(card):
            self._resume_when_card_is_back(reader)

    def _check_card(self, card: CardInfo | None) -> bool:
        """True if the workflow can go on with this card."""
        if self._machine.state is State.CANCELLING:
            return False
        if card is None:
            return True
        if card.deactivated:
            logger.info("%s: card with deactivated online function", self.name)
            self._cancel(CancelCause.DEACTIVATED)
            return False
        if card.inoperative:
            logger.info("%s: card PIN permanently blocked", self.name)
            self._cancel(CancelCause.BLOCKED)
            return False
        return True

    def _attached_readers(self) -> tuple[ReaderInfo, ...]:
        return tuple(r for r in self._client.readers.values() if r.attached)

    def _on_insert_card(self, message: InsertCard) -> None:
        if self._machine.fire(Event.INSERT_CARD) is None:
            return
        request = InsertCardRequest(self, self._attached_readers(), message.error)
        if self._use_simulator and message.error is None and request.simulator is not None:
            # a quiet retry: the visitor chose the test card already, insert it again
            self._request = request
            if request.use_simulator().accepted:
                return
        self._open(request)
        self.status.emit(Progress(State.INSERT_CARD))
        if request.simulator is None and not self._readers_asked:
            # A freshly started AusweisApp 1.26.2 does not always push its Simulator reader;
            # ask once, and the answer updates this request through READER_LIST.
            self._readers_asked = True
            self._client.send(GetReaderList())

    def _on_enter_number(self, message: EnterPin | EnterNewPin | EnterCan | EnterPuk) -> None:
        card = message.reader.card if message.reader else None
        if message.reader is not None:
            self._last_reader = message.reader
        if card is not None:
            self._seen.last_card = card
        if not self._machine.can_fire(Event.ENTER_NUMBER) or not self._check_card(card):
            return
        self._machine.fire(Event.ENTER_NUMBER)
        self._seen.numbers_asked += 1
        kind = self.number_kind(message)
        if isinstance(message, EnterNewPin):
            self._open(NewPinRequest(self, message.reader, error=message.error))
            return
        counter = card.retry_counter if card else None
        wrong = message.error is None and (
            (self._answered_kind is not None and self._answered_kind is kind)
            or (
                self._counter_at_answer is not None
                and counter is not None
                and counter < self._counter_at_answer
            )
        )
        if wrong:
            self._seen.wrong_number_seen = True
        self._answered_kind = None
        self._counter_at_answer = None
        self._open(
            NumberRequest(self, kind, message.reader, error=message.error, wrong_attempt=wrong)
        )

    # --- PAUSE (API level 3), input timeout, quiet retry --------------------------------

    def _on_pause(self, message: Pause) -> None:
        if self._machine.fire(Event.PAUSE) is None:
            return
        logger.info("%s: AusweisApp paused the workflow (%s)", self.name, message.cause or "?")
        self._pause_card_left = False
        self._open(PauseRequest(self, message.cause, self._last_reader))
        self.status.emit(Progress(State.PAUSED))

    def _resume_when_card_is_back(self, reader: ReaderInfo) -> None:
        """The card came back onto the paused reader after it had left: CONTINUE by itself."""
        request = self.request
        if not isinstance(request, PauseRequest) or not self._pause_card_left:
            return
        if request.reader is not None and request.reader.name != reader.name:
            return
        logger.info("%s: card is back on %s; continuing", self.name, reader.name)
        request.resume()

    def _on_input_timeout(self) -> None:
        if self.running and self._machine.state is not State.CANCELLING:
            logger.info("%s: no input in time; cancelling", self.name)
            self._cancel(CancelCause.TIMEOUT)

    def retry_quietly(self, outcome: Outcome) -> bool:
        """Start again instead of ending with ``outcome``, if that costs the visitor nothing:
        AusweisApp ended the workflow for no known reason (UNKNOWN), no number was asked,
        nobody cancelled, and retries are left. True when the new attempt went out."""
        seen = self._seen
        if (
            outcome.kind is not OutcomeKind.UNKNOWN
            or seen.numbers_asked
            or seen.cancel_cause is not None
            or self._retries_left <= 0
            or not is_ready(self._client.state)
            or self._machine.fire(Event.RETRY) is None
        ):
            return False
        self._retries_left -= 1
        logger.warning(
            "%s: AusweisApp ended before asking for any number (%s); starting again (%d left)",
            self.name,
            outcome.detail,
            self._retries_left,
        )
        self._close_request()
        self._deadline.disarm()
        self._reset_observations()
        if not self._send(self.run_command()):
            return True  # _send already ended the workflow as DISCONNECTED
        self.status.emit(Progress(State.STARTING))
        return True
