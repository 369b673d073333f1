"""AusweisClient against a fake socket: handshake, states, readers, reconnect, bad frames."""

from __future__ import annotations

import json
import logging

import pytest
from PySide6.QtNetwork import QAbstractSocket
from pytestqt.qtbot import QtBot

from eid.backoff import Backoff
from eid.client import AusweisClient, ConnectionState, default_socket, http_status
from eid.commands import Cancel, GetStatus, RunChangePin
from eid.messages import ChangePin, Invalid, Reader, ReaderInfo, Status
from tests.eid.fakes import (
    CONFLICT,
    REFUSED,
    TOO_MANY,
    FakeSocket,
    FakeSocketFactory,
    ready_sdk,
    refusing_sdk,
)

URL = "ws://127.0.0.1:24727/eID-Kernel"
SIMULATOR = {
    "msg": "READER",
    "name": "Simulator",
    "attached": True,
    "insertable": True,
    "keypad": True,
    "card": None,
}


class CountingBackoff(Backoff):
    """Zero-length delays, but remembers how often it was asked and reset."""

    def __init__(self) -> None:
        super().__init__(initial_s=0.0, max_s=0.0, jitter=0.0)
        self.asked = 0
        self.resets = 0

    def next_delay(self) -> float:
        self.asked += 1
        return super().next_delay()

    def reset(self) -> None:
        self.resets += 1
        super().reset()


def make_client(
    qtbot: QtBot, factory: FakeSocketFactory, **kwargs: object
) -> tuple[AusweisClient, list[ConnectionState]]:
    client = AusweisClient(URL, socket_factory=factory, **kwargs)  # type: ignore[arg-type]
    states: list[ConnectionState] = []
    client.state_changed.connect(states.append)
    return client, states


def connect_ready(qtbot: QtBot) -> tuple[AusweisClient, FakeSocket, FakeSocketFactory]:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory)
    client.open()
    socket = factory.last
    socket.accept()
    socket.answer_handshake()
    assert client.state is ConnectionState.READY
    return client, socket, factory


def test_handshake_negotiates_api_level_then_asks_info_then_ready(qtbot: QtBot) -> None:
    factory = FakeSocketFactory()
    client, states = make_client(qtbot, factory)
    client.open()
    socket = factory.last
    assert client.state is ConnectionState.CONNECTING
    assert socket.sent == []
    socket.accept()
    assert socket.sent_commands == [{"cmd": "GET_API_LEVEL"}]
    socket.push({"msg": "API_LEVEL", "available": [1, 2], "current": 2})
    assert socket.sent_commands[1:] == [{"cmd": "SET_API_LEVEL", "level": 2}]
    assert client.state is ConnectionState.CONNECTING
    socket.push({"msg": "API_LEVEL", "current": 2})
    assert socket.sent_names == ["GET_API_LEVEL", "SET_API_LEVEL", "GET_INFO"]
    assert client.state is ConnectionState.CONNECTING
    assert client.api_level is None
    socket.push({"msg": "INFO", "VersionInfo": {"Implementation-Version": "1.26.2"}})
    assert client.state is ConnectionState.READY
    assert client.sdk_version == "1.26.2"
    assert client.api_level == 2
    assert states == [ConnectionState.CONNECTING, ConnectionState.READY]


@pytest.mark.parametrize(
    ("available", "chosen"),
    [([1, 2], 2), ([1, 2, 3], 3), ([1, 2, 3, 4], 3), ([2], 2), ([], 2)],
)
def test_highest_level_both_sides_know_is_chosen(
    qtbot: QtBot, available: list[int], chosen: int
) -> None:
    """1.26.2 offers 1-2, 2.2+ offers 1-3 (and defaults to 3): the client sets it explicitly."""
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory)
    client.open()
    socket = factory.last
    socket.accept()
    socket.push({"msg": "API_LEVEL", "available": available, "current": max(available or [2])})
    assert socket.sent_commands[-1] == {"cmd": "SET_API_LEVEL", "level": chosen}
    socket.push({"msg": "API_LEVEL", "current": chosen})
    socket.push({"msg": "INFO", "VersionInfo": {"Implementation-Version": "2.5.3"}})
    assert client.state is ConnectionState.READY
    assert client.api_level == chosen


def test_sdk_without_a_common_level_is_incompatible(qtbot: QtBot) -> None:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory, reconnect=False)
    client.open()
    factory.last.accept()
    factory.last.push({"msg": "API_LEVEL", "available": [1], "current": 1})
    assert client.state is ConnectionState.INCOMPATIBLE
    assert client.last_error is not None and "[1]" in client.last_error
    assert factory.last.sent_names == ["GET_API_LEVEL"]


