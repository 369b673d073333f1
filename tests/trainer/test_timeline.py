"""The trainer timeline from masked SDK frames, on a fake clock."""

from __future__ import annotations

import json
from typing import Any

from tests.qt_helpers import FakeClock
from ui.trainer.timeline import State, Step, Timeline

OK = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#ok"
ERROR = "http://www.bsi.bund.de/ecard/api/1.1/resultmajor#error"


def reader(counter: int | None, **card: Any) -> dict[str, Any]:
    info = None if counter is None else {"retryCounter": counter, **card}
    return {"name": "R", "attached": True, "keypad": False, "card": info}


Frame = tuple[float, str, dict[str, Any]]  # seconds since the frame before, direction, frame


def number_asked(number: str, counter: int, wait_s: float, *, typing_s: float) -> list[Frame]:
    """AusweisApp asks for PIN/CAN/PUK/NEW_PIN; the kiosk sends it (masked) typing_s later."""
    return [
        (wait_s, "recv", {"msg": f"ENTER_{number}", "reader": reader(counter)}),
        (typing_s, "send", {"cmd": f"SET_{number}", "value": "***"}),
    ]


def auth_failed(wait_s: float, minor: str | None = None) -> Frame:
    result = {"major": ERROR} if minor is None else {"major": ERROR, "minor": minor}
    return (wait_s, "recv", {"msg": "AUTH", "result": result})


def play(timeline: Timeline, clock: FakeClock, frames: list[Frame]) -> None:
    for delay, direction, frame in frames:
        clock.now += delay
        timeline.feed(direction, json.dumps(frame))


def states(timeline: Timeline) -> dict[Step, State]:
    return {record.step: record.state for record in timeline.steps}


def notes(timeline: Timeline, step: Step) -> list[str]:
    record = timeline.step(step)
    assert record is not None
    return [key for key, _ in record.notes]


START = [
    (0, "send", {"cmd": "RUN_AUTH", "tcTokenURL": "https://x/t"}),
    (0.1, "recv", {"msg": "AUTH"}),
]
RIGHTS = [
    (1.0, "recv", {"msg": "ACCESS_RIGHTS", "chat": {}}),
    (0.1, "send", {"cmd": "GET_CERTIFICATE"}),
    (0.1, "recv", {"msg": "CERTIFICATE"}),
    (4.0, "send", {"cmd": "ACCEPT"}),
]


def test_frames_before_a_run_are_not_kept(clock: FakeClock) -> None:
    timeline = Timeline(clock)
    assert not timeline.feed("recv", json.dumps({"msg": "READER", **reader(3)}))
    assert timeline.kind is None and timeline.frames == []


def test_a_successful_authentication_with_one_wrong_pin(clock: FakeClock) -> None:
    timeline = Timeline(clock)
    play(timeline, clock, START + RIGHTS)
    assert states(timeline)[Step.CONNECT] is State.DONE
    assert timeline.step(Step.CONNECT).duration_ms(clock.now) == 1100  # type: ignore[union-attr]
    assert timeline.step(Step.RIGHTS).duration_ms(clock.now) == 4200  # type: ignore[union-attr]
    play(
        timeline,
        clock,
        [
            (0.2, "recv", {"msg": "INSERT_CARD"}),
            (3.0, "recv", {"msg": "READER", **reader(3)}),
            *number_asked("PIN", 3, 0.1, typing_s=5.0),
            *number_asked("PIN", 2, 1.0, typing_s=5.0),
        ],
    )
    assert timeline.active is not None and timeline.active.step is Step.PACE
    assert notes(timeline, Step.PACE) == ["trainer.note.ask_pin", "trainer.note.pin_again"]
    assert timeline.step(Step.PACE).notes[1][1] == {"counter": 2}  # type: ignore[union-attr]
    play(
        timeline,
        clock,
        [
            (1.5, "recv", {"msg": "STATUS", "progress": 60}),
            (2.0, "recv", {"msg": "STATUS", "progress": 80}),
            (0.8, "recv", {"msg": "READER", **reader(None)}),
            (0.1, "recv", {"msg": "AUTH", "result": {"major": OK}, "url": "https://x/***"}),
        ],
    )
    assert not timeline.running and timeline.outcome == "success"
    assert set(states(timeline).values()) == {State.DONE}
    assert timeline.step(Step.PACE).duration_ms(clock.now) == 12500  # type: ignore[union-attr]
    assert timeline.step(Step.TA_CA).duration_ms(clock.now) == 2000  # type: ignore[union-attr]
    assert notes(timeline, Step.READING) == []  # the card goes back at every end: no news
    assert notes(timeline, Step.RESULT) == ["trainer.note.success"]
    assert [f.name for f in timeline.frames][:3] == ["RUN_AUTH", "AUTH", "ACCESS_RIGHTS"]


