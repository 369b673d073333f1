"""Every card preset's path (in-process and in the CLI process via the control endpoint):
wrong PIN down to CAN and PUK, blocked, deactivated, removed,
Transport-PIN, slow and keypad variants; and switching presets at run time."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from eid.emulator import CardScript, EmulatorServer
from tests.emulator.client import SdkClient, cmd
from tests.emulator.conftest import HTTP_TIMEOUT_S, Endpoint

MINOR = "http://www.bsi.bund.de/ecard/api/1.1/resultminor/"
SCRIPTED = "Plietsch Emulator"


def counter(message: dict[str, Any]) -> int:
    value: int = message["reader"]["card"]["retryCounter"]
    return value


def change_pin_on(endpoint: Endpoint, preset: str) -> tuple[SdkClient, dict[str, Any]]:
    """RUN_CHANGE_PIN with the scripted card; returns the first request after the card."""
    endpoint.set_card(preset)
    client = endpoint.client()
    client.send(cmd("RUN_CHANGE_PIN"))
    _, reader, first = client.expect("CHANGE_PIN", "READER", client_peek(preset))
    assert reader["name"] == SCRIPTED
    return client, first


def client_peek(preset: str) -> str:
    return {"can": "ENTER_CAN", "puk": "ENTER_PUK", "blocked": "ENTER_PUK"}.get(
        preset.removesuffix("-keypad"), "ENTER_PIN"
    )


def auth_until_card(endpoint: Endpoint, preset: str) -> SdkClient:
    """RUN_AUTH on the own service up to ACCEPT."""
    endpoint.set_card(preset)
    client = endpoint.client()
    client.send(cmd("RUN_AUTH", tcTokenURL=endpoint.own_tc_token_url))
    before, _ = client.until("ACCESS_RIGHTS")
    assert any(m["msg"] == "READER" and m["name"] == SCRIPTED and m["card"] for m in before)
    accepted = client.request(cmd("ACCEPT"))
    assert (accepted["msg"], accepted["workflow"]) == ("STATUS", "AUTH")
    return client


def test_wrong_pin_counts_down_to_can_and_puk(endpoint: Endpoint) -> None:
    client, enter = change_pin_on(endpoint, "wrong-pin")
    assert counter(enter) == 3
    second = client.request(cmd("SET_PIN", value="000000"))
    assert (second["msg"], counter(second)) == ("ENTER_PIN", 2)
    can = client.request(cmd("SET_PIN", value="11111"))
    assert (can["msg"], counter(can)) == ("ENTER_CAN", 1)
    assert client.request(cmd("SET_CAN", value="12345"))["error"] == "You must provide 6 digits"
    assert client.request(cmd("SET_CAN", value="111111"))["msg"] == "ENTER_CAN"
    third = client.request(cmd("SET_CAN", value="654321"))
    assert (third["msg"], counter(third)) == ("ENTER_PIN", 1)
    puk = client.request(cmd("SET_PIN", value="000000"))
    assert (puk["msg"], counter(puk)) == ("ENTER_PUK", 0)
    assert client.request(cmd("SET_PUK", value="123456"))["error"] == "You must provide 10 digits"
    assert client.request(cmd("SET_PUK", value="0000000000"))["msg"] == "ENTER_PUK"
    unblocked = client.request(cmd("SET_PUK", value="1234567890"))
    assert (unblocked["msg"], counter(unblocked)) == ("ENTER_PIN", 3)
    assert client.request(cmd("SET_PIN", value="123456"))["msg"] == "ENTER_NEW_PIN"
    client.close()


def test_retry_counter_survives_the_workflow_like_a_card(endpoint: Endpoint) -> None:
    client, _ = change_pin_on(endpoint, "wrong-pin")
    client.request(cmd("SET_PIN", value="000000"))
    client.send(cmd("CANCEL"))
    client.expect("READER", "CHANGE_PIN")
    client.send(cmd("RUN_CHANGE_PIN"))
    _, reader, enter = client.expect("CHANGE_PIN", "READER", "ENTER_PIN")
    assert reader["card"]["retryCounter"] == counter(enter) == 2
    client.close()


@pytest.mark.parametrize("preset", ["can", "can-keypad"])
def test_can_preset_asks_for_can_first(endpoint: Endpoint, preset: str) -> None:
    client, enter_can = change_pin_on(endpoint, preset)
    assert counter(enter_can) == 1
    value = {} if preset.endswith("keypad") else {"value": "654321"}
    enter_pin = client.request(cmd("SET_CAN", **value))
    assert (enter_pin["msg"], counter(enter_pin)) == ("ENTER_PIN", 1)
    client.close()


def test_puk_preset_asks_for_puk_first(endpoint: Endpoint) -> None:
    client, enter_puk = change_pin_on(endpoint, "puk")
    assert counter(enter_puk) == 0
    assert client.request(cmd("SET_PUK", value="1234567890"))["msg"] == "ENTER_PIN"
    client.close()


def test_blocked_card_shows_inoperative_and_waits_for_cancel(endpoint: Endpoint) -> None:
    client, _ = change_pin_on(endpoint, "blocked")
    reader = client.request(cmd("SET_PUK", value="1234567890"))
    assert reader["msg"] == "READER"
    assert reader["card"]["inoperative"] is True
    assert client.request(cmd("GET_STATUS"))["workflow"] == "CHANGE_PIN"  # still running
    assert client.request(cmd("SET_PIN", value="123456"))["msg"] == "BAD_STATE"
    client.send(cmd("CANCEL"))
    removed, done = client.expect("READER", "CHANGE_PIN")
    assert (removed["card"], done["success"]) == (None, False)
    client.close()


def test_deactivated_card_waits_until_cancel(endpoint: Endpoint) -> None:
    endpoint.set_card("deactivated")
    client = endpoint.client()
    client.send(cmd("RUN_CHANGE_PIN"))
    _, reader = client.expect("CHANGE_PIN", "READER")
    assert reader["card"]["deactivated"] is True
    # no ENTER_PIN comes: the next answer is the one to our own request
    assert client.request(cmd("GET_INFO"))["msg"] == "INFO"
    assert client.request(cmd("GET_STATUS"))["workflow"] == "CHANGE_PIN"
    assert client.request(cmd("SET_PIN", value="123456"))["msg"] == "BAD_STATE"
    client.send(cmd("CANCEL"))
    _, done = client.expect("READER", "CHANGE_PIN")
    assert done["success"] is False
    client.close()


def test_deactivated_card_in_auth_waits_until_cancel(endpoint: Endpoint) -> None:
    client = auth_until_card(endpoint, "deactivated")
    assert client.request(cmd("GET_INFO"))["msg"] == "INFO"
    client.send(cmd("CANCEL"))
    before, final = client.until("AUTH")
    assert final["result"]["minor"] == MINOR + "sal#cancellationByUser"
    assert not any(m["msg"].startswith("ENTER_") for m in before)
    client.close()


def test_removed_card_ends_auth_with_card_removed(endpoint: Endpoint) -> None:
    client = auth_until_card(endpoint, "removed")
    assert client.until("ENTER_PIN")[1]["reader"]["name"] == SCRIPTED
    client.send(cmd("SET_PIN", value="123456"))
    reader, final = client.expect("READER", "AUTH")
    assert reader["card"] is None
    assert final["result"]["minor"] == MINOR + "ifdl#cancellationByUser"
    client.close()


def test_removed_card_ends_change_pin_without_success(endpoint: Endpoint) -> None:
    client, _ = change_pin_on(endpoint, "removed")
    client.send(cmd("SET_PIN", value="123456"))
    reader, done = client.expect("READER", "CHANGE_PIN")
    assert (reader["card"], done["success"]) == (None, False)
    client.close()


def test_transport_pin_card_changes_pin_then_works(endpoint: Endpoint) -> None:
    client, _ = change_pin_on(endpoint, "transport")
    assert client.request(cmd("SET_PIN", value="12345"))["msg"] == "ENTER_NEW_PIN"
    client.send(cmd("SET_NEW_PIN", value="314159"))
    _, done = client.expect("READER", "CHANGE_PIN")
    assert done["success"] is True
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "READER", "ENTER_PIN")
    assert client.request(cmd("SET_PIN", value="12345"))["msg"] == "ENTER_PIN"  # old one wrong
    assert client.request(cmd("SET_PIN", value="314159"))["msg"] == "ENTER_NEW_PIN"
    client.close()


def test_transport_pin_card_fails_authentication(endpoint: Endpoint) -> None:
    client = auth_until_card(endpoint, "transport")
    client.until("ENTER_PIN")
    refused = client.request(cmd("SET_PIN", value="12345"))
    assert refused["error"] == "You must provide 6 digits"
    client.send(cmd("SET_PIN", value="123456"))
    reader, final = client.expect("READER", "AUTH")
    assert reader["card"] is None
    assert final["result"]["major"].endswith("#error")
    assert "url" in final
    client.close()


def test_keypad_wrong_pin_script_runs_down_to_puk_and_succeeds(endpoint: Endpoint) -> None:
    client = auth_until_card(endpoint, "wrong-pin-keypad")
    asked = [client.until("ENTER_PIN")[1]]
    for _ in range(6):
        command = {"ENTER_PIN": "SET_PIN", "ENTER_CAN": "SET_CAN", "ENTER_PUK": "SET_PUK"}
        asked.append(client.request(cmd(command[asked[-1]["msg"]])))
        if asked[-1]["msg"] not in command:
            break
    steps = [(m["msg"], m.get("reader", {}).get("card", {}).get("retryCounter")) for m in asked]
    assert steps[:6] == [
        ("ENTER_PIN", 3),
        ("ENTER_PIN", 2),
        ("ENTER_CAN", 1),
        ("ENTER_PIN", 1),
        ("ENTER_PUK", 0),
        ("ENTER_PIN", 3),
    ]
    assert asked[-1]["msg"] in {"STATUS", "READER"}
    _, final = client.until("AUTH")
    assert final["result"]["major"].endswith("#ok")
    client.close()


def test_cancel_during_a_slow_card_step(server: EmulatorServer, inproc: Endpoint) -> None:
    server.set_card(CardScript("glacial", "card step never ends in a test", step_delay_ms=600_000))
    client = inproc.client()
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "READER")
    busy = client.request(cmd("SET_PIN", value="123456"))
    assert busy == {"msg": "BAD_STATE", "error": "SET_PIN"}
    client.send(cmd("CANCEL"))
    _, done = client.expect("READER", "CHANGE_PIN")
    assert done["success"] is False
    assert client.request(cmd("GET_INFO"))["msg"] == "INFO"  # no late ENTER_PIN
    client.close()


def test_slow_preset_completes(endpoint: Endpoint) -> None:
    client, _ = change_pin_on(endpoint, "slow")
    assert client.request(cmd("SET_PIN", value="123456"))["msg"] == "ENTER_NEW_PIN"
    client.close()


def test_control_endpoint_switches_the_cli_card(endpoint: Endpoint) -> None:
    control = f"{endpoint.base_http_url}/control/card"
    client = endpoint.client()
    endpoint.set_card("keypad")
    reader = client.recv()  # an idle client hears about the changed reader
    assert (reader["name"], reader["keypad"]) == (SCRIPTED, True)
    assert requests.get(control, timeout=HTTP_TIMEOUT_S).json()["preset"] == "keypad"
    refused = requests.post(control, params={"preset": "nope"}, timeout=HTTP_TIMEOUT_S)
    assert refused.status_code == 400
    assert "wrong-pin" in refused.json()["error"]
    assert requests.put(control, timeout=HTTP_TIMEOUT_S).status_code == 405
    client.send(cmd("RUN_CHANGE_PIN"))
    _, _, enter = client.expect("CHANGE_PIN", "READER", "ENTER_PIN")
    assert enter["reader"]["keypad"] is True
    client.close()


def test_unknown_preset_is_refused_in_process() -> None:
    with pytest.raises(ValueError, match="known presets"):
        EmulatorServer(card="nope")
    with pytest.raises(ValueError, match="loopback"):
        EmulatorServer(host="0.0.0.0")
