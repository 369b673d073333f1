"""One running RUN_AUTH or RUN_CHANGE_PIN, as AusweisApp runs it in SDK mode (the version
differences come from ``state.profile``: reason codes, STATUS and frame order, PAUSE).

The workflow is a small state machine: ``state`` names what it waits for (the same names
STATUS reports), ``_ANSWERS`` says which command answers which state, and every card
operation runs as a delayed step so a slow card can be emulated while CANCEL and
GET_STATUS still get answered.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, Protocol

from eid.emulator import service
from eid.emulator.cards import Card
from eid.emulator.state import SCRIPTED_READER, SIMULATOR_READER, EmulatorState, SimulatorCard

logger = logging.getLogger(__name__)

KIND_AUTH = "AUTH"
KIND_CHANGE_PIN = "CHANGE_PIN"

#: state -> (the command that answers it, the kind of secret asked for)
_ANSWERS: dict[str, tuple[str, str]] = {
    "ENTER_PIN": ("SET_PIN", "PIN"),
    "ENTER_CAN": ("SET_CAN", "CAN"),
    "ENTER_PUK": ("SET_PUK", "PUK"),
    "ENTER_NEW_PIN": ("SET_NEW_PIN", "NEW_PIN"),
}
ANSWER_COMMANDS = frozenset(command for command, _ in _ANSWERS.values())
ACCESS_RIGHTS_COMMANDS = frozenset({"GET_ACCESS_RIGHTS", "SET_ACCESS_RIGHTS", "ACCEPT"})
BUSY = "BUSY"  # a card step is running; nothing but CANCEL is accepted
PAUSED = "PAUSED"  # level 3: PAUSE sent, waiting for CONTINUE (STATUS keeps the last step)
SLIP_BACK_S = 0.3  # a slipping card lies still again this long after the PAUSE
WAITING = "WAITING"  # the card is unusable (deactivated, inoperative); only CANCEL helps


class Timer(Protocol):
    def cancel(self) -> None: ...


class Host(Protocol):
    """What a workflow needs from its connection."""

    state: EmulatorState

    def emit(self, message: dict[str, Any]) -> None: ...

    def schedule(self, delay_s: float, callback: Callable[[], None]) -> Timer: ...

    @property
    def status_enabled(self) -> bool: ...

    def workflow_finished(self) -> None: ...


def digits_rule(kind: str, workflow: str) -> tuple[re.Pattern[str], str]:
    """The pattern a typed value must match and the SDK's error text when it does not."""
    if kind == "PUK":
        return re.compile(r"[0-9]{10}"), "You must provide 10 digits"
    if kind == "PIN" and workflow == KIND_CHANGE_PIN:
        return re.compile(r"[0-9]{5,6}"), "You must provide 5 - 6 digits"
    return re.compile(r"[0-9]{6}"), "You must provide 6 digits"


