"""Secrets and the test person's data never reach the emulator's logs, not even at the
TRAFFIC level where every frame is logged."""

from __future__ import annotations

import logging

import pytest
import requests

from eid.emulator import EmulatorServer
from eid.emulator.protocol import TRAFFIC
from tests.emulator.client import SdkClient, cmd
from tests.emulator.conftest import HTTP_TIMEOUT_S, Endpoint

SECRETS = ("123456", "654321", "1234567890", "000000", "975310")
PERSON = ("ERIKA", "MUSTERMANN", "GABLER", "HEIDESTRA", "51147", "1964-08-12", "02760503150000")


def test_nothing_secret_or_personal_in_the_logs(
    caplog: pytest.LogCaptureFixture, server: EmulatorServer, inproc: Endpoint
) -> None:
    caplog.set_level(1)  # everything, TRAFFIC included
    server.set_card("wrong-pin")
    client = SdkClient(server.url)
    client.send(cmd("RUN_AUTH", tcTokenURL=server.self_auth_tc_token_url))
    client.until("ACCESS_RIGHTS")
    client.request(cmd("SET_ACCESS_RIGHTS", chat=["BirthName"]))
    client.send(cmd("ACCEPT"))
    client.until("ENTER_PIN")
    assert client.request(cmd("SET_PIN", value="000000"))["msg"] == "ENTER_PIN"
    assert client.request(cmd("SET_PIN", value="000000"))["msg"] == "ENTER_CAN"
    assert client.request(cmd("SET_CAN", value="654321"))["msg"] == "ENTER_PIN"
    assert client.request(cmd("SET_PIN", value="000000"))["msg"] == "ENTER_PUK"
    assert client.request(cmd("SET_PUK", value="1234567890"))["msg"] == "ENTER_PIN"
    client.send('{"cmd": "SET_PIN", "value": "123456"')  # broken JSON with a PIN inside
    assert client.recv()["msg"] == "INVALID"
    client.send(cmd("SET_PIN", value="123456"))
    _, final = client.until("AUTH")
    data = requests.get(final["url"], timeout=HTTP_TIMEOUT_S).json()
    assert data["PersonalData"]["GivenNames"] == "ERIKA"  # the data did flow ...
    client.close()
    traffic = [r for r in caplog.records if r.levelno == TRAFFIC]
    assert any('"SET_PIN"' in r.getMessage() for r in traffic)  # ... and frames were logged
    text = "\n".join(r.getMessage() for r in caplog.records)
    for value in SECRETS + PERSON:
        assert value not in text, value


def test_traffic_level_is_below_debug() -> None:
    assert TRAFFIC < logging.DEBUG
    assert logging.getLevelName(TRAFFIC) == "TRAFFIC"