def test_configured_api_level_is_requested(qtbot: QtBot) -> None:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory, api_level=1)
    client.open()
    factory.last.accept()
    assert factory.last.sent_commands == [{"cmd": "SET_API_LEVEL", "level": 1}]


def test_request_has_user_agent_and_no_origin(qtbot: QtBot) -> None:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory, user_agent="Plietsch-Test/1")
    client.open()
    socket = factory.last
    assert socket.request is not None
    assert socket.request.url().toString() == URL
    assert socket.header("User-Agent") == b"Plietsch-Test/1"
    assert socket.header("Origin") is None


def testdefault_socket_sends_no_origin(qtbot: QtBot) -> None:
    socket = default_socket()
    assert socket.origin() == ""  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("answer", "why"),
    [
        ({"msg": "API_LEVEL", "current": 2, "error": "Unknown level"}, "Unknown level"),
        ({"msg": "API_LEVEL", "available": [1, 3], "current": 3}, "current level is 3"),
    ],
)
def test_api_level_refused_is_incompatible_and_logged(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture, answer: dict[str, object], why: str
) -> None:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory, reconnect=False)
    client.open()
    factory.last.accept()
    factory.last.push({"msg": "API_LEVEL", "available": [1, 2], "current": 2})
    with caplog.at_level(logging.WARNING, logger="eid.client"):
        factory.last.push(answer)
    assert client.state is ConnectionState.INCOMPATIBLE
    assert client.last_error is not None and why in client.last_error
    assert why in caplog.text
    assert factory.last.aborted
    assert not client.send(GetStatus())


def test_readers_before_ready_are_tracked_and_emitted(qtbot: QtBot) -> None:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory)
    received: list[object] = []
    changes: list[int] = []
    client.message_received.connect(received.append)
    client.readers_changed.connect(lambda: changes.append(1))
    client.open()
    socket = factory.last
    socket.accept()
    socket.push(SIMULATOR)
    socket.push({"msg": "READER", "name": "Virtual PCD 00 00", "attached": False})
    assert client.state is ConnectionState.CONNECTING
    assert [m.reader.name for m in received if isinstance(m, Reader)] == [
        "Simulator",
        "Virtual PCD 00 00",
    ]
    assert len(changes) == 2
    assert client.readers["Simulator"].insertable
    assert not client.readers["Virtual PCD 00 00"].attached
    socket.answer_handshake()
    assert client.state is ConnectionState.READY
    assert set(client.readers) == {"Simulator", "Virtual PCD 00 00"}


def test_same_reader_twice_changes_readers_once(qtbot: QtBot) -> None:
    client, socket, _ = connect_ready(qtbot)
    changes: list[int] = []
    client.readers_changed.connect(lambda: changes.append(1))
    socket.push(SIMULATOR)
    socket.push(SIMULATOR)
    assert len(changes) == 1


def test_reader_list_replaces_known_readers(qtbot: QtBot) -> None:
    client, socket, _ = connect_ready(qtbot)
    socket.push({"msg": "READER", "name": "Old reader", "attached": True})
    socket.push({"msg": "READER_LIST", "readers": [{**SIMULATOR, "msg": None}]})
    assert list(client.readers) == ["Simulator"]
    assert client.readers["Simulator"] == ReaderInfo(
        name="Simulator", attached=True, insertable=True, keypad=True
    )


def test_handshake_answers_are_not_forwarded_but_later_ones_are(qtbot: QtBot) -> None:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory)
    received: list[object] = []
    client.message_received.connect(received.append)
    client.open()
    factory.last.accept()
    factory.last.answer_handshake()
    assert received == []
    factory.last.push({"msg": "API_LEVEL", "available": [1, 2], "current": 2})
    factory.last.push({"msg": "STATUS", "workflow": None, "progress": None, "state": None})
    assert [type(m).__name__ for m in received] == ["ApiLevel", "Status"]
    assert received[1] == Status()


def test_send_only_when_ready(qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory)
    with caplog.at_level(logging.WARNING, logger="eid.client"):
        assert client.send(RunChangePin()) is False
    assert "RUN_CHANGE_PIN" in caplog.text and "disconnected" in caplog.text
    client.open()
    factory.last.accept()
    assert client.send(RunChangePin()) is False
    factory.last.answer_handshake()
    assert client.send(RunChangePin()) is True
    assert factory.last.sent_names[-1] == "RUN_CHANGE_PIN"


def test_messages_are_forwarded_typed_and_in_order(qtbot: QtBot) -> None:
    client, socket, _ = connect_ready(qtbot)
    received: list[object] = []
    client.message_received.connect(received.append)
    client.send(RunChangePin())
    socket.push({"msg": "CHANGE_PIN"})
    socket.push({"msg": "INSERT_CARD"})
    client.send(Cancel())
    socket.push({"msg": "CHANGE_PIN", "success": False})
    assert [type(m).__name__ for m in received] == ["ChangePin", "InsertCard", "ChangePin"]
    assert received[-1] == ChangePin(success=False)


