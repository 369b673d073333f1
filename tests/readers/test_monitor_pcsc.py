"""ReaderMonitor against the real pcscd with the vpcd virtual reader and virtual cards."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from eid.readers.cardkind import CardKind
from eid.readers.monitor import ReaderMonitor
from eid.readers.pcsc import ServiceState
from tests.readers.conftest import VIRTUAL_READER, PcscdService
from tests.readers.recorder import Recorder
from tests.readers.virtual_card import (
    EGK,
    EID_CARD,
    PROFILE_KINDS,
    SLOW_EID_CARD,
    SLOW_UNKNOWN_CARD,
    CardProfile,
    VirtualCard,
)

pytestmark = pytest.mark.pcsc

CardMaker = Callable[..., VirtualCard]
WAIT_MS = 10_000
HARMLESS_INSTRUCTIONS = {0xA4, 0xB0}  # SELECT, READ BINARY


@pytest.fixture
def watched(qtbot: QtBot, pcscd: PcscdService) -> Iterator[tuple[ReaderMonitor, Recorder]]:
    monitor = ReaderMonitor()
    recorder = Recorder(monitor)
    monitor.start()
    qtbot.waitUntil(lambda: VIRTUAL_READER in monitor.readers, timeout=WAIT_MS)
    yield monitor, recorder
    monitor.stop()


def insert_and_wait(qtbot: QtBot, recorder: Recorder, card: VirtualCard) -> CardKind:
    before = len(recorder.inserted(VIRTUAL_READER))
    card.insert()
    qtbot.waitUntil(lambda: len(recorder.inserted(VIRTUAL_READER)) > before, timeout=WAIT_MS)
    return recorder.inserted(VIRTUAL_READER)[-1].kind


def remove_and_wait(qtbot: QtBot, recorder: Recorder, card: VirtualCard) -> None:
    before = recorder.removals(VIRTUAL_READER)
    card.remove()
    qtbot.waitUntil(lambda: recorder.removals(VIRTUAL_READER) > before, timeout=WAIT_MS)


def test_virtual_reader_appears_without_keypad(watched: tuple[ReaderMonitor, Recorder]) -> None:
    monitor, recorder = watched
    assert monitor.service_state is ServiceState.AVAILABLE
    assert ("reader+", VIRTUAL_READER) in recorder.events
    # vpcd implements no PC/SC part 10 features: a definite "no keypad".
    assert monitor.readers[VIRTUAL_READER].keypad is False


@pytest.mark.parametrize(
    ("profile", "kind"),
    PROFILE_KINDS,
    ids=lambda value: getattr(value, "value", None) or getattr(value, "name", "?"),
)
def test_insert_and_remove_report_the_card_kind(
    qtbot: QtBot,
    watched: tuple[ReaderMonitor, Recorder],
    virtual_card: CardMaker,
    profile: CardProfile,
    kind: CardKind,
) -> None:
    monitor, recorder = watched
    card = virtual_card(profile)
    assert insert_and_wait(qtbot, recorder, card) is kind
    inserted = recorder.inserted(VIRTUAL_READER)[-1]
    assert inserted.atr == profile.atr
    assert monitor.card_kind(VIRTUAL_READER) is kind
    remove_and_wait(qtbot, recorder, card)
    assert monitor.card_kind(VIRTUAL_READER) is None
    assert recorder.card_events(VIRTUAL_READER) == [f"+{kind.value}", "-"]
    assert card.apdus, "the card was never asked anything"
    assert {apdu[1] for apdu in card.apdus} <= HARMLESS_INSTRUCTIONS


def test_two_cards_in_quick_succession(
    qtbot: QtBot, watched: tuple[ReaderMonitor, Recorder], virtual_card: CardMaker
) -> None:
    monitor, recorder = watched
    health_card, id_card = virtual_card(EGK), virtual_card(EID_CARD)
    assert insert_and_wait(qtbot, recorder, health_card) is CardKind.EGK
    health_card.remove()
    id_card.insert()  # no waiting in between: the visitor swaps cards at once
    qtbot.waitUntil(lambda: monitor.card_kind(VIRTUAL_READER) is CardKind.EID, timeout=WAIT_MS)
    assert recorder.card_events(VIRTUAL_READER) == ["+egk", "-", "+eid"]


@pytest.mark.parametrize("how", ["card vanishes at its first APDU", "slow card pulled away"])
def test_card_removed_during_classification(
    qtbot: QtBot, watched: tuple[ReaderMonitor, Recorder], virtual_card: CardMaker, how: str
) -> None:
    monitor, recorder = watched
    if how.startswith("card vanishes"):
        card = virtual_card(EID_CARD, remove_after_apdus=1)
        card.insert()
    else:
        card = virtual_card(SLOW_EID_CARD)
        card.insert()
        qtbot.waitUntil(lambda: bool(card.apdus), timeout=WAIT_MS)
        card.remove()
    qtbot.waitUntil(lambda: recorder.removals(VIRTUAL_READER) == 1, timeout=WAIT_MS)
    events = recorder.card_events(VIRTUAL_READER)
    assert events[-1] == "-"
    assert events[0] in {"+unchecked", "+eid"}  # the slow card may finish its first answer
    assert monitor.card_kind(VIRTUAL_READER) is None
    # The monitor carries on normally afterwards.
    assert insert_and_wait(qtbot, recorder, virtual_card(EID_CARD)) is CardKind.EID


def test_stop_during_a_slow_classification_ends_between_two_commands(
    qtbot: QtBot, pcscd: PcscdService, virtual_card: CardMaker
) -> None:
    monitor = ReaderMonitor()
    monitor.start()
    qtbot.waitUntil(lambda: VIRTUAL_READER in monitor.readers, timeout=WAIT_MS)
    card = virtual_card(SLOW_UNKNOWN_CARD)  # would take a dozen slow answers to classify
    card.insert()
    qtbot.waitUntil(lambda: bool(card.apdus), timeout=WAIT_MS)
    monitor.stop()
    assert "pcsc-monitor" not in {thread.name for thread in threading.enumerate()}
    assert monitor.service_state is ServiceState.STOPPED
    assert monitor.cards == {}
    assert len(card.apdus) <= 2


def test_probing_switched_off_sends_nothing_and_reports_unchecked(
    qtbot: QtBot, watched: tuple[ReaderMonitor, Recorder], virtual_card: CardMaker
) -> None:
    monitor, recorder = watched
    monitor.set_probing_allowed(False)
    card = virtual_card(EID_CARD)
    assert insert_and_wait(qtbot, recorder, card) is CardKind.UNCHECKED
    assert card.apdus == []
    remove_and_wait(qtbot, recorder, card)
    monitor.set_probing_allowed(True)
    assert insert_and_wait(qtbot, recorder, card) is CardKind.EID


@pytest.mark.slow
def test_pcscd_killed_and_restarted_is_reported_and_recovered(
    qtbot: QtBot,
    pcscd: PcscdService,
    watched: tuple[ReaderMonitor, Recorder],
    virtual_card: CardMaker,
) -> None:
    monitor, recorder = watched
    card = virtual_card(EID_CARD)
    assert insert_and_wait(qtbot, recorder, card) is CardKind.EID
    recorder.clear()
    threads_before = threading.active_count()

    pcscd.stop()
    qtbot.waitUntil(lambda: monitor.service_state is ServiceState.UNAVAILABLE, timeout=WAIT_MS)
    assert monitor.readers == {}
    assert monitor.cards == {}
    assert recorder.removals(VIRTUAL_READER) == 1
    assert ServiceState.UNAVAILABLE.text_key == "readers.service.unavailable"

    pcscd.restart()
    qtbot.waitUntil(lambda: VIRTUAL_READER in monitor.readers, timeout=3 * WAIT_MS)
    assert monitor.service_state is ServiceState.AVAILABLE
    card.insert()
    qtbot.waitUntil(lambda: monitor.card_kind(VIRTUAL_READER) is CardKind.EID, timeout=WAIT_MS)
    assert recorder.services() == [ServiceState.UNAVAILABLE, ServiceState.AVAILABLE]
    assert threading.active_count() == threads_before


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.slow
def test_stop_and_start_100_times_leaks_no_thread_or_handle(
    qtbot: QtBot, pcscd: PcscdService
) -> None:
    monitor = ReaderMonitor()
    monitor.start()
    qtbot.waitUntil(lambda: VIRTUAL_READER in monitor.readers, timeout=WAIT_MS)
    monitor.stop()
    threads, fds = threading.active_count(), open_fds()
    for round_number in range(100):
        monitor.start()
        if round_number % 10 == 0:  # sometimes stop while blocked in SCardGetStatusChange
            qtbot.waitUntil(lambda: VIRTUAL_READER in monitor.readers, timeout=WAIT_MS)
        monitor.stop()
        assert monitor.service_state is ServiceState.STOPPED
    assert threading.active_count() == threads
    assert open_fds() == fds
