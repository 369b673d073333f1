"""Handshake, INFO, API levels, readers and every INVALID / UNKNOWN_COMMAND / BAD_STATE case,
against the embedded server and the CLI process alike."""

from __future__ import annotations

import pytest
import requests
import websocket

from tests.emulator.client import SdkClient, cmd
from tests.emulator.conftest import HTTP_TIMEOUT_S, Endpoint

SIMULATOR_IDLE = {
    "msg": "READER",
    "attached": True,
    "card": None,
    "insertable": True,
    "keypad": True,
    "name": "Simulator",
}


def test_connect_pushes_one_reader_frame_per_reader(client: SdkClient) -> None:
    assert SIMULATOR_IDLE in client.initial_readers
    scripted = next(r for r in client.initial_readers if r["name"] == "Plietsch Emulator")
    assert scripted["attached"] is True
    assert scripted["insertable"] is False
    assert scripted["card"] is None


def test_info_identifies_the_emulator_as_1_26_2(client: SdkClient) -> None:
    info = client.request(cmd("GET_INFO"))
    assert info["msg"] == "INFO"
    assert info["VersionInfo"]["Name"] == "AusweisApp2"
    assert info["VersionInfo"]["Implementation-Version"] == "1.26.2"
    assert "emulator" in info["VersionInfo"]["Implementation-Title"]


def test_api_levels_1_and_2_with_2_current(client: SdkClient) -> None:
    assert client.request(cmd("GET_API_LEVEL")) == {
        "msg": "API_LEVEL",
        "available": [1, 2],
        "current": 2,
    }
    assert client.request(cmd("SET_API_LEVEL", level=2)) == {"msg": "API_LEVEL", "current": 2}


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (cmd("SET_API_LEVEL", level=9), "Unknown level"),
        (cmd("SET_API_LEVEL", level=3), "Unknown level"),
        (cmd("SET_API_LEVEL", level="2"), "Invalid level"),
        (cmd("SET_API_LEVEL"), "Level cannot be undefined"),
    ],
)
def test_bad_api_level_is_refused_and_level_stays(
    client: SdkClient, frame: dict[str, object], error: str
) -> None:
    assert client.request(frame) == {"msg": "API_LEVEL", "current": 2, "error": error}
    assert client.request(cmd("GET_API_LEVEL"))["current"] == 2


def test_level_1_quirks_and_level_persists_across_reconnect(endpoint: Endpoint) -> None:
    first = endpoint.client()
    assert first.request(cmd("SET_API_LEVEL", level=1))["current"] == 1
    listing = first.request(cmd("GET_READER_LIST"))
    assert "readers" not in listing
    assert {r["name"] for r in listing["reader"]} == {"Simulator", "Plietsch Emulator"}
    assert first.request(cmd("GET_STATUS")) == {"msg": "UNKNOWN_COMMAND", "error": "GET_STATUS"}
    first.close()
    second = endpoint.client()
    assert second.request(cmd("GET_API_LEVEL"))["current"] == 1
    assert second.request(cmd("SET_API_LEVEL", level=2))["current"] == 2
    assert "readers" in second.request(cmd("GET_READER_LIST"))
    second.close()


def test_status_without_workflow_is_all_null(client: SdkClient) -> None:
    assert client.request(cmd("GET_STATUS")) == {
        "msg": "STATUS",
        "progress": None,
        "state": None,
        "workflow": None,
    }


def test_get_reader_known_unknown_and_bad_name(client: SdkClient) -> None:
    assert client.request(cmd("GET_READER", name="Simulator")) == SIMULATOR_IDLE
    assert client.request(cmd("GET_READER", name="No such reader")) == {
        "msg": "READER",
        "attached": False,
        "name": "No such reader",
    }
    assert client.request(cmd("GET_READER"))["error"] == "Name cannot be undefined"
    assert client.request(cmd("GET_READER", name=7))["error"] == "Invalid name"


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("not json", "illegal value (offset: 1)"),
        ('{"cmd":', "unterminated object (offset: 7)"),
        ('{"cmd": "GET_INFO"', "unterminated object"),
        ('[{"cmd": 1', "unterminated object"),
        ("[1, 2", "unterminated array"),
        ('{"cmd" "GET_INFO"}', "missing name separator"),
        ('{"cmd": "GET_INFO"} x', "garbage at the end of the document"),
        ("NaN", "illegal value"),
        ("", "illegal value"),
    ],
)
def test_broken_json_is_invalid_with_qt_style_reason(
    client: SdkClient, frame: str, error: str
) -> None:
    reply = client.request(frame)
    assert reply["msg"] == "INVALID"
    assert reply["error"].startswith(error)
    assert "(offset: " in reply["error"]


@pytest.mark.parametrize("frame", ["[]", '{"nocmd": 1}', '{"cmd": 5}', '{"cmd": null}', "42"])
def test_json_without_string_cmd_is_invalid(client: SdkClient, frame: str) -> None:
    assert client.request(frame) == {"msg": "INVALID", "error": "Command cannot be undefined"}


@pytest.mark.parametrize(
    "name", ["FOO", "get_info", "INTERRUPT", "GET_LOG", "RUN_PERSONALIZATION", "CONTINUE"]
)
def test_unknown_commands(client: SdkClient, name: str) -> None:
    assert client.request(cmd(name)) == {"msg": "UNKNOWN_COMMAND", "error": name}


@pytest.mark.parametrize(
    "name",
    [
        "SET_PIN",
        "SET_NEW_PIN",
        "SET_CAN",
        "SET_PUK",
        "ACCEPT",
        "CANCEL",
        "GET_ACCESS_RIGHTS",
        "SET_ACCESS_RIGHTS",
        "GET_CERTIFICATE",
        "SET_CARD",
    ],
)
def test_workflow_commands_without_workflow_are_bad_state(client: SdkClient, name: str) -> None:
    assert client.request(cmd(name, value="123456")) == {"msg": "BAD_STATE", "error": name}


def test_binary_frame_is_refused_and_connection_stays(client: SdkClient) -> None:
    client.ws.send_binary(b"\x00\x01binary")
    assert client.recv() == {"msg": "INVALID", "error": "Binary frames are not supported"}
    assert client.request(cmd("GET_INFO"))["msg"] == "INFO"


def test_wrong_path_is_404(endpoint: Endpoint) -> None:
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(endpoint.url.replace("/eID-Kernel", "/eID-Client"))
    assert refused.value.status_code == 404
    reply = requests.get(f"{endpoint.base_http_url}/anything", timeout=HTTP_TIMEOUT_S)
    assert reply.status_code == 404


def test_trailing_slash_path_is_accepted(endpoint: Endpoint) -> None:
    sdk = SdkClient(endpoint.url + "/")
    assert sdk.request(cmd("GET_INFO"))["msg"] == "INFO"
    sdk.close()


def test_second_client_gets_429_and_a_later_one_gets_in(endpoint: Endpoint) -> None:
    first = endpoint.client()
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(endpoint.url, timeout=10)
    assert refused.value.status_code == 429
    assert first.request(cmd("GET_INFO"))["msg"] == "INFO"  # the first one is unharmed
    first.close()
    later = endpoint.client()  # right after the first one closed: no 429 any more
    assert later.request(cmd("GET_INFO"))["msg"] == "INFO"
    later.close()
