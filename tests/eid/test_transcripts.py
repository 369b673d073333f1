"""Replay every recorded AusweisApp exchange (1.26.2 and 2.3.1) through the client over a
fake socket.

The client is driven the way the recording was (same commands, in order); it must send
exactly the recorded frames, emit exactly the recorded messages in order, track the
readers as the SDK reported them, and still be READY at the end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from eid import commands
from eid.client import AusweisClient, ConnectionState
from eid.messages import Invalid, Reader, ReaderInfo, ReaderList, parse_message
from tests.eid.fakes import (
    TOO_MANY,
    FakeSocketFactory,
    load_transcript,
    refusing_sdk,
    transcript_files,
)

URL = "ws://127.0.0.1:24727/eID-Kernel"

_BUILDERS: dict[str, Any] = {
    "GET_INFO": lambda d: commands.GetInfo(),
    "GET_STATUS": lambda d: commands.GetStatus(),
    "GET_API_LEVEL": lambda d: commands.GetApiLevel(),
    "SET_API_LEVEL": lambda d: commands.SetApiLevel(d["level"]),
    "GET_READER": lambda d: commands.GetReader(d["name"]),
    "GET_READER_LIST": lambda d: commands.GetReaderList(),
    "RUN_AUTH": lambda d: commands.RunAuth(d["tcTokenURL"]),
    "RUN_CHANGE_PIN": lambda d: commands.RunChangePin(),
    "SET_CARD": lambda d: commands.SetCard(d["name"]),
    "SET_PIN": lambda d: commands.SetPin(value=d.get("value")),
    "SET_NEW_PIN": lambda d: commands.SetNewPin(value=d.get("value")),
    "ACCEPT": lambda d: commands.Accept(),
    "CANCEL": lambda d: commands.Cancel(),
    "GET_ACCESS_RIGHTS": lambda d: commands.GetAccessRights(),
}


def as_command(data: Any) -> commands.Command | None:
    """The typed command a workflow would send for this recorded frame (None: raw only)."""
    if not isinstance(data, dict) or data.get("cmd") not in _BUILDERS:
        return None
    try:
        command: commands.Command = _BUILDERS[data["cmd"]](data)
    except (KeyError, ValueError):
        return None  # e.g. RUN_AUTH without URL: only a raw frame can say that
    return command


def expected_readers(frames: list[Any]) -> dict[str, ReaderInfo]:
    readers: dict[str, ReaderInfo] = {}
    for message in (parse_message(json.dumps(f)) for f in frames):
        if isinstance(message, Reader) and message.error is None:
            readers[message.reader.name] = message.reader
        elif isinstance(message, ReaderList):
            readers = {r.name: r for r in message.readers}
    return readers


@pytest.mark.parametrize(
    "path", transcript_files(all_versions=True), ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_replay(qtbot: QtBot, path: Path) -> None:
    entries = load_transcript(path)
    factory = FakeSocketFactory()
    client = AusweisClient(URL, socket_factory=factory, reconnect=False)
    received: list[object] = []
    invalid: list[Invalid] = []
    client.message_received.connect(received.append)
    client.invalid_received.connect(invalid.append)
    client.open()
    socket = factory.last
    socket.accept()

    # READER pushes arrive right after the upgrade, before our handshake is answered
    first_send = next(i for i, e in enumerate(entries) if e.direction != "recv")
    for entry in entries[:first_send]:
        socket.push(entry.data)
    assert client.state is ConnectionState.CONNECTING
    socket.answer_handshake()
    assert client.state is ConnectionState.READY
    handshake = len(socket.sent)

    for entry in entries[first_send:]:
        if entry.direction == "send":
            command = as_command(entry.data)
            sent = client.send(command) if command else client.send_raw(entry.text)
            assert sent
            if command:
                assert json.loads(socket.sent[-1]) == entry.data
            else:
                assert socket.sent[-1] == entry.text
        elif entry.direction == "recv":
            socket.push(entry.data)
        else:  # a note: a second client tried to connect while we held the SDK
            second_factory = FakeSocketFactory(refusing_sdk(TOO_MANY))
            second = AusweisClient(URL, socket_factory=second_factory, reconnect=False)
            second.open()
            qtbot.waitUntil(lambda s=second: s.state is ConnectionState.HELD_BY_OTHER_CLIENT)

    recv = [e.data for e in entries if e.direction == "recv"]
    assert invalid == []
    assert received == [parse_message(json.dumps(frame)) for frame in recv]
    assert len(socket.sent) - handshake == sum(e.direction == "send" for e in entries)
    assert dict(client.readers) == expected_readers(recv)
    assert client.state is ConnectionState.READY
    client.close()
    assert client.state is ConnectionState.DISCONNECTED


def test_every_transcript_is_replayed() -> None:
    assert {p.stem for p in transcript_files()} >= {
        "auth-offline-network-error",
        "change-pin-cancel",
        "change-pin-simulator-success",
        "connect-info-readers",
        "malformed-and-bad-state",
        "second-client-refused",
    }


def test_recorded_sends_are_buildable_commands_where_valid() -> None:
    """Every recorded command a workflow could send has a typed builder (raw only for junk)."""
    raw_only = []
    for path in transcript_files():
        for entry in load_transcript(path):
            if entry.direction == "send" and as_command(entry.data) is None:
                raw_only.append(entry.text)
    assert sorted(raw_only) == sorted(
        [
            '{"cmd": "RUN_AUTH"}',
            "not json",
            '{"cmd":',
            "[]",
            '{"nocmd": 1}',
            '{"cmd": "FOO"}',
            '{"cmd": "get_info"}',
            '{"cmd": "INTERRUPT"}',
        ]
    )
