"""What the trainer view shows, as plain data: the steps of one eID run and the SDK frames.

Why from the SDK traffic and not from the station's screens: the trainer explains what
happens between card, AusweisApp and service, and the frames are exactly that. The frames
arrive already masked by `eid.traffic_log.redact_frame` (the one rule set for secrets and
personal data); this module never sees a PIN, and keeps nothing but the masked text, the
names of messages and the card's retry counter.

A run starts with RUN_AUTH or RUN_CHANGE_PIN and ends with the final AUTH or CHANGE_PIN;
which step is active follows from the frames through the table `_MOVES` below.
"""

from __future__ import annotations

import enum
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

MAX_FRAMES = 300
RESULT_OK = "resultmajor#ok"
READING_PROGRESS = 80
#: The end of a result minor (after the last "/") -> trainer.minor.<key>.
MINOR_KEYS = {
    "sal#cancellationByUser": "cancelled",
    "ifdl#cancellationByUser": "card_removed",
    "dp#trustedChannelEstablishmentFailed": "network",
    "common#communicationError": "communication",
    "common#noPermission": "no_permission",
    "common#unknownError": "unknown",
    "common#internalError": "internal",
    "signature#invalidCertificatePath": "certificate",
    "mEAC#DocumentValidityVerificationFailed": "expired",
}


class Step(enum.Enum):
    CONNECT = "connect"  # the kiosk asks AusweisApp; AusweisApp reaches the service
    RIGHTS = "rights"  # access rights and the service's certificate
    CARD = "card"  # the card on the reader
    PACE = "pace"  # PIN (or CAN, PUK): card and AusweisApp agree on a key
    TA_CA = "ta_ca"  # terminal and chip authentication with the eID server
    READING = "reading"  # the eID server reads the allowed data
    NEW_PIN = "new_pin"  # PIN change: the new PIN goes to the card
    RESULT = "result"


AUTH_STEPS = (
    Step.CONNECT,
    Step.RIGHTS,
    Step.CARD,
    Step.PACE,
    Step.TA_CA,
    Step.READING,
    Step.RESULT,
)
CHANGE_PIN_STEPS = (Step.CONNECT, Step.CARD, Step.PACE, Step.NEW_PIN, Step.RESULT)


class State(enum.Enum):
    PENDING = "pending"
    ACTIVE = "active"
    DONE = "done"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass
class StepRecord:
    step: Step
    state: State = State.PENDING
    started: float | None = None
    ended: float | None = None
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # catalog keys

    def duration_ms(self, now: float) -> int | None:
        if self.started is None:
            return None
        return round(((self.ended if self.ended is not None else now) - self.started) * 1000)


@dataclass(frozen=True)
class Frame:
    offset_ms: int
    direction: str  # "send" (kiosk -> AusweisApp) or "recv"
    name: str  # cmd or msg
    text: str  # masked


#: (frame name, received?) -> the step it makes active. Frames not listed change no step.
_MOVES: dict[tuple[str, bool], Step] = {
    ("ACCESS_RIGHTS", True): Step.RIGHTS,
    ("CERTIFICATE", True): Step.RIGHTS,
    ("INSERT_CARD", True): Step.CARD,
    ("ENTER_PIN", True): Step.PACE,
    ("ENTER_CAN", True): Step.PACE,
    ("ENTER_PUK", True): Step.PACE,
    ("ENTER_NEW_PIN", True): Step.NEW_PIN,
}
_SECRETS = {"ENTER_PIN": "pin", "ENTER_CAN": "can", "ENTER_PUK": "puk"}


