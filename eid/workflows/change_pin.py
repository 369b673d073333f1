"""Change the PIN: Transport-PIN (5 digits) or PIN (6 digits) to a new 6-digit PIN.

Works offline. The SDK asks for the new PIN once; the kiosk asks twice on screen
(``NewPinRequest``). Keypad readers take all numbers on their own pad. Success is only
believed when SET_NEW_PIN actually went out (AusweisApp 1.26.2 can say ``success:true``
after failing before any PIN entry); such an end before any number was asked starts the
workflow again by itself, up to ``quiet_retries`` times, so the visitor never sees it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from eid.commands import Command, NumberKind, RunChangePin
from eid.messages import ChangePin, EnterPin, Message
from eid.workflows.base import ClientLike, Event, State, Workflow, card_steps
from eid.workflows.machine import TransitionTable
from eid.workflows.outcomes import Outcome, OutcomeKind, change_pin_outcome
from eid.workflows.timing import INPUT_TIMEOUT_S, Scheduler

logger = logging.getLogger(__name__)

_ACTIVE = (State.RUNNING, State.INSERT_CARD, State.ENTER_NUMBER, State.PAUSED)

CHANGE_PIN_TABLE: TransitionTable[State, Event] = {
    **card_steps(_ACTIVE),
    **{(state, Event.FINAL_SUCCESS): State.DONE for state in _ACTIVE},
}


class ChangePinWorkflow(Workflow):
    """RUN_CHANGE_PIN. ``transport_pin`` makes the first PIN request a 5-digit one."""

    table = CHANGE_PIN_TABLE
    name = "change-pin"
    # 1.26.2 with both cores busy: 1 in 7 to 10 attempts, and failures come in bursts (4 in a
    # row were seen in 100 runs), so the bound leaves room; each retry costs ~0.1 s
    quiet_retries = 5

    def __init__(
        self,
        client: ClientLike,
        *,
        transport_pin: bool = False,
        parent: QObject | None = None,
        input_timeout_s: float | None = INPUT_TIMEOUT_S,
        schedule: Scheduler | None = None,
    ) -> None:
        super().__init__(client, parent, input_timeout_s=input_timeout_s, schedule=schedule)
        self.transport_pin = transport_pin

    def run_command(self) -> Command:
        return RunChangePin()

    def number_kind(self, message: Message) -> NumberKind:
        if isinstance(message, EnterPin) and self.transport_pin:
            return NumberKind.TRANSPORT_PIN
        return super().number_kind(message)

    def handle_other(self, message: Message) -> None:
        if not isinstance(message, ChangePin):
            return
        if message.error is not None:
            if self._machine.fire(Event.REFUSED) is not None:
                self._finish(Outcome(OutcomeKind.UNKNOWN, f"AusweisApp refused: {message.error}"))
            return
        if not message.finished:
            self.started()
            return
        outcome = change_pin_outcome(message, self._seen)
        if self.retry_quietly(outcome):
            return
        event = Event.FINAL_SUCCESS if message.success else Event.FINAL_FAILURE
        if self._machine.fire(event) is not None:
            self._finish(outcome)
