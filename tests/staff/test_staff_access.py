"""Staff access on an injectable clock: growing delays and the lockout, the corner gesture (and
no way in by ordinary taps), unlock, refusal, and locking itself after a minute."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from kiosk.health import Status
from kiosk.staff import CornerTaps, Lockout, PinStore, hash_pin
from kiosk.staff_access import NO_PIN_SET, StaffAccess, StaffState
from tests.qt_helpers import FakeClock

PIN = "482913"
W, H = 1920, 1080


class MemoryKeyring:
    """A keyring backend in memory, for the state machine (the real one: test_staff_pin)."""

    priority = 1

    def __init__(self, stored: str | None = None) -> None:
        self.stored = stored
        self.reads = 0

    def get_password(self, _service: str, _user: str) -> str | None:
        self.reads += 1
        return self.stored

    def set_password(self, _service: str, _user: str, value: str) -> None:
        self.stored = value


def now(work: Any) -> None:
    work()


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN)


def access(clock: FakeClock, stored: str | None) -> tuple[StaffAccess, MemoryKeyring]:
    backend = MemoryKeyring(stored)
    staff = StaffAccess(PinStore(backend), Lockout(clock), clock=clock, auto_tick=False, run=now)
    staff.probe()
    return staff, backend


# --- lockout -------------------------------------------------------------------------------


def test_delays_grow_and_five_wrong_pins_lock_out(clock: FakeClock) -> None:
    lockout = Lockout(clock)
    assert lockout.wait_s() == 0
    assert [lockout.failed() for _ in range(4)] == [1, 2, 4, 8]
    assert lockout.wait_s() == 8 and not lockout.locked_out
    clock.now += 8
    assert lockout.wait_s() == 0
    assert lockout.failed() == 300 and lockout.locked_out
    clock.now += 299
    assert lockout.locked_out and lockout.wait_s() == pytest.approx(1)
    clock.now += 1
    assert not lockout.locked_out
    assert lockout.failed() == 600  # each further wrong PIN doubles it
    lockout.succeeded()
    assert lockout.wait_s() == 0 and lockout.failures == 0


# --- the gesture ---------------------------------------------------------------------------


def taps(
    gesture: CornerTaps, clock: FakeClock, points: list[tuple[float, float]], gap: float
) -> int:
    completed = 0
    for x, y in points:
        clock.now += gap
        completed += gesture.tap(x, y, W, H)
    return completed


def test_five_quick_taps_in_the_corner_open_the_pin_pad(clock: FakeClock) -> None:
    gesture = CornerTaps("top-left", clock=clock)
    assert taps(gesture, clock, [(20, 30)] * 4, 0.4) == 0
    assert taps(gesture, clock, [(100, 110)], 0.4) == 1
    bottom_right = CornerTaps("bottom-right", clock=clock)
    assert taps(bottom_right, clock, [(W - 10, H - 10)] * 5, 0.3) == 1


def test_ordinary_taps_never_complete_the_gesture(clock: FakeClock) -> None:
    gesture = CornerTaps("top-left", clock=clock)
    # a visitor tapping the language buttons, the tiles and "Zurück", fast and for long
    visitor = [(1500, 60), (600, 500), (1300, 500), (200, 1000), (900, 700)] * 40
    assert taps(gesture, clock, visitor, 0.25) == 0
    # four corner taps, one tap elsewhere, four more: the count starts over
    mixed = [(20, 20)] * 4 + [(960, 540)] + [(20, 20)] * 4
    assert taps(gesture, clock, mixed, 0.3) == 0
    # five corner taps, but too slow (a pause over the gap, or over three seconds in all)
    assert taps(gesture, clock, [(20, 20)] * 5, 1.3) == 0
    assert taps(gesture, clock, [(20, 20)] * 5, 0.9) == 0  # 3.6 s from first to fifth
    # other corners do nothing for a top-left gesture
    corners = [(W - 20, 20), (20, H - 20), (W - 20, H - 20)]
    assert taps(gesture, clock, [corners[i % 3] for i in range(15)], 0.2) == 0


def test_one_touch_seen_twice_counts_once(clock: FakeClock) -> None:
    gesture = CornerTaps(clock=clock)
    completed = 0
    for _ in range(4):  # each touch arrives as a touch event and as Qt's mouse event of it
        clock.now += 0.3
        completed += gesture.tap(20, 20, W, H)
        clock.now += 0.01
        completed += gesture.tap(20, 20, W, H)
    assert completed == 0


# --- the state machine ---------------------------------------------------------------------


def test_unlock_with_the_right_pin(qtbot: Any, clock: FakeClock, stored: str) -> None:
    staff, _ = access(clock, stored)
    assert staff.problem is None and staff.health().status is Status.OK
    staff.submit(PIN)  # no PIN pad open: ignored
    assert staff.state is StaffState.CLOSED
    staff.gesture()
    assert staff.state is StaffState.PIN_PAD
    with qtbot.waitSignal(staff.state_changed, timeout=5000):
        staff.submit(PIN)
    assert staff.state is StaffState.OPEN


def test_wrong_pins_are_refused_logged_without_the_value_and_lock_out(
    clock: FakeClock, stored: str, caplog: pytest.LogCaptureFixture
) -> None:
    staff, backend = access(clock, stored)
    waits: list[float] = []
    staff.refused.connect(waits.append)
    staff.gesture()
    with caplog.at_level(logging.INFO):
        for wrong in ["111112", "222223", "333334", "444445"]:
            staff.submit(wrong)
            staff.submit(PIN)  # at once: too early, not even checked
            clock.now += waits[-1]
        staff.submit("555556")
        assert waits == [1, 1, 2, 2, 4, 4, 8, 8, 300]
        reads = backend.reads
        clock.now += 299
        staff.submit(PIN)  # the right PIN during the lockout is not even checked
        assert backend.reads == reads and waits[-1] == pytest.approx(1)
        assert staff.state is StaffState.PIN_PAD
        clock.now += 1
        staff.submit(PIN)
    assert staff.state is StaffState.OPEN
    assert "locked out for 300 s" in caplog.text and "wrong PIN (4 in a row)" in caplog.text
    for value in ["111112", "555556", PIN]:
        assert value not in caplog.text


def test_it_locks_itself_after_a_minute_without_touch(clock: FakeClock, stored: str) -> None:
    staff, _ = access(clock, stored)
    staff.gesture()
    staff.submit(PIN)
    clock.now += 59
    staff.touch()
    clock.now += 59
    staff.tick()
    assert staff.state is StaffState.OPEN
    clock.now += 1
    staff.tick()
    assert staff.state is StaffState.CLOSED


def test_a_forgotten_pin_pad_closes(clock: FakeClock, stored: str) -> None:
    staff, _ = access(clock, stored)
    staff.gesture()
    clock.now += 30
    staff.tick()
    assert staff.state is StaffState.CLOSED


def test_without_a_pin_staff_mode_stays_closed(clock: FakeClock) -> None:
    staff, _ = access(clock, None)
    assert staff.problem == NO_PIN_SET
    assert staff.health().status is Status.DEGRADED
    staff.gesture()
    staff.submit(PIN)
    assert staff.state is StaffState.PIN_PAD  # the pad says why; nothing is checked


def test_without_a_keyring_backend_staff_mode_stays_closed(
    clock: FakeClock, no_keyring: dict[str, str]
) -> None:
    staff = StaffAccess(PinStore(), clock=clock, auto_tick=False, run=now)
    staff.probe()
    assert staff.problem is not None and "PYTHON_KEYRING_BACKEND" in staff.problem
    staff.gesture()
    staff.submit(PIN)
    assert staff.state is not StaffState.OPEN
