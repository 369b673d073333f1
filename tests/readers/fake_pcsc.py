"""A scripted, in-memory PC/SC service for unit tests of the worker and the CLI.

The test changes the world (`add_reader`, `insert`, `remove`, `stop_service`);
blocked `get_status_change` calls wake up exactly like pcscd's would. Cards are
answered by a `transmit` function, e.g. a virtual card profile's `answer`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from eid.readers.pcsc import (
    PNP_NOTIFICATION,
    STATE_CHANGED,
    STATE_EMPTY,
    STATE_PRESENT,
    STATE_UNKNOWN,
    PcscError,
    ReaderState,
    ResultCode,
)

Transmit = Callable[[bytes], bytes]


@dataclass
class FakeReader:
    features_tlv: bytes | None = b""  # None: the driver refuses the feature request
    atr: bytes = b""
    transmit: Transmit | None = None
    events: int = 0

    @property
    def state(self) -> int:
        flag = STATE_PRESENT if self.transmit is not None else STATE_EMPTY
        return flag | (self.events << 16)


@dataclass
class FakePcsc:
    """The service; `factory` is the `ContextFactory` to inject."""

    up: bool = True
    readers: dict[str, FakeReader] = field(default_factory=dict)
    generation: int = 0  # bumped when the service restarts: old contexts die
    reader_changes: int = 0
    open_contexts: int = 0
    sent: list[bytes] = field(default_factory=list)
    condition: threading.Condition = field(default_factory=threading.Condition)

    def factory(self) -> FakeContext:
        with self.condition:
            if not self.up:
                raise PcscError("SCardEstablishContext", ResultCode.E_NO_SERVICE)
            self.open_contexts += 1
            return FakeContext(self, self.generation)

    def change(self, action: Callable[[], None]) -> None:
        with self.condition:
            action()
            self.condition.notify_all()

    def add_reader(self, name: str, features_tlv: bytes | None = b"") -> None:
        def add() -> None:
            self.readers[name] = FakeReader(features_tlv)
            self.reader_changes += 1

        self.change(add)

    def remove_reader(self, name: str) -> None:
        def remove() -> None:
            del self.readers[name]
            self.reader_changes += 1

        self.change(remove)

    def insert(self, name: str, atr: bytes, transmit: Transmit) -> None:
        def insert() -> None:
            reader = self.readers[name]
            reader.atr, reader.transmit = atr, transmit
            reader.events += 1

        self.change(insert)

    def remove(self, name: str) -> None:
        def remove() -> None:
            reader = self.readers[name]
            reader.atr, reader.transmit = b"", None
            reader.events += 1

        self.change(remove)

    def stop_service(self) -> None:
        def stop() -> None:
            self.up = False
            self.generation += 1

        self.change(stop)

    def start_service(self) -> None:
        self.change(lambda: setattr(self, "up", True))


class FakeCard:
    def __init__(self, service: FakePcsc, reader: FakeReader, direct: bool) -> None:
        self._service = service
        self._reader = reader
        self._direct = direct
        self._transmit = reader.transmit

    def transmit(self, apdu: bytes) -> bytes:
        if self._reader.transmit is not self._transmit or self._transmit is None:
            raise PcscError("SCardTransmit", ResultCode.W_REMOVED_CARD)
        self._service.sent.append(apdu)
        return self._transmit(apdu)

    def control(self, code: int, data: bytes) -> bytes:
        if self._reader.features_tlv is None:
            raise PcscError("SCardControl", ResultCode.E_UNSUPPORTED_FEATURE)
        return self._reader.features_tlv

    def begin_transaction(self) -> None:
        pass

    def end_transaction(self) -> None:
        pass

    def disconnect(self) -> None:
        pass


class FakeContext:
    def __init__(self, service: FakePcsc, generation: int) -> None:
        self._service = service
        self._generation = generation
        self._cancelled = False
        self.released = False

    def _check_alive(self, operation: str) -> None:
        if not self._service.up or self._service.generation != self._generation:
            raise PcscError(operation, ResultCode.F_COMM_ERROR)

    def list_readers(self) -> list[str]:
        with self._service.condition:
            self._check_alive("SCardListReaders")
            return list(self._service.readers)

    def _current(self, name: str) -> int:
        if name == PNP_NOTIFICATION:
            return self._service.reader_changes << 16
        reader = self._service.readers.get(name)
        return STATE_UNKNOWN if reader is None else reader.state

    def get_status_change(self, timeout_ms: int, states: list[ReaderState]) -> list[ReaderState]:
        service = self._service
        with service.condition:
            while True:
                self._check_alive("SCardGetStatusChange")
                if self._cancelled:
                    self._cancelled = False
                    raise PcscError("SCardGetStatusChange", ResultCode.E_CANCELLED)
                answer = []
                for known in states:
                    now = self._current(known.name)
                    changed = now != (known.state & ~STATE_CHANGED)
                    reader = service.readers.get(known.name)
                    atr = reader.atr if reader is not None else b""
                    answer.append(ReaderState(known.name, now | (STATE_CHANGED * changed), atr))
                if any(state.state & STATE_CHANGED for state in answer):
                    return answer
                if not service.condition.wait(timeout_ms / 1000):
                    raise PcscError("SCardGetStatusChange", ResultCode.E_TIMEOUT)

    def cancel(self) -> None:
        with self._service.condition:
            self._cancelled = True
            self._service.condition.notify_all()

    def connect(self, reader: str, *, direct: bool = False) -> FakeCard:
        with self._service.condition:
            self._check_alive("SCardConnect")
            found = self._service.readers.get(reader)
            if found is None:
                raise PcscError("SCardConnect", ResultCode.E_UNKNOWN_READER)
            if not direct and found.transmit is None:
                raise PcscError("SCardConnect", ResultCode.E_NO_SMARTCARD)
            return FakeCard(self._service, found, direct)

    def release(self) -> None:
        with self._service.condition:
            if not self.released:
                self.released = True
                self._service.open_contexts -= 1
