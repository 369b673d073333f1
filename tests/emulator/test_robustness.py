"""The emulator never falls over: random frames, binary and huge frames, broken HTTP and
clients that vanish mid-workflow; afterwards it still answers GET_INFO."""

from __future__ import annotations

import itertools
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
import websocket
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eid.emulator import EmulatorServer
from eid.emulator.protocol import LEVEL_2_COMMANDS, WORKFLOW_COMMANDS
from eid.emulator.server import MAX_FRAME_BYTES
from tests.emulator.client import SdkClient, cmd

COMMANDS = sorted(
    WORKFLOW_COMMANDS
    | LEVEL_2_COMMANDS
    | {"GET_INFO", "GET_API_LEVEL", "SET_API_LEVEL", "GET_READER", "GET_READER_LIST"}
    | {"RUN_AUTH", "RUN_CHANGE_PIN", "INTERRUPT"}
)
_sentinels = itertools.count()

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)
command_frames = st.builds(
    lambda name, fields: json.dumps({**fields, "cmd": name}),
    st.sampled_from(COMMANDS),
    st.dictionaries(
        st.sampled_from(["value", "name", "level", "chat", "tcTokenURL", "status", "simulator"]),
        json_values,
        max_size=3,
    ),
)
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
frames = st.lists(
    st.one_of(command_frames, json_values.map(json.dumps), text, st.binary(max_size=64)),
    min_size=1,
    max_size=8,
)


@pytest.fixture(scope="module")
def shared_server() -> Iterator[EmulatorServer]:
    server = EmulatorServer(card="wrong-pin")
    server.start()
    yield server
    server.stop()


def still_answers(client: SdkClient) -> None:
    """Read everything up to a unique sentinel reply, then check GET_INFO."""
    sentinel = f"sentinel-{next(_sentinels)}"
    client.send(cmd("GET_READER", name=sentinel))
    for _ in range(200):
        reply: dict[str, Any] = client.recv()
        assert isinstance(reply.get("msg"), str)
        if reply.get("name") == sentinel:
            break
    else:
        raise AssertionError("sentinel never answered")
    # a delayed card step of a workflow the frames started may still report in between
    client.send(cmd("GET_INFO"))
    _, info = client.until("INFO")
    assert info["VersionInfo"]["Implementation-Version"] == "1.26.2"


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frames=frames)
def test_random_frames_never_break_the_server(
    shared_server: EmulatorServer, frames: list[str | bytes]
) -> None:
    client = SdkClient(shared_server.url)
    try:
        for frame in frames:
            if isinstance(frame, bytes):
                client.ws.send_binary(frame)
            else:
                client.send(frame)
        still_answers(client)
    finally:
        client.close()


def test_huge_frame_closes_only_that_connection(shared_server: EmulatorServer) -> None:
    client = SdkClient(shared_server.url)
    client.send("x" * (MAX_FRAME_BYTES + 1))
    opcode, frame = client.ws.recv_data_frame(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE
    assert int.from_bytes(frame.data[:2], "big") == 1009  # "message too big"
    # websocket-client answered the close frame but keeps its TCP side open; the server
    # must not let such a half-dead client block the next one
    fresh = SdkClient(shared_server.url)
    still_answers(fresh)
    fresh.close()
    client.ws.shutdown()


def test_deeply_nested_json_is_invalid(shared_server: EmulatorServer) -> None:
    client = SdkClient(shared_server.url)
    reply = client.request("[" * 100_000 + "]" * 100_000)
    assert reply["msg"] == "INVALID"
    still_answers(client)
    client.close()


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x16\x03\x01\x00\xa5garbage that looks like TLS",
        b"GET /eID-Kernel HTTP/1.1\r\nHost: x\r\n",  # cut off
        b"POST /control/card HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
        b"GET /eID-Kernel HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n",  # no key
    ],
)
def test_broken_http_and_vanishing_sockets(shared_server: EmulatorServer, raw: bytes) -> None:
    with socket.create_connection(("127.0.0.1", shared_server.port), timeout=10) as sock:
        sock.sendall(raw)
    fresh = SdkClient(shared_server.url)
    still_answers(fresh)
    fresh.close()


def test_client_vanishing_mid_workflow_without_close_frame(shared_server: EmulatorServer) -> None:
    client = SdkClient(shared_server.url)
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "READER", "ENTER_PIN")
    client.ws.sock.shutdown(socket.SHUT_RDWR)  # no close handshake at all
    client.ws.sock.close()
    fresh = SdkClient(shared_server.url)
    assert fresh.request(cmd("GET_STATUS"))["workflow"] is None
    still_answers(fresh)
    fresh.close()
