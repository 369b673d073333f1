"""RUN_CHANGE_PIN as recorded: with the Simulator, cancelled, and the keypad/basic value
rules of SET_* (validation errors never cost a try)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.emulator.client import SdkClient, cmd
from tests.emulator.conftest import Endpoint


def start_with_simulator(client: SdkClient) -> dict[str, Any]:
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "INSERT_CARD")
    client.send(cmd("SET_CARD", name="Simulator"))
    reader, enter_pin = client.expect("READER", "ENTER_PIN")
    assert reader["card"] == {"deactivated": False, "inoperative": False, "retryCounter": 3}
    return enter_pin


def test_change_pin_with_simulator_as_recorded(client: SdkClient) -> None:
    enter_pin = start_with_simulator(client)
    assert enter_pin["reader"]["name"] == "Simulator"
    assert enter_pin["reader"]["keypad"] is True
    assert client.request(cmd("SET_PIN"))["msg"] == "ENTER_NEW_PIN"
    client.send(cmd("SET_NEW_PIN"))
    reader, done = client.expect("READER", "CHANGE_PIN")
    assert reader["name"] == "Simulator"
    assert reader["card"] is None
    assert done == {"msg": "CHANGE_PIN", "success": True}
    assert client.request(cmd("GET_STATUS"))["workflow"] is None


def test_status_while_waiting_for_a_card(client: SdkClient) -> None:
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "INSERT_CARD")
    assert client.request(cmd("GET_STATUS")) == {
        "msg": "STATUS",
        "progress": 0,
        "state": "INSERT_CARD",
        "workflow": "CHANGE_PIN",
    }


def test_cancel_then_second_cancel_is_bad_state(client: SdkClient) -> None:
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "INSERT_CARD")
    assert client.request(cmd("CANCEL")) == {"msg": "CHANGE_PIN", "success": False}
    assert client.request(cmd("CANCEL")) == {"msg": "BAD_STATE", "error": "CANCEL"}


def test_cancel_with_card_inserted_removes_the_card(client: SdkClient) -> None:
    start_with_simulator(client)
    client.send(cmd("CANCEL"))
    reader, done = client.expect("READER", "CHANGE_PIN")
    assert reader["card"] is None
    assert done["success"] is False


def test_second_workflow_while_one_runs_is_bad_state(client: SdkClient) -> None:
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "INSERT_CARD")
    assert client.request(cmd("RUN_CHANGE_PIN")) == {"msg": "BAD_STATE", "error": "RUN_CHANGE_PIN"}
    assert client.request(cmd("RUN_AUTH", tcTokenURL="https://x.example/"))["msg"] == "BAD_STATE"
    assert client.request(cmd("SET_PIN")) == {"msg": "BAD_STATE", "error": "SET_PIN"}


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (cmd("SET_CARD"), "Name cannot be undefined"),
        (cmd("SET_CARD", name=1), "Invalid name"),
        (cmd("SET_CARD", name="Nope"), "Unknown reader name"),
        (cmd("SET_CARD", name="Plietsch Emulator"), "Card is not insertable"),
        (cmd("SET_CARD", name="Simulator", simulator=[]), "Parameter 'simulator' is invalid"),
    ],
)
def test_set_card_errors_come_in_insert_card(
    client: SdkClient, frame: dict[str, Any], error: str
) -> None:
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "INSERT_CARD")
    assert client.request(frame) == {"msg": "INSERT_CARD", "error": error}


def test_simulator_is_keypad_so_values_are_refused(client: SdkClient) -> None:
    start_with_simulator(client)
    reply = client.request(cmd("SET_PIN", value="12345"))
    assert reply["msg"] == "ENTER_PIN"
    assert reply["error"] == "Value cannot be defined"
    assert reply["reader"]["card"]["retryCounter"] == 3


def test_disconnect_ends_the_workflow_and_next_client_starts_clean(endpoint: Endpoint) -> None:
    first = endpoint.client()
    start_with_simulator(first)
    first.close()
    second = endpoint.client()
    simulator = next(r for r in second.initial_readers if r["name"] == "Simulator")
    assert simulator["card"] is None
    assert second.request(cmd("GET_STATUS"))["workflow"] is None
    second.send(cmd("RUN_CHANGE_PIN"))
    second.expect("CHANGE_PIN", "INSERT_CARD")
    second.close()


# --- basic (keypad-less) scripted reader: values are required and validated ------------------


def start_scripted(endpoint: Endpoint, preset: str) -> tuple[SdkClient, dict[str, Any]]:
    endpoint.set_card(preset)
    client = endpoint.client()
    client.send(cmd("RUN_CHANGE_PIN"))
    _, reader, enter = client.expect("CHANGE_PIN", "READER", "ENTER_PIN")
    assert reader["name"] == "Plietsch Emulator"
    return client, enter


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        (cmd("SET_PIN"), "Value cannot be undefined"),
        (cmd("SET_PIN", value=123456), "Invalid value"),
        (cmd("SET_PIN", value=None), "Invalid value"),
        (cmd("SET_PIN", value="1234"), "You must provide 5 - 6 digits"),
        (cmd("SET_PIN", value="1234567"), "You must provide 5 - 6 digits"),
        (cmd("SET_PIN", value="12a456"), "You must provide 5 - 6 digits"),
        (cmd("SET_PIN", value="１２３４５６"), "You must provide 5 - 6 digits"),
    ],
)
def test_basic_reader_pin_rules_do_not_cost_a_try(
    endpoint: Endpoint, frame: dict[str, Any], error: str
) -> None:
    client, enter = start_scripted(endpoint, "basic")
    assert enter["reader"]["keypad"] is False
    reply = client.request(frame)
    assert (reply["msg"], reply["error"]) == ("ENTER_PIN", error)
    assert reply["reader"]["card"]["retryCounter"] == 3
    client.close()


def test_basic_reader_change_pin_and_new_pin_rules(endpoint: Endpoint) -> None:
    client, _ = start_scripted(endpoint, "good")
    assert client.request(cmd("SET_PIN", value="123456"))["msg"] == "ENTER_NEW_PIN"
    reply = client.request(cmd("SET_NEW_PIN", value="12345"))
    assert (reply["msg"], reply["error"]) == ("ENTER_NEW_PIN", "You must provide 6 digits")
    client.send(cmd("SET_NEW_PIN", value="246810"))
    reader, done = client.expect("READER", "CHANGE_PIN")
    assert (reader["card"], done["success"]) == (None, True)
    # the card now has the new PIN: the old one counts as wrong
    client.send(cmd("RUN_CHANGE_PIN"))
    client.expect("CHANGE_PIN", "READER", "ENTER_PIN")
    assert client.request(cmd("SET_PIN", value="123456"))["reader"]["card"]["retryCounter"] == 2
    assert client.request(cmd("SET_PIN", value="246810"))["msg"] == "ENTER_NEW_PIN"
    client.close()


def test_keypad_scripted_reader_takes_no_values(endpoint: Endpoint) -> None:
    client, enter = start_scripted(endpoint, "keypad")
    assert enter["reader"]["keypad"] is True
    reply = client.request(cmd("SET_PIN", value="123456"))
    assert reply["error"] == "Value cannot be defined"
    assert client.request(cmd("SET_PIN"))["msg"] == "ENTER_NEW_PIN"
    assert client.request(cmd("SET_NEW_PIN", value="111111"))["error"] == "Value cannot be defined"
    client.send(cmd("SET_NEW_PIN"))
    _, done = client.expect("READER", "CHANGE_PIN")
    assert done["success"] is True
    client.close()
