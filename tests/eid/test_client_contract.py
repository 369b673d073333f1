"""Contract tests: the real client against both real SDK endpoints (emulator and AusweisApp2).

Each test runs twice through the ``sdk_url`` fixture; what is asserted here is what the
kiosk relies on, and both endpoints must behave alike.
"""

from __future__ import annotations

import socket

import pytest
from pytestqt.qtbot import QtBot

from eid.backoff import Backoff
from eid.client import AusweisClient, ConnectionState
from eid.commands import (
    Cancel,
    Command,
    GetApiLevel,
    GetInfo,
    GetReaderList,
    GetStatus,
    RunChangePin,
)
from eid.messages import (
    ApiLevel,
    BadState,
    ChangePin,
    Info,
    InsertCard,
    InvalidCommand,
    Message,
    ReaderList,
    Status,
    UnknownCommand,
)

WAIT_MS = 15_000


def ready_client(qtbot: QtBot, url: str, **kwargs: object) -> AusweisClient:
    client = AusweisClient(url, reconnect=False, **kwargs)  # type: ignore[arg-type]
    with qtbot.waitSignal(
        client.state_changed,
        timeout=WAIT_MS,
        check_params_cb=lambda state: state is ConnectionState.READY,
    ):
        client.open()
    return client


def ask(qtbot: QtBot, client: AusweisClient, command: Command | str) -> Message:
    """Send a command (or raw text) and return the next message that is not a READER push."""
    received: list[Message] = []

    def collect(message: Message) -> None:
        if message.msg != "READER":
            received.append(message)

    client.message_received.connect(collect)
    try:
        sent = client.send_raw(command) if isinstance(command, str) else client.send(command)
        assert sent
        qtbot.waitUntil(lambda: bool(received), timeout=WAIT_MS)
    finally:
        client.message_received.disconnect(collect)
    return received[0]


def test_handshake_reaches_ready_with_version(qtbot: QtBot, sdk_url: str) -> None:
    client = ready_client(qtbot, sdk_url)
    try:
        assert client.sdk_version is not None
        assert client.sdk_version.count(".") >= 1
        info = ask(qtbot, client, GetInfo())
        assert isinstance(info, Info)
        assert info.implementation_version == client.sdk_version
    finally:
        client.close()


def test_highest_common_api_level_is_current(qtbot: QtBot, sdk_url: str) -> None:
    """1.26.2 offers levels 1-2, 2.2+ offers 1-3: the client runs at 2 resp. 3."""
    client = ready_client(qtbot, sdk_url)
    try:
        level = ask(qtbot, client, GetApiLevel())
        assert isinstance(level, ApiLevel)
        assert client.sdk_version is not None
        expected = 2 if client.sdk_version.startswith("1.") else 3
        assert level.current == client.api_level == expected
        assert set(level.available) >= {1, 2, expected}
        status = ask(qtbot, client, GetStatus())  # level 2 knows GET_STATUS
        assert status == Status()
    finally:
        client.close()


def test_simulator_is_known_once_a_workflow_asks_for_a_card(qtbot: QtBot, sdk_url: str) -> None:
    """What the kiosk relies on to offer the test card: at INSERT_CARD the Simulator is known.

    A busy 1.26.2 may answer READER_LIST with [] and push its Simulator a moment later;
    2.3 often lists none while idle and enables it when a workflow scans for readers.
    """
    client = ready_client(qtbot, sdk_url)
    seen: list[Message] = []
    client.message_received.connect(seen.append)
    try:
        listing = ask(qtbot, client, GetReaderList())
        assert isinstance(listing, ReaderList)
        assert client.send(RunChangePin())
        qtbot.waitUntil(lambda: any(isinstance(m, InsertCard) for m in seen), timeout=WAIT_MS)
        qtbot.waitUntil(lambda: "Simulator" in client.readers, timeout=10000)
        assert client.readers["Simulator"].attached
        assert client.readers["Simulator"].insertable
        assert client.send(Cancel())
        qtbot.waitUntil(
            lambda: any(isinstance(m, ChangePin) and m.finished for m in seen), timeout=WAIT_MS
        )
    finally:
        client.close()


MALFORMED: list[tuple[str, type]] = [
    ("not json", InvalidCommand),
    ("[]", InvalidCommand),
    ('{"nocmd":1}', InvalidCommand),
    ('{"cmd":"FOO"}', UnknownCommand),
    ('{"cmd":"get_info"}', UnknownCommand),
    ('{"cmd":"INTERRUPT"}', UnknownCommand),
    ('{"cmd":"ACCEPT"}', BadState),
    ('{"cmd":"CANCEL"}', BadState),
    ('{"cmd":"SET_PIN","value":"123456"}', BadState),
]


def test_malformed_commands_are_answered_and_harmless(qtbot: QtBot, sdk_url: str) -> None:
    """One connection for the whole table: each answer is checked, the connection survives."""
    client = ready_client(qtbot, sdk_url)
    try:
        answers = [(frame, type(ask(qtbot, client, frame))) for frame, _ in MALFORMED]
        assert answers == MALFORMED
        assert client.state is ConnectionState.READY
        assert isinstance(ask(qtbot, client, GetInfo()), Info)
    finally:
        client.close()


def test_second_client_is_held_by_other_client(qtbot: QtBot, sdk_url: str) -> None:
    first = ready_client(qtbot, sdk_url)
    second = AusweisClient(sdk_url, reconnect=False)
    try:
        second.open()
        qtbot.waitUntil(lambda: second.state is not ConnectionState.CONNECTING, timeout=WAIT_MS)
        assert second.state is ConnectionState.HELD_BY_OTHER_CLIENT
        assert second.last_error is not None and "429" in second.last_error
        assert first.state is ConnectionState.READY
    finally:
        second.close()
        first.close()


def test_second_client_gets_in_after_the_first_leaves(qtbot: QtBot, sdk_url: str) -> None:
    first = ready_client(qtbot, sdk_url)
    second = AusweisClient(sdk_url, backoff=Backoff(initial_s=0.2, max_s=0.5, jitter=0.0))
    try:
        second.open()
        qtbot.waitUntil(
            lambda: second.state is ConnectionState.HELD_BY_OTHER_CLIENT, timeout=WAIT_MS
        )
        first.close()
        qtbot.waitUntil(lambda: second.state is ConnectionState.READY, timeout=WAIT_MS)
    finally:
        second.close()
        first.close()


def test_nothing_listening_is_unreachable(qtbot: QtBot, unused_port: int) -> None:
    client = AusweisClient(f"ws://127.0.0.1:{unused_port}/eID-Kernel", reconnect=False)
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.UNREACHABLE, timeout=WAIT_MS)
    assert client.last_error is not None and str(unused_port) in client.last_error
    client.close()


@pytest.fixture
def unused_port() -> int:

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