def test_can_then_puk_then_blocked_for_good(clock: FakeClock) -> None:
    timeline = Timeline(clock)
    play(
        timeline,
        clock,
        [
            *START,
            *RIGHTS,
            *number_asked("CAN", 1, 0.5, typing_s=3),
            *number_asked("PIN", 1, 1, typing_s=3),
            *number_asked("PUK", 0, 1, typing_s=3),
            (1, "recv", {"msg": "READER", **reader(0, inoperative=True)}),
            (0.5, "send", {"cmd": "CANCEL"}),
            auth_failed(0.3, "x/sal#cancellationByUser"),
        ],
    )
    assert states(timeline)[Step.CARD] is State.SKIPPED  # the card already lay there
    assert notes(timeline, Step.PACE) == [
        "trainer.note.ask_can",
        "trainer.note.ask_pin",  # after the CAN: asked, not wrong
        "trainer.note.ask_puk",
        "trainer.note.inoperative",
    ]
    assert states(timeline)[Step.PACE] is State.FAILED
    assert states(timeline)[Step.TA_CA] is State.SKIPPED
    assert states(timeline)[Step.RESULT] is State.FAILED
    assert timeline.step(Step.RESULT).notes == [  # type: ignore[union-attr]
        ("trainer.minor.cancelled", {"code": "sal#cancellationByUser"})
    ]


def test_card_taken_away_during_the_pin(clock: FakeClock) -> None:
    timeline = Timeline(clock)
    play(
        timeline,
        clock,
        [
            *START,
            *RIGHTS,
            *number_asked("PIN", 3, 0.5, typing_s=3),
            (0.4, "recv", {"msg": "READER", **reader(None)}),
            auth_failed(0.1, "x/ifdl#cancellationByUser"),
        ],
    )
    assert "trainer.note.card_gone" in notes(timeline, Step.PACE)
    assert notes(timeline, Step.RESULT) == ["trainer.minor.card_removed"]


def test_a_pin_change_has_its_own_steps(clock: FakeClock) -> None:
    timeline = Timeline(clock)
    play(
        timeline,
        clock,
        [
            (0, "send", {"cmd": "RUN_CHANGE_PIN"}),
            (0.1, "recv", {"msg": "CHANGE_PIN"}),
            (0.1, "recv", {"msg": "INSERT_CARD"}),
            *number_asked("PIN", 3, 2, typing_s=4),
            *number_asked("NEW_PIN", 3, 1, typing_s=6),
            (1, "recv", {"msg": "CHANGE_PIN", "success": True}),
        ],
    )
    assert [r.step for r in timeline.steps] == [
        Step.CONNECT,
        Step.CARD,
        Step.PACE,
        Step.NEW_PIN,
        Step.RESULT,
    ]
    assert set(states(timeline).values()) == {State.DONE}
    assert timeline.step(Step.NEW_PIN).duration_ms(clock.now) == 7000  # type: ignore[union-attr]
    assert round(timeline.elapsed_s(), 3) == 14.2


def test_a_new_run_starts_afresh(clock: FakeClock) -> None:
    timeline = Timeline(clock)
    play(timeline, clock, [*START, auth_failed(1)])
    assert timeline.outcome == "failure"
    play(timeline, clock, START)
    assert timeline.running and timeline.outcome is None
    assert [f.name for f in timeline.frames] == ["RUN_AUTH", "AUTH"]