@pytest.mark.parametrize(
    "frame", ["not json", "[]", '{"msg":"NO_SUCH_MESSAGE"}', '{"msg":"READER","name":5}']
)
def test_invalid_frame_is_logged_once_signalled_and_harmless(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture, frame: str
) -> None:
    client, socket, _ = connect_ready(qtbot)
    invalid: list[Invalid] = []
    received: list[object] = []
    client.invalid_received.connect(invalid.append)
    client.message_received.connect(received.append)
    with caplog.at_level(logging.WARNING, logger="eid.client"):
        socket.push(frame)
    assert len(invalid) == 1
    assert [r.getMessage() for r in caplog.records] == [
        f"ignored a frame from the SDK: {invalid[0].reason}"
    ]
    assert received == []
    socket.push({"msg": "INSERT_CARD"})
    assert client.state is ConnectionState.READY
    assert len(received) == 1


@pytest.mark.parametrize(
    ("error_text", "disconnect_first", "expected"),
    [
        (TOO_MANY, False, ConnectionState.HELD_BY_OTHER_CLIENT),
        (TOO_MANY, True, ConnectionState.HELD_BY_OTHER_CLIENT),
        (CONFLICT, False, ConnectionState.BUSY_IN_GUI),
        (CONFLICT, True, ConnectionState.BUSY_IN_GUI),
        (REFUSED, True, ConnectionState.UNREACHABLE),
        (REFUSED, False, ConnectionState.UNREACHABLE),
        ("Unhandled http status code: 404 (Not Found).", False, ConnectionState.UNREACHABLE),
    ],
)
def test_refusals_are_told_apart(
    qtbot: QtBot, error_text: str, disconnect_first: bool, expected: ConnectionState
) -> None:
    factory = FakeSocketFactory()
    client, states = make_client(qtbot, factory, reconnect=False)
    client.open()
    factory.last.fail(error_text, disconnect_first=disconnect_first)
    qtbot.waitUntil(lambda: client.state is not ConnectionState.CONNECTING)
    qtbot.wait(0)  # a late error or disconnect from the same socket must not change it
    assert client.state is expected
    assert states == [ConnectionState.CONNECTING, expected]
    assert client.last_error


def test_http_status_is_read_from_qt_error_text() -> None:
    assert http_status(TOO_MANY) == 429
    assert http_status(CONFLICT) == 409
    assert http_status(REFUSED) is None


def test_reconnects_with_backoff_until_ready_and_resets_it(qtbot: QtBot) -> None:
    backoff = CountingBackoff()
    factory = FakeSocketFactory(refusing_sdk(), refusing_sdk(TOO_MANY), ready_sdk)
    client, states = make_client(qtbot, factory, backoff=backoff)
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.READY)
    assert len(factory.sockets) == 3
    assert backoff.asked == 2
    assert backoff.attempts == 0  # reset on success
    assert states == [
        ConnectionState.CONNECTING,
        ConnectionState.UNREACHABLE,
        ConnectionState.CONNECTING,
        ConnectionState.HELD_BY_OTHER_CLIENT,
        ConnectionState.CONNECTING,
        ConnectionState.READY,
    ]


def test_sdk_going_away_mid_way_reconnects_and_forgets_readers(qtbot: QtBot) -> None:
    backoff = CountingBackoff()
    factory = FakeSocketFactory(ready_sdk)
    client, states = make_client(qtbot, factory, backoff=backoff)
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.READY)
    factory.last.push(SIMULATOR)
    assert "Simulator" in client.readers
    client.send(RunChangePin())
    first = factory.last
    seen_when_unreachable: list[tuple[dict[str, ReaderInfo], str | None, bool]] = []

    def on_state(state: ConnectionState) -> None:
        if state is ConnectionState.UNREACHABLE:
            seen = (dict(client.readers), client.sdk_version, client.send(GetStatus()))
            seen_when_unreachable.append(seen)

    client.state_changed.connect(on_state)
    first.go_away()
    qtbot.waitUntil(lambda: len(factory.sockets) == 2 and client.state is ConnectionState.READY)
    assert seen_when_unreachable == [({}, None, False)]
    assert factory.last is not first
    assert states[-3:] == [
        ConnectionState.UNREACHABLE,
        ConnectionState.CONNECTING,
        ConnectionState.READY,
    ]
    assert first.aborted


def test_no_reconnect_when_disabled(qtbot: QtBot) -> None:
    factory = FakeSocketFactory(refusing_sdk())
    client, _ = make_client(qtbot, factory, reconnect=False, backoff=CountingBackoff())
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.UNREACHABLE)
    qtbot.wait(20)
    assert len(factory.sockets) == 1