class Timeline:
    """Feed it frames with `feed(direction, masked_text)`; read `kind`, `steps`, `frames`."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.kind: str | None = None  # "auth" or "change_pin" once a run started
        self.steps: list[StepRecord] = []
        self.frames: list[Frame] = []
        self.running = False
        self.outcome: str | None = None  # "success" or "failure" once the run ended
        self._started = 0.0
        self._ended: float | None = None
        self._pin_sent = False  # a number went to the card and no new ENTER_* came yet
        self._last_secret = ""  # which: SET_PIN, SET_CAN or SET_PUK
        self._cancelling = False

    def clear(self) -> None:
        self.kind, self.steps, self.frames = None, [], []
        self.running, self.outcome, self._pin_sent, self._ended = False, None, False, None
        self._last_secret, self._cancelling = "", False

    def now(self) -> float:
        return self._clock()

    @property
    def started_at(self) -> float:
        return self._started

    def elapsed_s(self) -> float:
        """From RUN_* to the final message (or to now while running)."""
        if self.kind is None:
            return 0.0
        end = self._ended if not self.running and self._ended is not None else self.now()
        return end - self._started

    def step(self, step: Step) -> StepRecord | None:
        return next((record for record in self.steps if record.step is step), None)

    @property
    def active(self) -> StepRecord | None:
        return next((r for r in self.steps if r.state is State.ACTIVE), None)

    def feed(self, direction: str, text: str) -> bool:
        """One masked frame; True when something the view shows changed."""
        try:
            data = json.loads(text)
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        received = direction == "recv"
        name = str(data.get("msg" if received else "cmd") or "?")
        if not received and name in {"RUN_AUTH", "RUN_CHANGE_PIN"}:
            self._start("auth" if name == "RUN_AUTH" else "change_pin")
        if self.kind is None:
            return False  # nothing of a run yet: READER frames of an idle station
        self.frames.append(Frame(round((self.now() - self._started) * 1000), direction, name, text))
        del self.frames[:-MAX_FRAMES]
        if self.running:
            self._follow(name, received, data)
        return True

    # --- the run ---------------------------------------------------------------------------

    def _start(self, kind: str) -> None:
        self.clear()
        self.kind = kind
        self.running = True
        self._started = self.now()
        steps = AUTH_STEPS if kind == "auth" else CHANGE_PIN_STEPS
        self.steps = [StepRecord(step) for step in steps]
        self._activate(Step.CONNECT)

    def _follow(self, name: str, received: bool, data: dict[str, Any]) -> None:
        target = _MOVES.get((name, received))
        if target is not None:
            self._activate(target)
        if received and name in _SECRETS:
            self._note_secret(name, data)
        elif not received and name == "CANCEL":
            self._cancelling = True  # AusweisApp takes the card back now: no news
        elif not received and name in {"SET_PIN", "SET_CAN", "SET_PUK"}:
            self._pin_sent = True
            self._last_secret = name
        elif received and name == "READER":
            self._note_card(data)
        elif received and name == "STATUS" and self._pin_sent and self.kind == "auth":
            self._after_pin(data.get("progress"))
        elif received and name in {"AUTH", "CHANGE_PIN"} and self._is_final(name, data):
            self._finish(name, data)

    def _after_pin(self, progress: object) -> None:
        """A STATUS after the PIN: PACE worked (a wrong PIN brings ENTER_* instead). Terminal
        and chip authentication follow at once; AusweisApp's 80 % marks the reading."""
        pace = self.step(Step.PACE)
        if pace is not None and pace.state is State.ACTIVE:
            self._activate(Step.TA_CA)
        if isinstance(progress, int) and progress >= READING_PROGRESS:
            self._activate(Step.READING)

    @staticmethod
    def _is_final(name: str, data: dict[str, Any]) -> bool:
        return "result" in data if name == "AUTH" else "success" in data

    def _note_secret(self, name: str, data: dict[str, Any]) -> None:
        record = self.step(Step.PACE)
        if record is None:
            return
        card = (data.get("reader") or {}).get("card") or {}
        counter = card.get("retryCounter")
        secret = _SECRETS[name]
        again = self._pin_sent and name == "ENTER_PIN" and self._last_secret == "SET_PIN"
        key = "trainer.note.pin_again" if again else f"trainer.note.ask_{secret}"
        record.notes.append((key, {"counter": counter if counter is not None else "?"}))
        self._pin_sent = False

    def _note_card(self, data: dict[str, Any]) -> None:
        card = data.get("card")
        active = self.active
        if active is None:
            return
        if not isinstance(card, dict):
            # AusweisApp takes the card back at every end; only during the PIN it is news
            pace = active.step is Step.PACE
            if pace and card is None and self._pin_sent and not self._cancelling:
                active.notes.append(("trainer.note.card_gone", {}))
            return
        if card.get("deactivated"):
            active.notes.append(("trainer.note.deactivated", {}))
        elif card.get("inoperative"):
            active.notes.append(("trainer.note.inoperative", {}))

    def _finish(self, name: str, data: dict[str, Any]) -> None:
        if name == "AUTH":
            result = data.get("result") or {}
            ok = RESULT_OK in str(result.get("major", ""))
            minor = str(result.get("minor", "")).rsplit("/", 1)[-1]
        else:
            ok = data.get("success") is True
            minor = str(data.get("reason") or "")
        now = self.now()
        for record in self.steps:
            if record.step is Step.RESULT:
                continue
            if record.state is State.ACTIVE:
                record.state = State.DONE if ok else State.FAILED
                record.ended = now
            elif record.state is State.PENDING:  # happened unseen (ok), or never (failure)
                record.state = State.DONE if ok else State.SKIPPED
        result_step = self.step(Step.RESULT)
        assert result_step is not None
        result_step.state = State.DONE if ok else State.FAILED  # a moment: no duration
        if ok:
            result_step.notes.append(("trainer.note.success", {}))
        else:
            key = MINOR_KEYS.get(minor, "other")
            result_step.notes.append((f"trainer.minor.{key}", {"code": minor or "–"}))
        self.running = False
        self.outcome = "success" if ok else "failure"
        self._ended = now

    def _activate(self, step: Step) -> None:
        target = self.step(step)
        if target is None or target.state is State.ACTIVE:
            return
        now = self.now()
        order = [record.step for record in self.steps]
        for record in self.steps:
            before = order.index(record.step) < order.index(step)
            if record.state is State.ACTIVE:
                record.state, record.ended = State.DONE, now
            elif record.state is State.PENDING and before:
                record.state = State.SKIPPED  # e.g. no INSERT_CARD: the card already lay there
        target.state = State.ACTIVE
        if target.started is None:
            target.started = now
        target.ended = None