class Workflow:
    """AUTH or CHANGE_PIN from start to the final message."""

    def __init__(self, host: Host, kind: str, status: bool = True) -> None:
        self.host = host
        self.kind = kind
        self.push_status = status
        self.state = "STARTING"
        self.progress = 0
        self.reader: str | None = None
        self.card: Card | None = None
        self.effective: tuple[str, ...] = service.ALL_RIGHTS
        self.access_rights_shown = False
        self.can_verified = False
        self.pin_attempts = 0
        self._timer: Timer | None = None
        self._last_asked = "STARTING"

    # --- start -----------------------------------------------------------------------------

    def start_change_pin(self) -> None:
        self.host.emit({"msg": KIND_CHANGE_PIN})
        self._take_card_or_ask()

    def start_offline_auth(self) -> None:
        """A tcTokenURL elsewhere: fail like AusweisApp 1.26.2 without network."""
        self.host.emit({"msg": KIND_AUTH})
        self._status(0)
        self._status(80)
        self._finish_auth_failure(service.NETWORK_FAILED, with_url=False)

    def start_own_auth(self) -> None:
        self.host.emit({"msg": KIND_AUTH})
        self._status(0)
        readers = self.host.state.readers
        if readers.scripted.script.present:
            readers.scripted_card_in = True
            self._emit_reader(SCRIPTED_READER)
        self.state = "ACCESS_RIGHTS"
        self.access_rights_shown = True
        self.host.emit(service.access_rights(self.effective))

    # --- commands --------------------------------------------------------------------------

    def handle(self, cmd: str, request: dict[str, Any]) -> bool:
        """Answer ``cmd``; False means it does not fit this state (caller sends BAD_STATE)."""
        if cmd == "CANCEL":
            self.cancel()
            return True
        if cmd == "CONTINUE" and self.state == PAUSED:
            self._continue()
            return True
        if cmd == "GET_CERTIFICATE" and self.access_rights_shown:
            self.host.emit(service.certificate(self.host.state.base_http_url))
            return True
        if cmd in ACCESS_RIGHTS_COMMANDS and self.state == "ACCESS_RIGHTS":
            self._handle_access_rights(cmd, request)
            return True
        if cmd == "SET_CARD" and self.state == "INSERT_CARD":
            self._set_card(request)
            return True
        if cmd in ANSWER_COMMANDS and self.state in _ANSWERS and _ANSWERS[self.state][0] == cmd:
            self._answer(request)
            return True
        return False

    def cancel(self) -> None:
        logger.info("%s cancelled by the client", self.kind)
        self._fail(service.CANCELLED)

    def abort(self) -> None:
        """The client went away: end without a word, take the cards back."""
        self._stop_timer()
        self.host.state.readers.remove_all()
        self.state = "FINISHED"

    # --- access rights (AUTH only) -------------------------------------------------------

    def _handle_access_rights(self, cmd: str, request: dict[str, Any]) -> None:
        if cmd == "GET_ACCESS_RIGHTS":
            self.host.emit(service.access_rights(self.effective))
        elif cmd == "SET_ACCESS_RIGHTS":
            effective, error = service.choose_rights(request)
            if effective is not None:
                self.effective = effective
            self.host.emit(service.access_rights(self.effective, error))
        else:  # ACCEPT
            self._status(20)
            self._take_card_or_ask()

    # --- cards -----------------------------------------------------------------------------

    def _take_card_or_ask(self) -> None:
        readers = self.host.state.readers
        if self.kind == KIND_CHANGE_PIN and readers.scripted.script.present:
            readers.scripted_card_in = True
            self._emit_reader(SCRIPTED_READER)
        if readers.usable(SCRIPTED_READER):
            self.reader, self.card = SCRIPTED_READER, readers.scripted
            self._card_step(self._connect)
        else:
            self.state = "INSERT_CARD"
            self.host.emit({"msg": "INSERT_CARD"})

    def _set_card(self, request: dict[str, Any]) -> None:
        name = request.get("name")
        simulator = request.get("simulator")
        error = None
        if "name" not in request:
            error = "Name cannot be undefined"
        elif not isinstance(name, str):
            error = "Invalid name"
        elif name not in (SIMULATOR_READER, SCRIPTED_READER):
            error = "Unknown reader name"
        elif name != SIMULATOR_READER:
            error = "Card is not insertable"
        elif "simulator" in request and not (
            isinstance(simulator, dict) and isinstance(simulator.get("files", []), list)
        ):
            error = "Parameter 'simulator' is invalid"
        if error is not None:
            self.host.emit({"msg": "INSERT_CARD", "error": error})
            return
        readers = self.host.state.readers
        readers.simulator_card = SimulatorCard()
        self.reader, self.card = SIMULATOR_READER, readers.simulator_card
        self._emit_reader(SIMULATOR_READER)
        self._card_step(self._connect)

    def _connect(self) -> None:
        assert self.card is not None
        if self.card.deactivated:
            logger.info("card is deactivated; waiting for the client to cancel")
            self.state = WAITING
            return
        self._ask_next()

    def _ask_next(self) -> None:
        assert self.card is not None
        if self.card.retry_counter == 0:
            self._ask("ENTER_PUK")
        elif self.card.retry_counter == 1 and not self.can_verified:
            self._ask("ENTER_CAN")
        else:
            self._ask("ENTER_PIN")

    def _ask(self, state: str, error: str | None = None) -> None:
        self.state = self._last_asked = state
        message: dict[str, Any] = {"msg": state}
        if error is not None:
            message["error"] = error
        message["reader"] = self._reader_object()
        self.host.emit(message)

    def _answer(self, request: dict[str, Any]) -> None:
        assert self.card is not None and self.reader is not None
        kind = _ANSWERS[self.state][1]
        if self.host.state.readers.keypad(self.reader):
            if "value" in request:
                self._ask(self.state, "Value cannot be defined")
                return
            value: Any = self.card.typed_value(kind, self.pin_attempts)
        else:
            value = request.get("value")
            pattern, length_error = digits_rule(kind, self.kind)
            error = None
            if "value" not in request:
                error = "Value cannot be undefined"
            elif not isinstance(value, str):
                error = "Invalid value"
            elif not pattern.fullmatch(value):
                error = length_error
            if error is not None:
                self._ask(self.state, error)
                return
        assert isinstance(value, str)
        logger.debug("%s answered (value not logged)", self.state)
        self._card_step(lambda: self._verify(kind, value))

    def _verify(self, kind: str, value: str) -> None:
        card = self.card
        assert card is not None
        if kind == "NEW_PIN":
            card.change_pin(value)
            self._succeed()
        elif kind == "CAN":
            self.can_verified = card.check_can(value)
            self._ask("ENTER_PIN" if self.can_verified else "ENTER_CAN")
        elif kind == "PUK":
            if not card.check_puk(value):
                self._ask("ENTER_PUK")
            elif card.inoperative_revealed:
                logger.info("card is inoperative; waiting for the client to cancel")
                self.state = WAITING
                self._emit_reader(self.reader or SCRIPTED_READER)
            else:
                self._ask("ENTER_PIN")
        else:
            self._verify_pin(card, value)

    def _verify_pin(self, card: Card, value: str) -> None:
        self.pin_attempts += 1
        self.can_verified = False
        if card.script.removed_after_pin:
            logger.info("scripted card removed after the PIN")
            self._fail(service.CARD_REMOVED)
        elif self.kind == KIND_AUTH and card.transport_pin is not None:
            logger.info("card still has its Transport-PIN; authentication refused")
            self._fail(service.TRANSPORT_PIN_LEFT)
        elif not card.check_pin(value):
            self._ask_next()
        elif card.script.slips_after_pin and self.host.state.api_level >= 3:
            self._pause()
        else:
            # a slipping card on level <= 2 (or before 2.2): AusweisApp approves the pause
            self._after_pace()

    def _pause(self) -> None:
        """The card lost contact during PACE: PAUSE, the card lies still again a moment
        later (READER null, then the card), and CONTINUE goes on where PACE left off."""
        logger.info("scripted card slipped; PAUSE until CONTINUE")
        self.state = PAUSED
        self.host.emit({"msg": "PAUSE", "cause": "BadCardPosition"})
        readers = self.host.state.readers
        if self.reader == SCRIPTED_READER and readers.scripted_card_in:
            readers.scripted_card_in = False
            self._emit_reader(SCRIPTED_READER)

            def back() -> None:
                self._timer = None
                readers.scripted_card_in = True
                self._emit_reader(SCRIPTED_READER)

            self._timer = self.host.schedule(SLIP_BACK_S, back)

    def _continue(self) -> None:
        logger.info("CONTINUE after the pause")
        self._stop_timer()
        readers = self.host.state.readers
        if self.reader == SCRIPTED_READER and not readers.scripted_card_in:
            readers.scripted_card_in = True  # the visitor pressed it down meanwhile
            self._emit_reader(SCRIPTED_READER)
        self._card_step(self._after_pace)

    def _after_pace(self) -> None:
        if self.kind == KIND_CHANGE_PIN:
            if self.host.state.profile.status_during_change_pin:
                self._status(0, null_state=True)
            self._ask("ENTER_NEW_PIN")
        else:
            self._status(80)
            self._succeed()

    def _card_step(self, step: Callable[[], None]) -> None:
        """Run ``step`` after the card's delay; meanwhile only CANCEL is accepted."""
        delay_ms = self.host.state.delay_ms
        if self.card is not None:
            delay_ms += self.card.script.step_delay_ms
        self.state = BUSY

        def run() -> None:
            self._timer = None
            step()

        self._timer = self.host.schedule(delay_ms / 1000, run)

    # --- the end ---------------------------------------------------------------------------

    def _succeed(self) -> None:
        if self.kind == KIND_CHANGE_PIN:
            self._end_change_pin({"msg": KIND_CHANGE_PIN, "success": True})
            return
        self._remove_cards()
        state = self.host.state
        ref_id = state.issue_disclosure(self.effective)
        self._end(
            {
                "msg": KIND_AUTH,
                "result": {"major": service.MAJOR + "ok"},
                "url": state.disclosure_url(ref_id),
            }
        )

    def _fail(self, minor: str) -> None:
        self._stop_timer()
        if self.kind == KIND_CHANGE_PIN:
            final: dict[str, Any] = {"msg": KIND_CHANGE_PIN, "success": False}
            reason = self._reason(minor)
            if reason:
                final["reason"] = reason
            self._end_change_pin(final)
        else:
            self._remove_cards()
            self._finish_auth_failure(minor, with_url=True)

    def _reason(self, minor: str) -> str | None:
        """The failure code of 1.26.4+ (None on 1.26.2 and where it is not known)."""
        return service.REASONS.get(minor) if self.host.state.profile.reasons else None

    def _end_change_pin(self, final: dict[str, Any]) -> None:
        """1.26.2 takes the card away before the final message; 2.x after a success, but
        before a failure (recorded from 2.3.1)."""
        if self.host.state.profile.final_before_card_removal and final["success"]:
            self.state = "FINISHED"
            self.host.emit(final)
            self._remove_cards()
            self.host.workflow_finished()
        else:
            self._remove_cards()
            self._end(final)

    def _finish_auth_failure(self, minor: str, with_url: bool) -> None:
        result = service.failure_result(minor)
        reason = self._reason(minor)
        if reason:
            result["reason"] = reason
        message: dict[str, Any] = {"msg": KIND_AUTH, "result": result}
        if with_url:
            message["url"] = f"{self.host.state.base_http_url}/selfauth/error?mode=json"
        self._end(message)

    def _end(self, message: dict[str, Any]) -> None:
        self.state = "FINISHED"
        self.host.emit(message)
        self.host.workflow_finished()

    def _remove_cards(self) -> None:
        for name in self.host.state.readers.remove_all():
            self._emit_reader(name)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    # --- status and readers ----------------------------------------------------------------

    def _status(self, progress: int, *, null_state: bool = False) -> None:
        """Push STATUS; ``null_state`` as 2.x sends it in the middle of a PIN change."""
        self.progress = progress
        if self.push_status and self.host.status_enabled:
            status = self.status()
            if null_state:
                status["state"] = None
            self.host.emit({"msg": "STATUS", **status})

    def status(self) -> dict[str, Any]:
        state = self._last_asked if self.state in (BUSY, WAITING, PAUSED) else self.state
        shown = None if state in ("STARTING", "FINISHED") else state
        return {"progress": self.progress, "state": shown, "workflow": self.kind}

    def _reader_object(self) -> dict[str, Any]:
        reader = self.host.state.readers.describe(self.reader or SCRIPTED_READER)
        assert reader is not None
        return reader

    def _emit_reader(self, name: str) -> None:
        reader = self.host.state.readers.describe(name)
        assert reader is not None
        self.host.emit({"msg": "READER", **reader})
