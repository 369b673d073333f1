"""Staff mode as a small state machine: closed → PIN pad → checking → open, and back to closed
on "lock", after a minute without a touch, or when the PIN pad is left alone.

Why a worker thread for the check: the keyring may ask D-Bus and scrypt costs tens of
milliseconds by design; neither may freeze the visitor's screen. The PIN travels to the worker
and is dropped there; only "matched or not" comes back. Wrong PINs go through `Lockout`, and
every refusal, lockout, unlock and lock is logged as an event, never with the entered value.
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.health import Check, Status
from kiosk.staff import NO_BACKEND_HELP, Clock, Lockout, PinStore, verify_pin

logger = logging.getLogger(__name__)

Runner = Callable[[Callable[[], None]], None]
TICK_MS = 1000
NO_PIN_SET = "no staff PIN is set; set one with `python main.py --set-staff-pin`"
NOT_CHECKED = "staff access is still being checked"
SWITCHED_OFF = "staff mode is off in the config"


def staff_check(problem: str | None) -> Check:
    """The health check of staff access, from why it cannot open (None: it can)."""
    if problem is None:
        return Check("staff", Status.OK, "staff PIN set; staff mode can be opened")
    if problem == SWITCHED_OFF:
        return Check("staff", Status.OK, problem)
    return Check("staff", Status.UNKNOWN if problem == NOT_CHECKED else Status.DEGRADED, problem)


def probe_store(store: PinStore) -> str | None:
    """Why staff mode cannot open with this keyring (blocking: a worker, or the CLI)."""
    try:
        problem = store.problem()
        if problem is None and store.load() is None:
            problem = NO_PIN_SET
    except Exception as error:  # the keyring may fail in many ways; none is fatal
        problem = f"the keyring cannot be read: {type(error).__name__}: {error}"
    return problem


def in_thread(work: Callable[[], None]) -> None:
    threading.Thread(target=work, name="staff-access", daemon=True).start()


class StaffState(enum.Enum):
    CLOSED = "closed"
    PIN_PAD = "pin_pad"
    CHECKING = "checking"
    OPEN = "open"


class StaffAccess(QObject):
    """See the module docstring. `problem` is None when staff mode can be opened.

    Signals:
        state_changed(StaffState)
        refused(float): a wrong PIN, or one tried too early: seconds until the next try.
        problem_changed(): `problem` is known (after `probe()`) or changed.
    """

    state_changed = Signal(object)
    refused = Signal(float)
    problem_changed = Signal()
    _checked = Signal(bool, str)  # from the worker: matched, problem ("" when none)
    _probed = Signal(str)  # from the worker: problem ("" when none)

    def __init__(
        self,
        store: PinStore,
        lockout: Lockout | None = None,
        *,
        enabled: bool = True,
        auto_lock_s: float = 60,
        pad_timeout_s: float = 30,
        clock: Clock = time.monotonic,
        auto_tick: bool = True,
        run: Runner = in_thread,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.lockout = lockout or Lockout(clock)
        self.auto_lock_s = auto_lock_s
        self.pad_timeout_s = pad_timeout_s
        self._clock = clock
        self._run = run
        self._state = StaffState.CLOSED
        self._last_touch = clock()
        self.problem: str | None = NOT_CHECKED if enabled else SWITCHED_OFF
        self._enabled = enabled
        self._checked.connect(self._on_checked)
        self._probed.connect(self._on_probed)
        self._timer: QTimer | None = None
        if auto_tick:
            self._timer = QTimer(self)
            self._timer.setInterval(TICK_MS)
            self._timer.timeout.connect(self.tick)

    @property
    def state(self) -> StaffState:
        return self._state

    @property
    def is_open(self) -> bool:
        return self._state is StaffState.OPEN

    @property
    def problem_key(self) -> str | None:
        """What the PIN pad tells staff: "no_pin", "no_keyring", "off", "checking", "other"."""
        problem = self.problem
        if problem is None:
            return None
        known = {NO_PIN_SET: "no_pin", NOT_CHECKED: "checking", SWITCHED_OFF: "off"}
        if problem in known:
            return known[problem]
        return "no_keyring" if NO_BACKEND_HELP in problem else "other"

    def probe(self) -> None:
        """Find out (in the worker) whether a keyring backend and a staff PIN are there."""
        if not self._enabled:
            return

        def work() -> None:
            problem = probe_store(self._store) or ""
            try:
                self._probed.emit(problem)
            except RuntimeError:  # the kiosk stopped while the keyring was asked: nobody to tell
                logger.debug("staff access: probe finished after shutdown")

        self._run(work)

    def health(self) -> Check:
        """For the health report: can staff get in? (from the last probe)"""
        return staff_check(self.problem)

    # --- intents ---------------------------------------------------------------------------

    def gesture(self) -> None:
        """The hidden gesture: show the PIN pad (it says why, if staff mode cannot open)."""
        if self._state is StaffState.CLOSED:
            logger.info("staff: PIN pad opened by the gesture")
            self._move(StaffState.PIN_PAD)

    def submit(self, pin: str) -> None:
        """Check `pin`; the answer comes as state OPEN or as `refused`."""
        if self._state is not StaffState.PIN_PAD or self.problem is not None:
            return
        wait = self.lockout.wait_s()
        if wait > 0:
            logger.info("staff: PIN tried %.0f s too early; not checked", wait)
            self.refused.emit(wait)
            return
        self._move(StaffState.CHECKING)
        store = self._store

        def work() -> None:
            try:
                stored = store.load()
                matched = stored is not None and verify_pin(pin, stored)
                problem = "" if stored is not None else NO_PIN_SET
            except Exception as error:
                matched, problem = False, f"the keyring cannot be read: {type(error).__name__}"
            try:
                self._checked.emit(matched, problem)
            except RuntimeError:  # the kiosk stopped meanwhile: nobody is waiting any more
                logger.debug("staff access: PIN check finished after shutdown")

        self._run(work)

    def cancel(self) -> None:
        if self._state in {StaffState.PIN_PAD, StaffState.CHECKING}:
            self._move(StaffState.CLOSED)

    def lock(self, why: str = "by staff") -> None:
        if self._state is StaffState.CLOSED:
            return
        if self._state is StaffState.OPEN:
            logger.info("staff: locked (%s)", why)
        self._move(StaffState.CLOSED)

    def touch(self) -> None:
        self._last_touch = self._clock()

    def tick(self) -> None:
        idle = self._clock() - self._last_touch
        if self._state is StaffState.OPEN and idle >= self.auto_lock_s:
            self.lock(f"after {self.auto_lock_s:.0f} s without a touch")
        elif self._state is StaffState.PIN_PAD and idle >= self.pad_timeout_s:
            logger.info("staff: PIN pad closed after %.0f s without a touch", self.pad_timeout_s)
            self._move(StaffState.CLOSED)

    # --- internals -------------------------------------------------------------------------

    def _on_probed(self, problem: str) -> None:
        self.problem = problem or None
        if problem:
            logger.warning("staff mode closed: %s", problem)
        else:
            logger.info("staff mode available (keyring %s)", self._store.backend_name())
        self.problem_changed.emit()

    def _on_checked(self, matched: bool, problem: str) -> None:
        if problem:
            self.problem = problem
            self.problem_changed.emit()
        if matched:
            self.lockout.succeeded()
            if self._state is StaffState.CHECKING:
                logger.info("staff: unlocked")
                self._move(StaffState.OPEN)
            return
        wait = self.lockout.failed() if not problem else 0.0
        failures = self.lockout.failures
        if failures >= self.lockout.lockout_after:
            logger.warning("staff: %d wrong PINs in a row; locked out for %.0f s", failures, wait)
        elif not problem:
            logger.warning("staff: wrong PIN (%d in a row); next try in %.0f s", failures, wait)
        if self._state is StaffState.CHECKING:
            self._move(StaffState.PIN_PAD)
        self.refused.emit(wait)

    def _move(self, state: StaffState) -> None:
        if state is self._state:
            return
        self._state = state
        self.touch()
        if self._timer is not None:
            if state is StaffState.CLOSED:
                self._timer.stop()
            else:
                self._timer.start()
        self.state_changed.emit(state)
