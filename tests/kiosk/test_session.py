"""Idle warning, countdown, reset and the wipe registry, driven by a fake clock (no sleeping)."""

from __future__ import annotations

import logging

import pytest

from kiosk.session import EndReason, Phase, VisitorSession
from tests.qt_helpers import FakeClock


@pytest.fixture
def session(clock: FakeClock) -> VisitorSession:
    return VisitorSession(60, 20, clock=clock, auto_tick=False)


def later(session: VisitorSession, clock: FakeClock, seconds: float) -> None:
    """Let the seconds pass and the session's timer tick once."""
    clock.now += seconds
    session.tick()


def test_idle_leads_to_warning_then_reset(session: VisitorSession, clock: FakeClock) -> None:
    warnings: list[int] = []
    counts: list[int] = []
    ends: list[EndReason] = []
    wiped: list[str] = []
    session.warning_started.connect(warnings.append)
    session.countdown.connect(counts.append)
    session.ended.connect(ends.append)
    session.register_wipe("screen", lambda: wiped.append("screen"))
    session.start()
    later(session, clock, 59)
    assert session.phase is Phase.ACTIVE
    later(session, clock, 1)
    assert session.phase is Phase.WARNING
    assert warnings == [20]
    for _ in range(19):
        later(session, clock, 1)
    assert counts == list(range(19, 0, -1))
    assert ends == []
    later(session, clock, 1)
    assert counts[-1] == 0
    assert ends == [EndReason.IDLE]
    assert wiped == ["screen"]
    assert session.phase is Phase.NO_VISITOR


def test_one_tap_continues(session: VisitorSession, clock: FakeClock) -> None:
    continued: list[bool] = []
    ends: list[EndReason] = []
    session.continued.connect(lambda: continued.append(True))
    session.ended.connect(ends.append)
    session.start()
    later(session, clock, 61)
    later(session, clock, 15)
    session.touch()
    assert continued == [True]
    assert session.phase is Phase.ACTIVE
    later(session, clock, 30)
    assert ends == []
    assert session.phase is Phase.ACTIVE


def test_activity_postpones_the_warning(session: VisitorSession, clock: FakeClock) -> None:
    session.start()
    for _ in range(10):
        clock.now += 50
        session.touch()
        session.tick()
    assert session.phase is Phase.ACTIVE


def test_no_visitor_no_warning(session: VisitorSession, clock: FakeClock) -> None:
    later(session, clock, 10_000)
    assert session.phase is Phase.NO_VISITOR


def test_done_wipes_and_a_failing_wipe_does_not_stop_others(
    session: VisitorSession, caplog: pytest.LogCaptureFixture
) -> None:
    wiped: list[str] = []

    def broken() -> None:
        raise RuntimeError("visitor typed 123456")

    session.register_wipe("broken", broken)
    session.register_wipe("ok", lambda: wiped.append("ok"))
    session.start()
    with caplog.at_level(logging.INFO):
        session.end(EndReason.DONE)
    assert wiped == ["ok"]
    assert "123456" not in caplog.text
    assert "wipe broken failed: RuntimeError" in caplog.text


def test_sessions_are_counted(session: VisitorSession) -> None:
    for _ in range(3):
        session.start()
        session.start()
        session.end(EndReason.DONE)
    assert session.count == 3


def test_real_timer_ticks(qtbot: object, clock: FakeClock) -> None:
    session = VisitorSession(10, 20, clock=clock)
    session.start()
    clock.now += 11
    with qtbot.waitSignal(session.warning_started, timeout=5000):  # type: ignore[attr-defined]
        pass
    session.end(EndReason.DONE)
