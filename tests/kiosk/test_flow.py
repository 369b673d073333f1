"""The shell's navigation table, every transition, and ignored intents."""

from __future__ import annotations

from enum import Enum

import pytest

from kiosk.flow import RESUME, SHELL_TABLE, Intent, Machine, Shell, shell_machine

PATH_TO = {
    Shell.ATTRACT: [],
    Shell.MENU: [Intent.TOUCH],
    Shell.STATION: [Intent.TOUCH, Intent.CHOOSE_LANGUAGE, Intent.OPEN_STATION],
    Shell.IDLE_WARNING: [Intent.TOUCH, Intent.CHOOSE_LANGUAGE, Intent.IDLE],
}


def machine_in(state: Shell) -> Machine:
    machine = shell_machine()
    for intent in PATH_TO[state]:
        assert machine.fire(intent)
    assert machine.state is state
    return machine


@pytest.mark.parametrize(("key", "target"), list(SHELL_TABLE.items()), ids=str)
def test_every_transition(key: tuple[Enum, Enum], target: Enum) -> None:
    state, intent = key
    assert isinstance(state, Shell)
    machine = machine_in(state)
    assert machine.fire(intent)
    expected = Shell.MENU if target is RESUME else target
    assert machine.state is expected


@pytest.mark.parametrize("state", list(Shell))
def test_unknown_intents_are_ignored(state: Shell) -> None:
    for intent in Intent:
        if (state, intent) in SHELL_TABLE:
            continue
        machine = machine_in(state)
        ignored: list[tuple[Enum, Enum]] = []
        machine.ignored.connect(lambda s, i, seen=ignored: seen.append((s, i)))
        assert not machine.fire(intent)
        assert machine.state is state
        assert ignored == [(state, intent)]


def test_continue_returns_to_the_screen_before_the_warning() -> None:
    machine = machine_in(Shell.STATION)
    machine.fire(Intent.IDLE)
    assert machine.state is Shell.IDLE_WARNING
    machine.fire(Intent.CONTINUE)
    assert machine.state is Shell.STATION


def test_every_session_state_can_end_and_time_out() -> None:
    for state in (Shell.MENU, Shell.STATION):
        assert SHELL_TABLE[(state, Intent.DONE)] is Shell.ATTRACT
        assert SHELL_TABLE[(state, Intent.IDLE)] is Shell.IDLE_WARNING
        assert SHELL_TABLE[(state, Intent.ERROR)] is Shell.ATTRACT


def test_changed_signal_and_reset() -> None:
    machine = machine_in(Shell.MENU)
    seen: list[tuple[Enum, Enum]] = []
    machine.changed.connect(lambda old, new: seen.append((old, new)))
    machine.reset()
    assert machine.state is Shell.ATTRACT
    assert seen == [(Shell.MENU, Shell.ATTRACT)]


def test_one_tap_starts_and_there_is_no_separate_language_screen() -> None:
    """Walk-through item 16: the start screen is the only place to choose a language before
    the visit; a tap elsewhere starts in the default language, both lead to the menu."""
    assert {state.value for state in Shell} == {"attract", "menu", "station", "idle_warning"}
    for intent in (Intent.TOUCH, Intent.CHOOSE_LANGUAGE):
        machine = shell_machine()
        assert machine.fire(intent)
        assert machine.state is Shell.MENU
    assert SHELL_TABLE[(Shell.MENU, Intent.BACK)] is Shell.ATTRACT
