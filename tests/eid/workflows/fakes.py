"""A fake SDK client for workflow tests: real Qt signals, recorded commands, scripted frames."""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from eid.commands import Command
from eid.messages import Invalid, Message, Reader, ReaderInfo, ReaderList, parse_object


class FakeState(enum.Enum):
    """Mirrors the names of ``eid.client.ConnectionState`` that workflows look at."""

    READY = "ready"
    UNREACHABLE = "unreachable"


class FakeClient(QObject):
    """Stands in for ``AusweisClient``: ``feed`` plays SDK frames, ``sent`` records commands."""

    message_received = Signal(object)
    state_changed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.state: enum.Enum = FakeState.READY
        self._readers: dict[str, ReaderInfo] = {}
        self.sent: list[Command] = []

    @property
    def readers(self) -> Mapping[str, ReaderInfo]:
        return dict(self._readers)

    def send(self, command: Command) -> bool:
        if self.state is not FakeState.READY:
            return False
        self.sent.append(command)
        return True

    def feed(self, frame: dict[str, Any]) -> Message:
        message = parse_object(frame, json.dumps(frame))
        assert not isinstance(message, Invalid), message
        if isinstance(message, Reader):
            self._readers[message.reader.name] = message.reader
        elif isinstance(message, ReaderList):
            self._readers = {r.name: r for r in message.readers}
        self.message_received.emit(message)
        return message

    def drop(self) -> None:
        self.state = FakeState.UNREACHABLE
        self.state_changed.emit(self.state)

    @property
    def sent_names(self) -> list[str]:
        return [c.cmd for c in self.sent]

    @property
    def sent_json(self) -> list[dict[str, Any]]:
        return [json.loads(c.to_json()) for c in self.sent]
