"""PcscWorker and ReaderMonitor against the scripted PC/SC service (no pcscd needed)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from eid.readers.cardkind import CardKind
from eid.readers.events import (
    CardInserted,
    CardRemoved,
    ReaderAdded,
    ReaderEvent,
    ReaderRemoved,
    ServiceChanged,
)
from eid.readers.monitor import ReaderMonitor
from eid.readers.pcsc import ServiceState
from eid.readers.pcsc_worker import Backoff, PcscWorker
from tests.readers.fake_pcsc import FakePcsc
from tests.readers.virtual_card import EGK, EID_CARD, PASSPORT, VirtualCard

READER = "ACME Reader 00 00"
KEYPAD_TLV = bytes.fromhex("200442330020")
FAST_BACKOFF = Backoff(first_s=0.01, max_s=0.05)
WAIT_S = 10.0
EventT = TypeVar("EventT")


class Events:
    """Thread-safe list of worker events with waiting."""

    def __init__(self) -> None:
        self.items: list[ReaderEvent] = []
        self._condition = threading.Condition()

    def __call__(self, event: ReaderEvent) -> None:
        with self._condition:
            self.items.append(event)
            self._condition.notify_all()

    def wait_for(self, predicate: Callable[[list[ReaderEvent]], bool]) -> None:
        with self._condition:
            assert self._condition.wait_for(lambda: predicate(self.items), WAIT_S), self.items

    def of(self, kind: type[EventT]) -> list[EventT]:
        with self._condition:
            return [event for event in self.items if isinstance(event, kind)]

    def states(self) -> list[ServiceState]:
        return [event.state for event in self.of(ServiceChanged)]

    def has(self, event: ReaderEvent) -> Callable[[list[ReaderEvent]], bool]:
        return lambda items: event in items


@pytest.fixture
def service() -> FakePcsc:
    fake = FakePcsc()
    fake.add_reader(READER, KEYPAD_TLV)
    return fake


@pytest.fixture
def running(service: FakePcsc) -> Iterator[tuple[PcscWorker, Events]]:
    events = Events()
    worker = PcscWorker(service.factory, events, backoff=FAST_BACKOFF)
    worker.start()
    events.wait_for(events.has(ServiceChanged(ServiceState.AVAILABLE)))
    yield worker, events
    assert worker.stop()


def card_answer(profile: object) -> Callable[[bytes], bytes]:
    return VirtualCard(profile).answer  # type: ignore[arg-type]


def test_reader_with_keypad_is_reported(running: tuple[PcscWorker, Events]) -> None:
    _, events = running
    (added,) = events.of(ReaderAdded)
    assert added.reader.name == READER
    assert added.reader.keypad is True


def test_reader_plugged_in_later_and_unplugged(
    service: FakePcsc, running: tuple[PcscWorker, Events]
) -> None:
    _, events = running
    service.add_reader("Second Reader", features_tlv=None)
    events.wait_for(lambda items: len(events.of(ReaderAdded)) == 2)
    second = events.of(ReaderAdded)[-1]
    assert second.reader.keypad is False  # feature request refused = no keypad
    service.insert("Second Reader", EGK.atr, card_answer(EGK))
    events.wait_for(lambda items: len(events.of(CardInserted)) == 1)
    service.remove_reader("Second Reader")
    events.wait_for(events.has(ReaderRemoved("Second Reader")))
    assert events.items[-2:] == [CardRemoved("Second Reader"), ReaderRemoved("Second Reader")]


def test_card_swapped_between_two_waits_is_reported_as_remove_and_insert(
    service: FakePcsc, running: tuple[PcscWorker, Events]
) -> None:
    _, events = running
    service.insert(READER, EGK.atr, card_answer(EGK))
    events.wait_for(lambda items: len(events.of(CardInserted)) == 1)

    def swap() -> None:  # both changes inside one lock: the worker never sees "empty"
        reader = service.readers[READER]
        reader.events += 2
        reader.atr, reader.transmit = EID_CARD.atr, card_answer(EID_CARD)

    service.change(swap)
    events.wait_for(lambda items: len(events.of(CardInserted)) == 2)
    kinds = [card.kind for card in events.of(CardInserted)]
    assert kinds == [CardKind.EGK, CardKind.EID]
    assert events.of(CardRemoved) == [CardRemoved(READER)]


def test_probing_off_sends_nothing(service: FakePcsc, running: tuple[PcscWorker, Events]) -> None:
    worker, events = running
    worker.set_probing_allowed(False)
    service.insert(READER, PASSPORT.atr, card_answer(PASSPORT))
    events.wait_for(lambda items: len(events.of(CardInserted)) == 1)
    (card,) = events.of(CardInserted)
    assert card.kind is CardKind.UNCHECKED
    assert service.sent == []


def test_card_pulled_during_classification(
    service: FakePcsc, running: tuple[PcscWorker, Events]
) -> None:
    _, events = running
    answers = card_answer(PASSPORT)

    def pulled_after_first_answer(apdu: bytes) -> bytes:
        answer = answers(apdu)
        threading.Thread(target=service.remove, args=(READER,)).start()
        time.sleep(0.05)  # let the removal land before the next APDU
        return answer

    service.insert(READER, PASSPORT.atr, pulled_after_first_answer)
    events.wait_for(events.has(CardRemoved(READER)))
    (card,) = events.of(CardInserted)
    assert card.kind is CardKind.UNCHECKED


def test_service_lost_and_back(service: FakePcsc, running: tuple[PcscWorker, Events]) -> None:
    _, events = running
    service.insert(READER, EID_CARD.atr, card_answer(EID_CARD))
    events.wait_for(lambda items: len(events.of(CardInserted)) == 1)
    service.stop_service()
    events.wait_for(lambda items: ServiceState.UNAVAILABLE in events.states())
    events.wait_for(events.has(ReaderRemoved(READER)))
    assert events.of(CardRemoved) == [CardRemoved(READER)]
    time.sleep(0.2)  # several backoff rounds while down: still just one UNAVAILABLE
    unavailable = [state for state in events.states() if state is ServiceState.UNAVAILABLE]
    assert len(unavailable) == 1
    service.start_service()
    events.wait_for(lambda items: len(events.of(CardInserted)) == 2)
    assert service.open_contexts == 1


def test_failing_listener_does_not_end_the_loop(service: FakePcsc) -> None:
    events = Events()
    calls = 0

    def flaky(event: ReaderEvent) -> None:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("listener broke")
        events(event)

    worker = PcscWorker(service.factory, flaky, backoff=FAST_BACKOFF)
    worker.start()
    service.insert(READER, EGK.atr, card_answer(EGK))
    events.wait_for(lambda items: len(events.of(CardInserted)) == 1)
    assert worker.running
    assert worker.stop()


def test_pcscd_missing_at_start(service: FakePcsc) -> None:
    service.up = False
    events = Events()
    worker = PcscWorker(service.factory, events, backoff=FAST_BACKOFF)
    worker.start()
    events.wait_for(lambda items: len(items) >= 2)
    assert events.states() == [
        ServiceState.STARTING,
        ServiceState.UNAVAILABLE,
    ]
    service.start_service()
    events.wait_for(lambda items: len(events.of(ReaderAdded)) == 1)
    assert worker.stop()
    assert events.items[-1] == ServiceChanged(ServiceState.STOPPED)
    assert service.open_contexts == 0


def test_stop_while_blocked_and_restart(service: FakePcsc) -> None:
    events = Events()
    worker = PcscWorker(service.factory, events, backoff=FAST_BACKOFF)
    threads = threading.active_count()
    for round_number in range(20):
        worker.start()
        wanted = round_number + 1
        events.wait_for(lambda items, wanted=wanted: len(events.of(ReaderAdded)) == wanted)
        assert worker.stop()
    assert threading.active_count() == threads
    assert service.open_contexts == 0


def test_monitor_delivers_on_the_gui_thread(qtbot: QtBot, service: FakePcsc) -> None:
    monitor = ReaderMonitor(service.factory, backoff=FAST_BACKOFF)
    seen_on: list[bool] = []
    monitor.card_inserted.connect(
        lambda card: seen_on.append(threading.current_thread() is threading.main_thread())
    )
    monitor.start()
    qtbot.waitUntil(lambda: READER in monitor.readers)
    assert monitor.readers[READER].keypad is True
    with qtbot.waitSignal(monitor.card_inserted) as inserted:
        service.insert(READER, EGK.atr, card_answer(EGK))
    assert inserted.args[0].kind is CardKind.EGK
    assert seen_on == [True]
    with qtbot.waitSignal(monitor.card_removed):
        service.remove(READER)
    assert monitor.cards == {}
    service.insert(READER, EGK.atr, card_answer(EGK))
    qtbot.waitUntil(lambda: monitor.card_kind(READER) is CardKind.EGK)
    with qtbot.waitSignals([monitor.card_removed, monitor.reader_removed]):
        monitor.stop()
    assert monitor.service_state is ServiceState.STOPPED
    assert monitor.readers == {}
