"""The protocol core without a network: frames in, messages out, card steps on a virtual
clock. Shows the delays the presets and --delay-ms ask for without waiting for them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest

from eid.emulator.cards import PRESETS, CardScript, card_script
from eid.emulator.person import self_disclosure
from eid.emulator.protocol import Session, qt_json_error
from eid.emulator.state import EmulatorState
from tests.fake_schedule import FakeScheduler, Pending


@dataclass
class Harness:
    """A Session wired to lists: ``sent`` collects messages, ``steps`` the card steps."""

    state: EmulatorState
    sent: list[dict[str, Any]] = field(default_factory=list)
    scheduler: FakeScheduler = field(default_factory=FakeScheduler)

    def __post_init__(self) -> None:
        self.session = Session(self.state, self.sent.append, self.scheduler)

    @property
    def steps(self) -> list[Pending]:
        return self.scheduler.calls

    def send(self, **request: Any) -> list[str]:
        """Send a command, run due card steps, return the names of what came back."""
        start = len(self.sent)
        self.session.handle_text(json.dumps(request))
        self.run_steps()
        return [m["msg"] for m in self.sent[start:]]

    def run_steps(self) -> None:
        while pending := self.scheduler.live:
            step = pending[0]
            self.steps.remove(step)
            step.callback()


def harness(preset: str | CardScript, delay_ms: int = 0) -> Harness:
    script = preset if isinstance(preset, CardScript) else card_script(preset)
    return Harness(EmulatorState(script, delay_ms))


def test_slow_preset_and_delay_option_delay_every_card_step() -> None:
    h = harness("slow", delay_ms=50)
    h.session.handle_text(json.dumps({"cmd": "RUN_CHANGE_PIN"}))
    assert [m["msg"] for m in h.sent] == ["CHANGE_PIN", "READER"]  # ENTER_PIN not yet
    assert [s.delay_s for s in h.steps] == [pytest.approx(0.85)]
    h.run_steps()
    assert h.sent[-1]["msg"] == "ENTER_PIN"
    h.session.handle_text(json.dumps({"cmd": "SET_PIN", "value": "123456"}))
    assert h.steps[-1].delay_s == pytest.approx(0.85)


def test_cancel_drops_the_pending_card_step() -> None:
    h = harness("slow")
    h.session.handle_text(json.dumps({"cmd": "RUN_CHANGE_PIN"}))
    assert h.send(cmd="CANCEL") == ["READER", "CHANGE_PIN"]
    assert all(s.cancelled for s in h.steps)


def test_disconnect_mid_step_leaves_no_card_and_no_workflow() -> None:
    h = harness("good")
    h.session.handle_text(json.dumps({"cmd": "RUN_CHANGE_PIN"}))
    h.session.disconnected()
    assert all(s.cancelled for s in h.steps)
    assert h.session.workflow is None
    assert h.state.readers.card_on("Plietsch Emulator") is None


def test_every_preset_has_a_description_and_keypad_twins_have_keypad() -> None:
    for name, script in PRESETS.items():
        assert script.description, name
        assert script.keypad == (name.endswith("-keypad") or name == "keypad"), name


def test_card_script_rejects_impossible_counters() -> None:
    with pytest.raises(ValueError, match="retry_counter"):
        CardScript("x", "bad", retry_counter=4)
    with pytest.raises(ValueError, match="unknown card preset 'x'"):
        card_script("x")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('{"cmd": "GET_INFO"}', None),
        ("not json", "illegal value (offset: 1)"),
        ('{"cmd":', "unterminated object (offset: 7)"),
        ('{"a": "b\\q"}', "invalid escape sequence"),
        ('{"a": "b', "unterminated string"),
        ("Infinity", "illegal value"),
    ],
)
def test_json_errors_use_qt_words(text: str, error: str | None) -> None:
    result = qt_json_error(text)
    if error is None:
        assert result is None
    else:
        assert result is not None
        assert result.startswith(error)


def test_self_disclosure_marks_each_field() -> None:
    data = self_disclosure(["FamilyName", "DoctoralDegree"])
    assert data["PersonalData"] == {"FamilyNames": "MUSTERMANN"}
    assert data["OperationsAllowedByUser"]["FamilyNames"] == "ALLOWED"
    assert data["OperationsAllowedByUser"]["AcademicTitle"] == "NOTONCHIP"
    assert data["OperationsAllowedByUser"]["GivenNames"] == "PROHIBITED"