def test_handshake_timeout_gives_up_the_attempt(qtbot: QtBot) -> None:
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory, reconnect=False, handshake_timeout_s=0.01)
    client.open()
    factory.last.accept()  # connected, but the SDK never answers SET_API_LEVEL
    qtbot.waitUntil(lambda: client.state is ConnectionState.UNREACHABLE)
    assert client.last_error is not None and "handshake" in client.last_error
    assert factory.last.aborted


def test_close_stays_disconnected(qtbot: QtBot) -> None:
    factory = FakeSocketFactory(ready_sdk)
    client, _ = make_client(qtbot, factory, backoff=CountingBackoff())
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.READY)
    socket = factory.last
    client.close()
    assert socket.closed
    assert client.state is ConnectionState.DISCONNECTED
    socket.go_away()
    qtbot.wait(20)
    assert client.state is ConnectionState.DISCONNECTED
    assert len(factory.sockets) == 1


def test_close_during_retry_wait_cancels_the_retry(qtbot: QtBot) -> None:
    factory = FakeSocketFactory(refusing_sdk())
    slow = Backoff(initial_s=0.05, max_s=0.05, jitter=0.0)
    client, _ = make_client(qtbot, factory, backoff=slow)
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.UNREACHABLE)
    client.close()
    qtbot.wait(100)
    assert len(factory.sockets) == 1
    assert client.state is ConnectionState.DISCONNECTED


def test_set_url_reconnects_to_the_new_endpoint(qtbot: QtBot) -> None:
    factory = FakeSocketFactory(ready_sdk)
    client, _ = make_client(qtbot, factory, backoff=CountingBackoff())
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.READY)
    new_url = "ws://127.0.0.1:40001/eID-Kernel"
    client.set_url(new_url)
    assert client.url == new_url
    assert factory.sockets[0].closed
    qtbot.waitUntil(lambda: client.state is ConnectionState.READY)
    assert factory.last.request is not None
    assert factory.last.request.url().toString() == new_url


def test_api_level_answer_is_required_before_info(qtbot: QtBot) -> None:
    """An unrelated frame during the handshake neither completes nor breaks it."""
    factory = FakeSocketFactory()
    client, _ = make_client(qtbot, factory)
    client.open()
    socket = factory.last
    socket.accept()
    socket.push({"msg": "INFO", "VersionInfo": {"Implementation-Version": "9"}})
    assert client.state is ConnectionState.CONNECTING
    socket.answer_handshake()
    assert client.state is ConnectionState.READY
    assert json.loads(socket.sent[-1]) == {"cmd": "GET_INFO"}


def test_listener_may_switch_endpoint_while_the_client_reports_a_failure(qtbot: QtBot) -> None:
    """The supervisor's new URL can arrive inside state_changed; that attempt must survive."""
    factory = FakeSocketFactory(refusing_sdk(), ready_sdk)
    client, _ = make_client(qtbot, factory, backoff=Backoff(initial_s=30.0, max_s=30.0))
    new_url = "ws://127.0.0.1:40002/eID-Kernel"

    def on_state(state: ConnectionState) -> None:
        if state is ConnectionState.UNREACHABLE and client.url != new_url:
            client.set_url(new_url)

    client.state_changed.connect(on_state)
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.READY)
    assert len(factory.sockets) == 2
    assert not factory.last.aborted
    assert client.url == new_url


def test_a_socket_that_is_not_connected_is_aborted_never_sent_a_close_frame(qtbot: QtBot) -> None:
    """AusweisApp restarted on a new port while the old socket was still connecting: a close
    frame would be written to an unconnected TCP socket (Qt warns, and the test run fails)."""
    factory = FakeSocketFactory(lambda _socket: None)  # the SDK never answers
    client, _ = make_client(qtbot, factory, backoff=CountingBackoff())
    client.open()
    connecting = factory.last
    client.set_url("ws://127.0.0.1:40002/eID-Kernel")
    assert connecting.aborted and not connecting.closed
    assert factory.last is not connecting


def test_nothing_is_written_to_a_socket_the_sdk_has_just_left(qtbot: QtBot) -> None:
    factory = FakeSocketFactory(ready_sdk)
    client, _ = make_client(qtbot, factory, backoff=CountingBackoff())
    client.open()
    qtbot.waitUntil(lambda: client.state is ConnectionState.READY)
    socket = factory.last
    sent_before = len(socket.sent)
    socket._state = QAbstractSocket.SocketState.UnconnectedState  # died; signal not yet seen
    assert client.send(GetStatus()) is False
    assert len(socket.sent) == sent_before
